//! One statement, tokenised once by sqlparser's tokenizer and parsed from those tokens: the significant
//! tokens with byte offsets (for exact positions and token-level rules) and the AST when it parsed.

use sqlparser::ast::Statement;
use sqlparser::dialect::{GenericDialect, MySqlDialect, OracleDialect, PostgreSqlDialect};
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer};

use crate::config::Dialect;

/// How deep the parser may nest before it gives up (sqlparser's own default; a parse finding beyond it).
pub const RECURSION_LIMIT: usize = 50;

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

impl Stmt {
    /// Tokenises and parses `text`.
    pub fn new(text: String, dialect: Dialect) -> Stmt {
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
                    error: Some(ParseError { message, at }),
                    tokenized: false,
                };
            }
        };
        // The parser borrows nothing and gives its token buffer back: the significant tokens are moved out
        // of it afterwards rather than cloned before.
        let (ast, error, tokens) = parse(d, &text, tokens);
        let toks = significant(&text, tokens);
        Stmt { text, toks, ast, error, tokenized: true }
    }

    /// The first token's upper-case word (`SELECT`, `CREATE`…), or "".
    pub fn verb(&self) -> String {
        self.toks.first().and_then(Tok::word).map(str::to_ascii_uppercase).unwrap_or_default()
    }

    /// Index of the first token at depth 0 after `from` that is the word `kw`.
    pub fn find_top(&self, from: usize, kw: &str) -> Option<usize> {
        self.toks.iter().enumerate().skip(from).find(|(_, t)| t.depth == 0 && t.is(kw)).map(|(i, _)| i)
    }
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
            }),
        ),
        Err(ParserError::ParserError(m) | ParserError::TokenizerError(m)) => {
            let at = error_position(text, &m);
            let message = m.split(" at Line: ").next().unwrap_or(&m).trim().to_string();
            (None, Some(ParseError { message, at }))
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
}
