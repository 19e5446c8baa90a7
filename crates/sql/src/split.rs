//! Our own statement splitter (sql.md §4.1): it cuts a script into statements with their exact byte ranges,
//! surviving quotes, comments, `DELIMITER` changes, procedure bodies, Oracle `/` lines and Postgres
//! dollar-quoted bodies, so that one bad statement never hides the rest and every finding has a position.

use precheck_core::text::{ceil_char_boundary, floor_char_boundary};

use crate::config::Dialect;

/// One statement of a script: its byte range in the text (leading blanks and comments skipped, the
/// terminator excluded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub start: usize,
    pub end: usize,
}

impl Piece {
    /// The statement's start and text in `text`, the script it was split from. The splitter works on bytes;
    /// the range is widened to char boundaries so that a cut inside a character could never panic.
    pub fn text_in<'a>(&self, text: &'a str) -> (usize, &'a str) {
        let start = floor_char_boundary(text, self.start);
        let end = ceil_char_boundary(text, self.end).max(start);
        (start, text.get(start..end).unwrap_or_default())
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// How a statement ends, decided by its first words.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Not decided yet: too few words seen.
    Open,
    Plain,
    /// A stored-program body: `;` inside BEGIN … END does not end the statement.
    Block,
}

const BLOCK_OBJECTS: &[&str] = &["PROCEDURE", "FUNCTION", "TRIGGER", "EVENT", "PACKAGE", "TYPE"];

/// Splits `text` into statements.
pub fn split(text: &str, dialect: Dialect) -> Vec<Piece> {
    let b = text.as_bytes();
    let n = b.len();
    let mut out = Vec::new();
    let mut delim: Vec<u8> = b";".to_vec();
    let mut i = 0;
    let mut start: Option<usize> = None;
    let mut last_content = 0;
    let mut words: Vec<String> = Vec::new();
    let mut mode = Mode::Open;
    let mut depth: i32 = 0;
    let mysql = dialect == Dialect::MySql;
    let backslash = matches!(dialect, Dialect::MySql | Dialect::Generic);
    let mut head = LineHead::default();
    while i < n {
        let c = b[i];
        let at_line_start = i == 0 || b[i - 1] == b'\n';
        // `DELIMITER xx` lines of the mysql client, only between statements.
        if start.is_none() && at_line_start || start.is_none() && head.blank_before(b, i) {
            if let Some((new, next)) = delimiter_line(b, i) {
                delim = new;
                i = next;
                continue;
            }
        }
        // Oracle: a line with only `/` ends the statement (and is the only end of a PL/SQL block).
        if dialect == Dialect::Oracle && at_line_start && c == b'/' && rest_of_line_blank(b, i + 1) {
            if let Some(s) = start.take() {
                out.push(Piece { start: s, end: last_content });
            }
            words.clear();
            mode = Mode::Open;
            depth = 0;
            i = line_end(b, i);
            continue;
        }
        match c {
            b'\'' | b'"' | b'`' => {
                start.get_or_insert(i);
                i = skip_quoted(b, i, c, backslash && c != b'`');
                last_content = i;
                continue;
            }
            b'-' if b.get(i + 1) == Some(&b'-') && (!mysql || b.get(i + 2).is_none_or(|x| x.is_ascii_whitespace())) => {
                i = line_end(b, i);
                continue;
            }
            b'#' if mysql => {
                i = line_end(b, i);
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = match memchr::memmem::find(&b[i + 2..], b"*/") {
                    Some(k) => i + 2 + k + 2,
                    None => n,
                };
                continue;
            }
            b'$' if dialect == Dialect::Postgres => {
                if let Some(end) = dollar_body(b, i) {
                    start.get_or_insert(i);
                    i = end;
                    last_content = i;
                    continue;
                }
            }
            _ => {}
        }
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        // The delimiter ends a statement unless a stored-program body is open.
        if b[i..].starts_with(&delim) && !(mode == Mode::Block && depth > 0 && delim == b";") {
            let oracle_block = dialect == Dialect::Oracle && mode == Mode::Block;
            if !oracle_block {
                if let Some(s) = start.take() {
                    out.push(Piece { start: s, end: last_content });
                }
                words.clear();
                mode = Mode::Open;
                depth = 0;
                i += delim.len();
                continue;
            }
        }
        start.get_or_insert(i);
        if is_word_byte(c) && (i == 0 || !is_word_byte(b[i - 1])) {
            let mut j = i;
            while j < n && is_word_byte(b[j]) {
                j += 1;
            }
            #[allow(
                clippy::string_slice,
                reason = "`b[i]` follows a byte below 0x80 (or starts the text), so it starts a character; `j` is \
                          the end or a byte below 0x80"
            )]
            let word = &text[i..j];
            match mode {
                Mode::Open => {
                    let up = word.to_ascii_uppercase();
                    if words.is_empty() && (up == "DECLARE" || up == "BEGIN") && dialect == Dialect::Oracle {
                        mode = Mode::Block;
                        depth = i32::from(up == "BEGIN");
                    } else if BLOCK_OBJECTS.contains(&up.as_str()) && words.first().is_some_and(|w| w == "CREATE") {
                        mode = Mode::Block;
                    } else if words.len() >= 6 || (words.is_empty() && up != "CREATE") {
                        mode = Mode::Plain;
                    }
                    words.push(up);
                }
                Mode::Block => {
                    if word.eq_ignore_ascii_case("BEGIN") || word.eq_ignore_ascii_case("CASE") {
                        depth += 1;
                    } else if word.eq_ignore_ascii_case("END") {
                        let next = next_word(text, j);
                        let closes_other =
                            ["IF", "LOOP", "WHILE", "REPEAT"].iter().any(|w| next.eq_ignore_ascii_case(w));
                        if !closes_other {
                            depth = (depth - 1).max(0);
                        }
                    }
                }
                Mode::Plain => {}
            }
            i = j;
            last_content = j;
            continue;
        }
        i += 1;
        last_content = i;
    }
    if let Some(s) = start {
        out.push(Piece { start: s, end: last_content.max(s) });
    }
    out
}

/// Whether only spaces and tabs precede byte `i` on its line. Asked for increasing `i` only, it reads each byte
/// once: asking from scratch scanned back to the line start every time, quadratic on one long line of `;`
/// (400,000 took 22 s).
#[derive(Default)]
struct LineHead {
    /// Bytes before this were read.
    read: usize,
    /// Whether a byte other than a space or a tab was read since the last line start.
    seen: bool,
}

impl LineHead {
    fn blank_before(&mut self, b: &[u8], i: usize) -> bool {
        let from = self.read.min(i);
        let mut scan = from;
        if let Some(k) = memchr::memrchr(b'\n', &b[from..i]) {
            scan = from + k + 1;
            self.seen = false;
        }
        if !self.seen {
            self.seen = b[scan..i].iter().any(|x| *x != b' ' && *x != b'\t');
        }
        self.read = i;
        !self.seen
    }
}

#[allow(
    clippy::string_slice,
    reason = "`from` ends a word: the end of the text or a byte below 0x80 (`is_word_byte`); `end` is a `find`"
)]
fn next_word(text: &str, from: usize) -> &str {
    let rest = text[from..].trim_start();
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
    &rest[..end]
}

fn line_end(b: &[u8], i: usize) -> usize {
    memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |k| i + k)
}

fn rest_of_line_blank(b: &[u8], i: usize) -> bool {
    b[i..line_end(b, i)].iter().all(u8::is_ascii_whitespace)
}

/// `DELIMITER xx` at `i`: the new delimiter and where the next line starts.
fn delimiter_line(b: &[u8], i: usize) -> Option<(Vec<u8>, usize)> {
    const KW: &[u8] = b"delimiter";
    if b.len() < i + KW.len() + 2 || !b[i..i + KW.len()].eq_ignore_ascii_case(KW) {
        return None;
    }
    let rest = &b[i + KW.len()..line_end(b, i)];
    if !rest.first().is_some_and(|c| *c == b' ' || *c == b'\t') {
        return None;
    }
    let value: Vec<u8> =
        rest.iter().copied().skip_while(u8::is_ascii_whitespace).take_while(|c| !c.is_ascii_whitespace()).collect();
    if value.is_empty() {
        return None;
    }
    Some((value, line_end(b, i)))
}

/// Skips a quoted string or identifier starting at `i`; doubled quotes (and backslashes where the dialect
/// has them) escape. Unterminated: the end of the text.
fn skip_quoted(b: &[u8], i: usize, q: u8, backslash: bool) -> usize {
    let mut j = i + 1;
    while j < b.len() {
        let c = b[j];
        if backslash && c == b'\\' {
            j += 2;
            continue;
        }
        if c == q {
            if b.get(j + 1) == Some(&q) {
                j += 2;
                continue;
            }
            return j + 1;
        }
        j += 1;
    }
    b.len()
}

/// A Postgres `$tag$ … $tag$` body starting at `i`: its end, or `None` when `$` starts no tag.
fn dollar_body(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
        j += 1;
    }
    if b.get(j) != Some(&b'$') || (j > i + 1 && b[i + 1].is_ascii_digit()) {
        return None;
    }
    let tag = &b[i..=j];
    Some(match memchr::memmem::find(&b[j + 1..], tag) {
        Some(k) => j + 1 + k + tag.len(),
        None => b.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sql: &str, d: Dialect) -> Vec<&str> {
        split(sql, d).into_iter().map(|p| p.text_in(sql).1).collect()
    }

    #[test]
    fn pieces_start_and_end_at_char_boundaries() {
        let sql = "SELECT '档\\案' 中文;\nUPDATE 表 SET 名 = 1 -- 注释;\n;";
        assert_eq!(texts(sql, Dialect::MySql), vec!["SELECT '档\\案' 中文", "UPDATE 表 SET 名 = 1"]);
        // A delimiter that is a CJK character, followed by another one.
        let sql = "DELIMITER 中\nSELECT 1 中文中SELECT 2 中";
        assert_eq!(texts(sql, Dialect::MySql), vec!["SELECT 1", "文", "SELECT 2"]);
        assert!(
            split(sql, Dialect::MySql).iter().all(|p| sql.is_char_boundary(p.start) && sql.is_char_boundary(p.end))
        );
        // A range that would cut a character is widened to it.
        assert_eq!(Piece { start: 1, end: 4 }.text_in("档案"), (0, "档案"));
    }

    #[test]
    fn quotes_and_comments_do_not_split() {
        let sql = "select ';' from t; -- a; comment\n/* x; */ select \"a;b\", `c;d` from u # e;\n;";
        assert_eq!(texts(sql, Dialect::MySql), vec!["select ';' from t", "select \"a;b\", `c;d` from u"]);
    }

    #[test]
    fn delimiter_and_procedure_bodies() {
        let sql = "DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$\nDELIMITER ;\nSELECT 2;";
        assert_eq!(texts(sql, Dialect::MySql), vec!["CREATE PROCEDURE p() BEGIN SELECT 1; END", "SELECT 2"]);
        let sql = "CREATE PROCEDURE p() BEGIN IF x THEN SELECT 1; END IF; END;\nSELECT 2;";
        assert_eq!(
            texts(sql, Dialect::MySql),
            vec!["CREATE PROCEDURE p() BEGIN IF x THEN SELECT 1; END IF; END", "SELECT 2"]
        );
    }

    #[test]
    fn oracle_slash_and_postgres_dollar() {
        let sql = "BEGIN\n  x := 1;\nEND;\n/\nSELECT 1 FROM dual;";
        assert_eq!(texts(sql, Dialect::Oracle), vec!["BEGIN\n  x := 1;\nEND;", "SELECT 1 FROM dual"]);
        let sql = "CREATE FUNCTION f() RETURNS int AS $b$ select 1; $b$ LANGUAGE sql; SELECT 2;";
        assert_eq!(texts(sql, Dialect::Postgres).len(), 2);
    }

    #[test]
    fn unterminated_quote_runs_to_the_end() {
        assert_eq!(
            texts("SELECT 1; SELECT 'abc; SELECT 2;", Dialect::MySql),
            vec!["SELECT 1", "SELECT 'abc; SELECT 2;"]
        );
    }

    #[test]
    fn delimiter_lines_after_blanks_only() {
        let sql = "  DELIMITER $$\nSELECT 1$$\n";
        assert_eq!(texts(sql, Dialect::MySql), vec!["SELECT 1"]);
        // After a `;` on the same line it is a statement, not the client's command.
        let sql = ";;; DELIMITER $$\nSELECT 1;\n";
        assert_eq!(texts(sql, Dialect::MySql), vec!["DELIMITER $$\nSELECT 1"]);
        let sql = format!("{}\n\t DELIMITER //\nSELECT 2//", ";".repeat(10_000));
        assert_eq!(texts(&sql, Dialect::MySql), vec!["SELECT 2"]);
    }
}
