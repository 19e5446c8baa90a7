//! The Rust tokens both pre-scans fold over: [`depth`](super::depth) bounds the nesting syn will recurse
//! into, [`blank`](super::blank) finds the groups it may blank. One lexer, so that both skip the same comments
//! and literals, and read them as rustc does (`br"\"`, `'\''`, `r#"…"#`): a bracket inside a literal is no
//! bracket to either, and one outside is counted by the depth scan as syn will nest it.
//!
//! It is far from a full lexer: it tells apart what can hide a bracket, a quote or a word (comments, string
//! and char literals, lifetimes) from the brackets, punctuation bytes and words themselves, in one forward
//! pass over bytes (characters are decoded only outside ASCII). What an unterminated literal or comment means
//! is each pre-scan's to decide: blanking is unsure, the depth scan leaves it to syn.

/// One token; the iterator yields it with the byte offset where it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    /// `//…`, up to the newline (not included).
    LineComment { end: usize },
    /// `/*…*/`, nested comments included.
    BlockComment { end: usize },
    /// A string literal: `"…"` (with escapes), `b"…"`, `c"…"`, raw `r"…"`, `r#"…"#` (any number of `#`),
    /// `br#"…"#`, `cr#"…"#`; `body` is the byte range between its quotes.
    Str { body: (usize, usize), end: usize },
    /// A char or byte literal: `'a'`, `'\''`, `'\u{1F600}'`, `b'x'`.
    Char { end: usize },
    /// The quote of a lifetime or label (`'a`: its name follows as a [`Token::Word`]), or a quote that starts
    /// no char literal; with the `b` before it, if any.
    Quote { end: usize },
    /// The `r#` of a raw identifier; the name follows as a [`Token::Word`].
    RawPrefix,
    /// `(`, `[` or `{`.
    Open(u8),
    /// `)`, `]` or `}`.
    Close(u8),
    /// Any other ASCII byte but whitespace: an operator, `,`, `;`, `#`, a control character.
    Punct(u8),
    /// A run of word characters (`_`, ASCII letters and digits, every non-ASCII character but whitespace and
    /// the direction marks U+200E, U+200F): a keyword, a name, a number.
    Word { end: usize },
    /// A non-ASCII character that is no word character.
    Other { end: usize },
    /// A string, char or raw string literal or a block comment without its end, or a quote at the very end
    /// of the text: the rest of the text is inside it, and no token follows.
    Unterminated,
}

impl Token {
    /// Where this token, starting at `at` in a text of `len` bytes, ends.
    pub fn end(self, at: usize, len: usize) -> usize {
        match self {
            Token::Open(_) | Token::Close(_) | Token::Punct(_) => at + 1,
            Token::RawPrefix => at + 2,
            Token::Unterminated => len,
            Token::LineComment { end }
            | Token::BlockComment { end }
            | Token::Str { end, .. }
            | Token::Char { end }
            | Token::Quote { end }
            | Token::Word { end }
            | Token::Other { end } => end,
        }
    }
}

/// The tokens of `text` with their byte offsets, in order; ASCII whitespace is skipped.
pub fn tokens(text: &str) -> Tokens<'_> {
    Tokens { text, at: 0 }
}

/// The iterator [`tokens`] returns.
pub struct Tokens<'a> {
    text: &'a str,
    /// Where the next token or whitespace starts.
    at: usize,
}

impl Iterator for Tokens<'_> {
    type Item = (usize, Token);

    // Inlined into each pre-scan's loop, so that a token is a branch there rather than a value copied out of
    // a call: most tokens take a few instructions, the call and the copy took as many again.
    #[inline(always)]
    fn next(&mut self) -> Option<(usize, Token)> {
        let b = self.text.as_bytes();
        let start = self.at + b[self.at..].iter().position(|&c| CLASS[usize::from(c)] != SPACE)?;
        let token = lex(self.text, start);
        self.at = token.end(start, b.len());
        Some((start, token))
    }
}

/// The token at `i`, where no whitespace is.
#[inline(always)]
#[allow(clippy::string_slice, reason = "`i` is where a token starts, so on a character boundary")]
fn lex(text: &str, i: usize) -> Token {
    let b = text.as_bytes();
    let c = b[i];
    match CLASS[usize::from(c)] {
        WORD => {}
        OTHER => {
            let ch = text[i..].chars().next().unwrap_or_default();
            if !is_word_char(ch) {
                return Token::Other { end: i + ch.len_utf8() };
            }
        }
        _ => {
            return match c {
                b'/' if b.get(i + 1) == Some(&b'/') => {
                    Token::LineComment { end: memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |j| i + j) }
                }
                b'/' if b.get(i + 1) == Some(&b'*') => block_comment(b, i),
                b'"' => string(b, i),
                b'\'' => char_or_quote(text, i),
                b'(' | b'[' | b'{' => Token::Open(c),
                b')' | b']' | b'}' => Token::Close(c),
                _ => Token::Punct(c),
            };
        }
    }
    let end = word_end(text, i);
    // A literal's prefix: `r"`, `r#"`, `br"`, `cr#"`, `b"`, `c"`, `b'`; or a raw identifier's `r#`.
    match (&b[i..end], b.get(end)) {
        (b"r" | b"br" | b"cr", Some(b'"' | b'#')) => {
            let hashes = b[end..].iter().take_while(|&&h| h == b'#').count();
            if b.get(end + hashes) == Some(&b'"') {
                raw_string(b, end + hashes + 1, hashes)
            } else if end - i == 1 && hashes == 1 {
                Token::RawPrefix
            } else {
                Token::Word { end }
            }
        }
        (b"b" | b"c", Some(b'"')) => string(b, end),
        (b"b", Some(b'\'')) => char_or_quote(text, end),
        _ => Token::Word { end },
    }
}

/// The class of each byte (whitespace, an ASCII word byte, the first byte of a non-ASCII character, the
/// rest): the loops over whitespace and words look one up per byte, a third faster than comparing.
const SPACE: u8 = 1;
const WORD: u8 = 2;
const OTHER: u8 = 3;
static CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        class[c] = match c as u8 {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => SPACE,
            b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' | b'_' => WORD,
            0x80.. => OTHER,
            _ => 0,
        };
        c += 1;
    }
    class
};

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || c == '_'
        || (!c.is_ascii() && !c.is_whitespace() && !matches!(c, '\u{200e}' | '\u{200f}'))
}

/// The end of the word that starts at `i`.
#[inline(always)]
fn word_end(text: &str, i: usize) -> usize {
    let b = text.as_bytes();
    let j = i + b[i..].iter().position(|&c| CLASS[usize::from(c)] != WORD).unwrap_or(b.len() - i);
    if b.get(j).is_some_and(|c| !c.is_ascii()) { word_end_beyond_ascii(text, j) } else { j }
}

/// The end of a word that goes on with a non-ASCII character at `j` (rare in code outside comments and
/// strings, hence out of the way of the ASCII loop).
#[cold]
#[allow(clippy::string_slice, reason = "`j` rests only at the start of a word or just after a whole character")]
fn word_end_beyond_ascii(text: &str, mut j: usize) -> usize {
    let b = text.as_bytes();
    while let Some(ch) = text[j..].chars().next().filter(|&ch| is_word_char(ch)) {
        j += ch.len_utf8();
        j += b[j..].iter().position(|&c| CLASS[usize::from(c)] != WORD).unwrap_or(b.len() - j);
    }
    j
}

/// The block comment at `i`, nested ones counted.
fn block_comment(b: &[u8], i: usize) -> Token {
    let mut nest = 0usize;
    let mut j = i;
    // Only a `/` or a `*` can open or close a comment.
    while let Some(k) = memchr::memchr2(b'/', b'*', &b[j..]) {
        j += k;
        match (b[j], b.get(j + 1)) {
            (_, None) => break,
            (b'/', Some(b'*')) => {
                nest += 1;
                j += 2;
            }
            (b'*', Some(b'/')) => {
                nest -= 1;
                j += 2;
                if nest == 0 {
                    return Token::BlockComment { end: j };
                }
            }
            _ => j += 1,
        }
    }
    Token::Unterminated
}

/// The string literal whose opening quote is at `quote` (after a `b` or `c`, if any).
fn string(b: &[u8], quote: usize) -> Token {
    let mut j = quote + 1;
    while let Some(k) = b.get(j..).and_then(|rest| memchr::memchr2(b'"', b'\\', rest)) {
        j += k;
        if b[j] == b'"' {
            return Token::Str { body: (quote + 1, j), end: j + 1 };
        }
        // An escape: the byte after the backslash cannot end the literal.
        j += 2;
    }
    Token::Unterminated
}

/// The raw string whose body starts at `from`, closed by a quote and `hashes` `#`.
fn raw_string(b: &[u8], from: usize, hashes: usize) -> Token {
    // Each quote is followed by its own run of `#`, so this reads every byte at most twice.
    let mut j = from;
    while let Some(k) = memchr::memchr(b'"', &b[j..]) {
        let quote = j + k;
        if b[quote + 1..].iter().take(hashes).take_while(|&&h| h == b'#').count() == hashes {
            return Token::Str { body: (from, quote), end: quote + 1 + hashes };
        }
        j = quote + 1;
    }
    Token::Unterminated
}

/// The char literal (`'a'`, `'\''`) or the quote of a lifetime or label at `quote` (after a `b`, if any).
fn char_or_quote(text: &str, quote: usize) -> Token {
    let b = text.as_bytes();
    if b.get(quote + 1) == Some(&b'\\') {
        // An escape: skip the escaped character, then up to the closing quote.
        let from = quote + 3;
        return match b.get(from..).and_then(|rest| memchr::memchr(b'\'', rest)) {
            Some(j) => Token::Char { end: from + j + 1 },
            None => Token::Unterminated,
        };
    }
    match text.get(quote + 1..).and_then(|t| t.chars().next()) {
        None => Token::Unterminated,
        Some(c) if b.get(quote + 1 + c.len_utf8()) == Some(&b'\'') => Token::Char { end: quote + 2 + c.len_utf8() },
        Some(_) => Token::Quote { end: quote + 1 },
    }
}
