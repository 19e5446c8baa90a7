//! One statement, tokenised once by sqlparser's tokenizer and parsed from those tokens: the significant
//! tokens with byte offsets (for exact positions and token-level rules) and the AST when it parsed.

use sqlparser::ast::Statement;
use sqlparser::dialect::{GenericDialect, MsSqlDialect, MySqlDialect, OracleDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer};

use crate::config::Dialect;

/// How deep the parser may nest before it gives up (sqlparser's own default; a parse finding beyond it).
pub const RECURSION_LIMIT: usize = 50;

/// The most tokens a statement may have to be tokenised and parsed, estimated from its text before either
/// (issue 22). A token costs up to about 400 bytes of token lists and tree, so this keeps one statement under
/// about 40 MB: a 9 MB single INSERT took 3.1 GB. A statement over it is reported (SQL190), not reviewed.
pub const MAX_TOKENS: usize = 100_000;

/// The most tokens a statement may have counting whitespace (the tokenizer makes one per blank character, 88
/// bytes each, before the significant ones are kept).
pub const MAX_ALL_TOKENS: usize = 4 * MAX_TOKENS;

/// The most operators (`+`, `AND`, `||`, `::`, `UNION`…) one expression may chain, counted from the open
/// parentheses outwards and restarted at each comma or `;` (issue 22). The parser reads a chain in a loop but
/// builds a tree one level deeper per operator, which every walk of the tree (dropping it included) recurses
/// through: 50,000 `+1` overflowed the stack. A statement over it is not parsed (SQL190); its token-level
/// rules still run.
pub const MAX_CHAIN: usize = 3_000;

/// A significant token (no whitespace or comment) with its byte range in the statement text.
#[derive(Clone, Debug)]
pub struct Tok {
    pub t: Token,
    pub start: usize,
    pub end: usize,
    /// Parenthesis depth at the token (the parenthesis itself counts outside).
    pub depth: u32,
}

impl Tok {
    /// Whether the token is the unquoted word `kw` (ASCII case-insensitive).
    pub fn is(&self, kw: &str) -> bool {
        matches!(&self.t, Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(kw))
    }

    /// The word's value, quoted or not.
    pub fn word(&self) -> Option<&str> {
        match &self.t {
            Token::Word(w) => Some(&w.value),
            _ => None,
        }
    }

    pub fn quoted(&self) -> bool {
        matches!(&self.t, Token::Word(w) if w.quote_style.is_some())
    }

    /// A string literal's value.
    pub fn string(&self) -> Option<&str> {
        match &self.t {
            Token::SingleQuotedString(s) | Token::DoubleQuotedString(s) | Token::NationalStringLiteral(s) => Some(s),
            _ => None,
        }
    }
}

/// Why a statement was not reviewed by the AST rules.
#[derive(Clone, Debug)]
pub struct ParseError {
    pub message: String,
    /// Byte offset in the statement text.
    pub at: usize,
    /// The statement was not given to the parser (or not even tokenised): it is over a bound of
    /// [`MAX_TOKENS`] or [`MAX_CHAIN`], and `message` says which.
    pub limit: bool,
}

/// One statement: text, tokens, AST.
#[derive(Debug)]
pub struct Stmt {
    pub text: String,
    pub toks: Vec<Tok>,
    pub ast: Option<Statement>,
    pub error: Option<ParseError>,
    /// Whether tokenising succeeded (token-level rules need it).
    pub tokenized: bool,
}

fn dialect_of(d: Dialect) -> &'static dyn sqlparser::dialect::Dialect {
    match d {
        Dialect::MySql => &MySqlDialect {},
        Dialect::Oracle => &OracleDialect {},
        Dialect::Postgres => &PostgreSqlDialect {},
        Dialect::SqlServer => &MsSqlDialect {},
        Dialect::Sqlite => &SQLiteDialect {},
        Dialect::Generic => &GenericDialect {},
    }
}

/// Byte offset of 1-based (line, column in chars) in `text`, scanning forward from a cursor so that a
/// whole statement costs one pass.
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
    line: u64,
    col: u64,
}

impl Cursor<'_> {
    fn seek(&mut self, line: u64, col: u64) -> usize {
        if (line, col) < (self.line, self.col) {
            self.pos = 0;
            self.line = 1;
            self.col = 1;
        }
        let b = self.text.as_bytes();
        while self.line < line && self.pos < b.len() {
            match memchr::memchr(b'\n', &b[self.pos..]) {
                Some(k) => {
                    self.pos += k + 1;
                    self.line += 1;
                    self.col = 1;
                }
                None => {
                    self.pos = b.len();
                }
            }
        }
        while self.col < col && self.pos < b.len() && b[self.pos] != b'\n' {
            #[allow(
                clippy::string_slice,
                reason = "`pos` starts at 0 and only moves past a `\\n` or over a whole character, as here"
            )]
            let ch = self.text[self.pos..].chars().next().map_or(1, char::len_utf8);
            self.pos += ch;
            self.col += 1;
        }
        self.pos
    }
}

/// Line/column (1-based) → byte offset, for parser error positions.
pub fn offset_of(text: &str, line: u64, col: u64) -> usize {
    Cursor { text, pos: 0, line: 1, col: 1 }.seek(line, col)
}

/// `ALTER TABLE t <word>` specifications the parser does not model (table options, partition maintenance).
const ALTER_TABLE_SPECS: &[&str] = &[
    "COMMENT",
    "ENGINE",
    "DEFAULT",
    "CHARSET",
    "CHARACTER",
    "COLLATE",
    "AUTO_INCREMENT",
    "ROW_FORMAT",
    "TRUNCATE",
    "COALESCE",
    "REORGANIZE",
    "EXCHANGE",
    "ANALYZE",
    "CHECK",
    "OPTIMIZE",
    "REBUILD",
    "REPAIR",
    "REMOVE",
    "DISCARD",
    "IMPORT",
    "ALGORITHM",
    "LOCK",
    "FORCE",
    "CONVERT",
];

/// `COMMENT "text"`: MySQL reads a double-quoted string as a string (unless `ANSI_QUOTES`), the parser wants a
/// single-quoted one there.
fn comment_strings_in_double_quotes(tokens: &mut [TokenWithSpan]) {
    let mut after_comment = false;
    for t in tokens.iter_mut() {
        match &t.token {
            Token::Whitespace(_) => continue,
            Token::Eq if after_comment => continue,
            Token::DoubleQuotedString(s) if after_comment => t.token = Token::SingleQuotedString(s.clone()),
            _ => {}
        }
        after_comment =
            matches!(&t.token, Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case("COMMENT"));
    }
}

/// `!expr`: MySQL's prefix logical NOT (`WHERE !(a OR b)`), which the parser does not read in the MySQL
/// dialect. MySQL has no other use of a lone `!` (`!=` is one token), so the token becomes `NOT` at the same
/// span. `!` binds tighter than `NOT`; that changes no rule, which read the operands, not the value.
fn bang_as_not(tokens: &mut [TokenWithSpan]) {
    for t in tokens.iter_mut() {
        if t.token == Token::ExclamationMark {
            t.token = Token::make_keyword("NOT");
        }
    }
}

/// DB2's LOB column option `INLINE LENGTH n` (`content CLOB(65536) INLINE LENGTH 2048`): storage, not type,
/// and unknown to every dialect of the parser, so it is blanked (its tokens become spaces) before parsing.
/// The words are not reserved, so the option is recognised only as `INLINE LENGTH <number>`.
fn inline_length_blanked(tokens: &mut [TokenWithSpan]) {
    let sig: Vec<usize> = (0..tokens.len()).filter(|&i| !matches!(tokens[i].token, Token::Whitespace(_))).collect();
    let word = |t: &Token, kw: &str| matches!(t, Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(kw));
    for w in sig.windows(3) {
        let [a, b, c] = [w[0], w[1], w[2]];
        if word(&tokens[a].token, "INLINE")
            && word(&tokens[b].token, "LENGTH")
            && matches!(tokens[c].token, Token::Number(..))
        {
            for t in &mut tokens[a..=c] {
                t.token = Token::Whitespace(sqlparser::tokenizer::Whitespace::Space);
            }
        }
    }
}

/// Whether a statement the parser refused is one of MySQL's own that it does not model (sql.md §2, token
/// fallbacks): account management, table maintenance, table options in `ALTER TABLE`, `ALTER DATABASE`,
/// `TRUNCATE … PARTITION`. Such a statement is valid; what the rules need from it is in its tokens.
fn mysql_beyond_the_parser(toks: &[Tok]) -> bool {
    let word = |i: usize| toks.get(i).and_then(Tok::word).map(str::to_ascii_uppercase).unwrap_or_default();
    let first = word(0);
    match first.as_str() {
        "GRANT" | "REVOKE" | "FLUSH" | "OPTIMIZE" | "ANALYZE" | "REPAIR" | "CHECKSUM" | "INSTALL" | "UNINSTALL" => true,
        // Stored programs (`CREATE [DEFINER = x] PROCEDURE … BEGIN … END`), which the parser reads only in
        // part, and account management.
        "CREATE" => {
            let programs = ["PROCEDURE", "FUNCTION", "TRIGGER", "EVENT"];
            let named = |k: usize| programs.contains(&word(k).as_str());
            // `CREATE PROCEDURE`, or after `DEFINER = user` / `OR REPLACE` / `AGGREGATE`.
            let program = named(1) || ["DEFINER", "OR", "AGGREGATE"].contains(&word(1).as_str()) && (2..12).any(named);
            program || word(1) == "USER" || word(1) == "ROLE" || long_varchar(toks)
        }
        "DROP" | "RENAME" => word(1) == "USER" || word(1) == "ROLE",
        "ALTER" => match word(1).as_str() {
            "USER" | "DATABASE" | "SCHEMA" | "EVENT" | "INSTANCE" => true,
            // `ALTER TABLE t COMMENT 'x'`, `ALTER TABLE t COLLATE x, MODIFY …`: the first specification after
            // the (possibly qualified) table name.
            "TABLE" => {
                let mut i = 3;
                while toks.get(i).is_some_and(|t| t.t == Token::Period) {
                    i += 2;
                }
                // Or any later specification: `MODIFY …, COMMENT = 'x'`.
                let later = toks.iter().enumerate().skip(i).filter(|(_, t)| t.depth == 0 && t.t == Token::Comma);
                let spec_beyond = |k: usize| {
                    let w = word(k);
                    // `ADD [COLUMN] (a …, b …)`
                    let add_group = w == "ADD" && {
                        let g = if word(k + 1) == "COLUMN" { k + 2 } else { k + 1 };
                        toks.get(g).is_some_and(|t| t.t == Token::LParen)
                    };
                    add_group || ALTER_TABLE_SPECS.contains(&w.as_str())
                };
                std::iter::once(i).chain(later.map(|(k, _)| k + 1)).any(spec_beyond) || long_varchar(toks)
            }
            _ => false,
        },
        "TRUNCATE" => toks.iter().any(|t| t.is("PARTITION")),
        _ => false,
    }
}

/// MySQL's `LONG VARCHAR` / `LONG VARBINARY` (MEDIUMTEXT / MEDIUMBLOB), unknown to the parser.
fn long_varchar(toks: &[Tok]) -> bool {
    toks.windows(2).any(|w| w[0].is("LONG") && (w[1].is("VARCHAR") || w[1].is("VARBINARY")))
}

impl Stmt {
    /// Tokenises and parses `text`, within [`MAX_TOKENS`] and [`MAX_CHAIN`].
    pub fn new(text: String, dialect: Dialect) -> Stmt {
        let (sig, all) = estimate_tokens(&text);
        if sig > MAX_TOKENS || all > MAX_ALL_TOKENS {
            let message = if sig > MAX_TOKENS {
                format!("it has over {MAX_TOKENS} tokens, more than precheck parses in bounded memory")
            } else {
                format!("it has over {MAX_ALL_TOKENS} tokens and blanks, more than precheck reads in bounded memory")
            };
            let error = Some(ParseError { message, at: 0, limit: true });
            return Stmt { text, toks: Vec::new(), ast: None, error, tokenized: false };
        }
        let d = dialect_of(dialect);
        let tokens = match Tokenizer::new(d, &text).with_unescape(false).tokenize_with_location() {
            Ok(t) => t,
            Err(e) => {
                let at = offset_of(&text, e.location.line, e.location.column);
                let message = e.message.clone();
                return Stmt {
                    text,
                    toks: Vec::new(),
                    ast: None,
                    error: Some(ParseError { message, at, limit: false }),
                    tokenized: false,
                };
            }
        };
        // The estimate is above the real count; should a dialect ever tokenise finer, the real count decides.
        if tokens.iter().filter(|t| !matches!(t.token, Token::Whitespace(_))).count() > MAX_TOKENS {
            let message = format!("it has over {MAX_TOKENS} tokens, more than precheck parses in bounded memory");
            let error = Some(ParseError { message, at: 0, limit: true });
            return Stmt { text, toks: Vec::new(), ast: None, error, tokenized: false };
        }
        if let Some(error) = too_deep(&text, &tokens) {
            let toks = significant(&text, tokens);
            return Stmt { text, toks, ast: None, error: Some(error), tokenized: true };
        }
        // The parser borrows nothing and gives its token buffer back: the significant tokens are moved out
        // of it afterwards rather than cloned before.
        let mut tokens = tokens;
        if dialect == Dialect::MySql {
            comment_strings_in_double_quotes(&mut tokens);
            bang_as_not(&mut tokens);
        }
        inline_length_blanked(&mut tokens);
        let (ast, mut error, tokens) = parse(d, &text, tokens);
        let toks = significant(&text, tokens);
        if error.is_some() && dialect == Dialect::MySql && mysql_beyond_the_parser(&toks) {
            // Valid MySQL the parser does not model: the token-level rules still read it.
            error = None;
        }
        Stmt { text, toks, ast, error, tokenized: true }
    }

    /// The first token's upper-case word (`SELECT`, `CREATE`…), or "".
    pub fn verb(&self) -> String {
        self.toks.first().and_then(Tok::word).map(str::to_ascii_uppercase).unwrap_or_default()
    }

    /// The statement's first word, upper-case, from its tokens or, when it was not tokenised, its text.
    pub fn first_word(&self) -> String {
        if self.tokenized {
            return self.verb();
        }
        let t = self.text.trim_start();
        let end = t.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(t.len());
        t.get(..end.min(16)).unwrap_or_default().to_ascii_uppercase()
    }

    /// Index of the first token at depth 0 after `from` that is the word `kw`.
    pub fn find_top(&self, from: usize, kw: &str) -> Option<usize> {
        self.toks.iter().enumerate().skip(from).find(|(_, t)| t.depth == 0 && t.is(kw)).map(|(i, _)| i)
    }
}

/// An upper estimate of the tokens sqlparser's tokenizer makes of `text`, from its bytes, before it allocates
/// them: (significant tokens, all tokens with whitespace). Every whitespace and punctuation character counts
/// as one token, a number (`12.5`) as one, a word (a letter, then letters, ASCII digits and `_`: what every
/// dialect reads as one identifier) as one, and the insides of quotes and comments as if they were code, so
/// that whatever a dialect's quoting rules, every real token starts where a counted one does. It stops
/// counting past the bounds.
pub fn estimate_tokens(text: &str) -> (usize, usize) {
    let (mut sig, mut all) = (0usize, 0usize);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if sig > MAX_TOKENS || all > MAX_ALL_TOKENS {
            break;
        }
        all += 1;
        if c.is_ascii_whitespace() {
            continue;
        }
        sig += 1;
        if c.is_ascii_digit() {
            while chars.next_if(char::is_ascii_digit).is_some() {}
            if chars.next_if_eq(&'.').is_some() {
                while chars.next_if(char::is_ascii_digit).is_some() {}
            }
        } else if c.is_alphabetic() {
            while chars.next_if(|c| c.is_alphabetic() || c.is_ascii_digit() || *c == '_').is_some() {}
        }
    }
    (sig, all)
}

/// Whether a token can chain one more level onto an expression tree: an operator symbol, or one of the
/// operator keywords. Anything sqlparser may add later counts too (the bound errs on the safe side).
fn chains(t: &Token) -> bool {
    const WORDS: &[&str] = &[
        "AND",
        "OR",
        "XOR",
        "NOT",
        "IS",
        "IN",
        "LIKE",
        "ILIKE",
        "RLIKE",
        "REGEXP",
        "SIMILAR",
        "BETWEEN",
        "DIV",
        "MOD",
        "COLLATE",
        "AT",
        "OVERLAPS",
        "SOUNDS",
        "MEMBER",
        "ESCAPE",
        "OPERATOR",
        "UNION",
        "INTERSECT",
        "EXCEPT",
        "MINUS",
    ];
    match t {
        Token::Word(w) => w.quote_style.is_none() && WORDS.iter().any(|k| w.value.eq_ignore_ascii_case(k)),
        Token::EOF
        | Token::Whitespace(_)
        | Token::Number(..)
        | Token::Char(_)
        | Token::SingleQuotedString(_)
        | Token::DoubleQuotedString(_)
        | Token::TripleSingleQuotedString(_)
        | Token::TripleDoubleQuotedString(_)
        | Token::DollarQuotedString(_)
        | Token::SingleQuotedByteStringLiteral(_)
        | Token::DoubleQuotedByteStringLiteral(_)
        | Token::TripleSingleQuotedByteStringLiteral(_)
        | Token::TripleDoubleQuotedByteStringLiteral(_)
        | Token::SingleQuotedRawStringLiteral(_)
        | Token::DoubleQuotedRawStringLiteral(_)
        | Token::TripleSingleQuotedRawStringLiteral(_)
        | Token::TripleDoubleQuotedRawStringLiteral(_)
        | Token::NationalStringLiteral(_)
        | Token::QuoteDelimitedStringLiteral(_)
        | Token::NationalQuoteDelimitedStringLiteral(_)
        | Token::EscapedStringLiteral(_)
        | Token::UnicodeStringLiteral(_)
        | Token::HexStringLiteral(_)
        | Token::Placeholder(_)
        | Token::Comma
        | Token::SemiColon
        | Token::LParen
        | Token::RParen
        | Token::LBracket
        | Token::RBracket
        | Token::LBrace
        | Token::RBrace
        | Token::Period
        | Token::Colon
        | Token::Backslash
        | Token::AtSign
        | Token::CopyData { .. } => false,
        _ => true,
    }
}

/// The pre-scan that bounds what reaches the parser: parentheses nested deeper than [`RECURSION_LIMIT`] (the
/// parser would refuse them; some of its paths recurse without counting), and operator chains longer than
/// [`MAX_CHAIN`]. A chain's length is the operators since the last comma or `;` at each open parenthesis
/// level, summed over the levels: an upper bound on the depth of the tree the parser would build.
fn too_deep(text: &str, tokens: &[TokenWithSpan]) -> Option<ParseError> {
    // Per open level: operators since its last comma (`ops`) and set operators, which commas do not restart.
    let mut levels: Vec<(usize, usize)> = vec![(0, 0)];
    let mut total = 0usize;
    for t in tokens {
        match &t.token {
            Token::LParen => {
                if levels.len() > RECURSION_LIMIT {
                    let message = format!("nesting is deeper than the parser's limit ({RECURSION_LIMIT})");
                    return Some(ParseError { message, at: 0, limit: false });
                }
                levels.push((0, 0));
            }
            Token::RParen if levels.len() > 1 => {
                if let Some((ops, sets)) = levels.pop() {
                    total -= ops + sets;
                }
            }
            Token::Comma | Token::SemiColon => {
                if let Some(level) = levels.last_mut() {
                    total -= level.0;
                    level.0 = 0;
                }
            }
            tok if chains(tok) => {
                let set = matches!(tok, Token::Word(w) if ["UNION", "INTERSECT", "EXCEPT", "MINUS"]
                    .iter()
                    .any(|k| w.value.eq_ignore_ascii_case(k)));
                if let Some(level) = levels.last_mut() {
                    if set { level.1 += 1 } else { level.0 += 1 }
                }
                total += 1;
                if total + levels.len() > MAX_CHAIN {
                    let at = offset_of(text, t.span.start.line, t.span.start.column);
                    let message = format!(
                        "an expression chains over {MAX_CHAIN} operators here, too deep to parse safely \
                         (the parser nests one level per operator); only its tokens were reviewed"
                    );
                    return Some(ParseError { message, at, limit: true });
                }
            }
            _ => {}
        }
    }
    None
}

fn significant(text: &str, tokens: Vec<TokenWithSpan>) -> Vec<Tok> {
    let mut cur = Cursor { text, pos: 0, line: 1, col: 1 };
    let mut out = Vec::with_capacity(tokens.len() / 2 + 1);
    let mut depth: u32 = 0;
    for t in tokens {
        if matches!(t.token, Token::Whitespace(_) | Token::EOF) {
            continue;
        }
        let start = cur.seek(t.span.start.line, t.span.start.column);
        let end = cur.seek(t.span.end.line, t.span.end.column).max(start);
        let d = match t.token {
            Token::LParen => {
                depth += 1;
                depth - 1
            }
            Token::RParen => {
                depth = depth.saturating_sub(1);
                depth
            }
            _ => depth,
        };
        out.push(Tok { t: t.token, start, end, depth: d });
    }
    out
}

fn parse(
    d: &dyn sqlparser::dialect::Dialect,
    text: &str,
    tokens: Vec<TokenWithSpan>,
) -> (Option<Statement>, Option<ParseError>, Vec<TokenWithSpan>) {
    let only_comments = tokens.iter().all(|t| matches!(t.token, Token::Whitespace(_) | Token::EOF | Token::SemiColon));
    if only_comments {
        return (None, None, tokens);
    }
    let mut parser = Parser::new(d).with_recursion_limit(RECURSION_LIMIT).with_tokens_with_locations(tokens);
    let result = parser.parse_statements();
    let (ast, error) = outcome(text, result);
    (ast, error, parser.into_tokens())
}

fn outcome(text: &str, result: Result<Vec<Statement>, ParserError>) -> (Option<Statement>, Option<ParseError>) {
    match result {
        Ok(mut list) if !list.is_empty() => (Some(list.swap_remove(0)), None),
        Ok(_) => (None, None),
        Err(ParserError::RecursionLimitExceeded) => (
            None,
            Some(ParseError {
                message: format!("nesting is deeper than the parser's limit ({RECURSION_LIMIT})"),
                at: 0,
                limit: false,
            }),
        ),
        Err(ParserError::ParserError(m) | ParserError::TokenizerError(m)) => {
            let at = error_position(text, &m);
            let message = m.split(" at Line: ").next().unwrap_or(&m).trim().to_string();
            (None, Some(ParseError { message, at, limit: false }))
        }
    }
}

/// The position sqlparser names in its message (`… at Line: 3, Column: 7`), as a byte offset.
fn error_position(text: &str, message: &str) -> usize {
    let Some(rest) = message.rsplit(" at Line: ").next().filter(|_| message.contains(" at Line: ")) else { return 0 };
    let mut parts = rest.split(", Column: ");
    let line = parts.next().and_then(|l| l.trim().parse::<u64>().ok());
    let col = parts.next().and_then(|c| c.trim().trim_end_matches(|ch: char| !ch.is_ascii_digit()).parse::<u64>().ok());
    match (line, col) {
        (Some(l), Some(c)) => offset_of(text, l, c).min(text.len()),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mysql_statements_beyond_the_parser_are_not_parse_errors() {
        for sql in [
            "DROP USER 'litemall'@'%'",
            "CREATE USER 'litemall'@'%' IDENTIFIED BY 'x'",
            "GRANT ALL PRIVILEGES ON litemall.* TO 'litemall'@'%'",
            "ALTER TABLE sys_user COMMENT '用户表'",
            "ALTER TABLE db.t COLLATE utf8mb4_bin, MODIFY a int",
            "ALTER TABLE `p` MODIFY COLUMN `name` varchar(100) NULL COMMENT 'x' AFTER `code`, COMMENT = 'y'",
            "ALTER DATABASE app CHARSET utf8mb4",
            "TRUNCATE TABLE t PARTITION p0",
            "CREATE TABLE x (id bigint, c varchar(10) COMMENT \"double quoted\") ENGINE=InnoDB",
            "ALTER TABLE x ADD COLUMN (a int, b int)",
            "ALTER TABLE x ADD COLUMN d LONG VARCHAR",
            "CREATE DEFINER=`root`@`%` PROCEDURE p1() BEGIN UPDATE t SET a = 1; SELECT 1; END",
        ] {
            let s = Stmt::new(sql.into(), Dialect::MySql);
            assert!(s.error.is_none() && s.tokenized, "{sql}: {:?}", s.error);
        }
        assert!(Stmt::new("ALTER TABLE t FROB x".into(), Dialect::MySql).error.is_some());
        assert!(Stmt::new("CREATE TABLE event (id int,)".into(), Dialect::MySql).error.is_some());
        assert!(Stmt::new("SELECT FROM WHERE".into(), Dialect::MySql).error.is_some());
    }

    #[test]
    fn dialect_forms_the_parser_lacks_are_read() {
        // MySQL's prefix `!` (xxl-job's XxlJobLogMapper.xml), and `!=` stays a comparison.
        let s = Stmt::new(
            "SELECT id FROM t WHERE !((a IN (0, 200) AND b = 0) OR b != 200) AND c = 0".into(),
            Dialect::MySql,
        );
        assert!(s.error.is_none(), "{:?}", s.error);
        assert!(s.toks.iter().any(|t| t.is("NOT")) && s.toks.iter().any(|t| t.t == Token::Neq));
        // DB2's `INLINE LENGTH n` on a LOB column (seata's saga scripts), in the generic dialect DB2 files get.
        let s = Stmt::new(
            "create table t (id bigint, content clob(65536) inline length 2048, primary key(id))".into(),
            Dialect::Generic,
        );
        assert!(s.error.is_none(), "{:?}", s.error);
        assert!(!s.toks.iter().any(|t| t.is("INLINE")));
        // Elsewhere the words are names.
        assert!(Stmt::new("SELECT inline, length FROM t".into(), Dialect::Generic).error.is_none());
    }

    #[test]
    fn tokens_carry_byte_offsets() {
        let s = Stmt::new("SELECT '中' ,\n  a FROM t".into(), Dialect::MySql);
        assert!(s.ast.is_some());
        let a = s.toks.iter().find(|t| t.is("a")).map(|t| (t.start, t.end));
        assert_eq!(a, Some((17, 18)));
    }

    #[test]
    fn errors_have_positions_and_deep_nesting_is_an_error() {
        let s = Stmt::new("SELECT a FROM WHERE".into(), Dialect::MySql);
        assert!(s.error.is_some());
        let deep = format!("SELECT {}1{}", "(".repeat(5000), ")".repeat(5000));
        let s = Stmt::new(deep, Dialect::MySql);
        assert!(s.error.is_some_and(|e| e.message.contains("nesting")));
        let s = Stmt::new("SELECT 'abc".into(), Dialect::MySql);
        assert!(!s.tokenized && s.error.is_some());
    }

    /// Runs `f` on a thread with a small stack: a walk that recursed once per operator would overflow it.
    fn on_small_stack(f: impl FnOnce() + Send + 'static) {
        let t = std::thread::Builder::new().stack_size(1 << 20).spawn(f).expect("thread");
        assert!(t.join().is_ok());
    }

    #[test]
    fn operator_chains_over_the_bound_are_not_parsed_and_report_where() {
        let n = MAX_CHAIN + 10;
        let chains = [
            format!("SELECT 1{}", "+1".repeat(n)),
            format!("SELECT * FROM t WHERE {}", vec!["a = 1"; n / 2 + 5].join(" AND ")),
            format!("SELECT 'a'{}", " || 'b'".repeat(n)),
            format!("SELECT 1{}", "::int".repeat(n)),
            vec!["SELECT 1, 2"; n].join(" UNION "),
            format!("INSERT INTO t (a) VALUES (1{})", "+1".repeat(n)),
            format!("SELECT ((((1{}))))", " OR 1".repeat(n)),
        ];
        for sql in chains {
            let head = sql.get(..20).unwrap_or_default().to_string();
            on_small_stack(move || {
                let s = Stmt::new(sql, Dialect::MySql);
                let e = s.error.as_ref().expect("refused");
                assert!(e.limit && e.message.contains("chains over"), "{head}: {e:?}");
                assert!(s.ast.is_none() && s.tokenized && !s.toks.is_empty(), "{head}");
                // The finding points at the operator that crossed the bound.
                assert!(e.at > 0 && s.text.is_char_boundary(e.at), "{head}");
            });
        }
    }

    #[test]
    fn chains_within_the_bound_parse_and_are_walked_on_a_small_stack() {
        on_small_stack(|| {
            let sql = format!("SELECT 1{}", "+1".repeat(MAX_CHAIN - 10));
            let s = Stmt::new(sql, Dialect::MySql);
            assert!(s.ast.is_some(), "{:?}", s.error);
            let sql = format!("DELETE FROM t WHERE {}", vec!["user_id = ?"; MAX_CHAIN / 2 - 10].join(" OR "));
            let s = Stmt::new(sql, Dialect::MySql);
            let ast = s.ast.as_ref().expect("parses");
            let shape = crate::routing::shape::Shape::of(ast, &s.text, (0, 0)).expect("dml");
            let bound = shape.selection.map(|e| crate::routing::shape::bind(e, "user_id", &|_| true));
            assert_eq!(bound, Some(crate::routing::shape::Bind::Values(MAX_CHAIN / 2 - 10)));
        });
    }

    #[test]
    fn deep_parentheses_are_refused_before_the_parser() {
        on_small_stack(|| {
            let sql = format!("SELECT * FROM {}t{}", "(".repeat(40_000), ")".repeat(40_000));
            let s = Stmt::new(sql, Dialect::MySql);
            assert!(s.error.is_some_and(|e| !e.limit && e.message.contains("nesting")));
        });
    }

    #[test]
    fn statements_over_the_token_bound_are_not_tokenised() {
        let sql = format!("INSERT INTO t VALUES ({})", vec!["1"; MAX_TOKENS].join(","));
        let s = Stmt::new(sql, Dialect::MySql);
        assert!(!s.tokenized && s.toks.is_empty() && s.ast.is_none());
        assert!(s.error.as_ref().is_some_and(|e| e.limit && e.message.contains("tokens")));
        assert_eq!(s.first_word(), "INSERT");
        // Blanks count too (the tokenizer makes one token per blank character).
        let s = Stmt::new(format!("SELECT 1{}", " ".repeat(MAX_ALL_TOKENS + 1)), Dialect::MySql);
        assert!(!s.tokenized && s.error.is_some_and(|e| e.limit));
        // Just under: parsed.
        let sql = format!("INSERT INTO t VALUES ({})", vec!["1"; MAX_TOKENS / 2 - 10].join(","));
        assert!(Stmt::new(sql, Dialect::MySql).ast.is_some());
    }

    #[test]
    fn the_token_estimate_is_never_below_the_tokenizer() {
        let samples = [
            "SELECT a.b, `c d`, \"e\" FROM t WHERE x = 'it''s' AND y <> 1.5e3 -- c\n/* d */ # e\n",
            "select 中文名, 档案_1 from 表 where 名 = '，' and a::int >= $1 || N'x' || X'0F' || 0x1F",
            "a$b$c @x @@y #z _q _ 1a 12.5.6 .5 1e 1e5 :name ?, ?; \\ [1] {2}",
            "q'[it's]' E'\\'' $tag$ x $tag$ U&'d' b'01' r'raw' '''triple'''",
            "\u{3000}\u{a0}x\r\n\ty",
        ];
        for sample in samples {
            for d in [Dialect::MySql, Dialect::Postgres, Dialect::Oracle, Dialect::Generic] {
                let Ok(tokens) = Tokenizer::new(dialect_of(d), sample).tokenize_with_location() else { continue };
                let sig = tokens.iter().filter(|t| !matches!(t.token, Token::Whitespace(_) | Token::EOF)).count();
                let (est_sig, est_all) = estimate_tokens(sample);
                assert!(sig <= est_sig, "{d:?} {sample}: {sig} > {est_sig}");
                assert!(tokens.len() - 1 <= est_all, "{d:?} {sample}: {} > {est_all}", tokens.len() - 1);
            }
        }
    }
}
