//! Property tests of the Rust pre-scans on input beyond the Rust-ish alphabet of `blank.rs`'s own property:
//! arbitrary strings, arbitrary bytes decoded as the runner decodes them (UTF-8 with replacement characters,
//! a GBK declaration, UTF-16), and Rust-ish text with multi-byte characters. The tokens both fold over tile
//! the text: in order, on character boundaries, every byte but ASCII whitespace in a token. Blanking never
//! panics and keeps every line's length in characters; the depth scan never panics and points inside the text
//! on a character boundary.

use proptest::prelude::*;

use super::tokens::{Token, tokens};
use super::{blank, depth};

/// Pieces of Rust that steer both scans: brackets, literals of every kind, comments, the words they look for.
const RUST: &[&str] = &[
    "fn f() {",
    "}",
    "{",
    "(",
    ")",
    "[",
    "]",
    "= [1, 2];",
    "m!(",
    "macro_rules! m {",
    "#[cfg(test)]",
    "#![allow(x)]",
    "x.unwrap()",
    "expect(",
    "exit(1)",
    "unsafe {",
    "\"",
    "\\\"",
    "'a",
    "'\\''",
    "b'x'",
    "r#\"",
    "\"#",
    "br##\"",
    "//",
    "///",
    "//!",
    "/*",
    "/**",
    "*/",
    "\n",
    " ",
    "+",
    "&&",
    ";",
    ",",
    "中文档",
    "，",
    "（",
    "😀",
    "é",
    "\u{FEFF}",
];

/// More pieces for the tokens' own property: every literal prefix, raw identifiers, stray escapes and quotes.
const MORE: &[&str] = &["r#x", "r#", "r##", "cr\"", "c\"", "b\"", "'\\", "b'", "/**/", "\u{3000}", "\u{200E}", "\x0b"];

fn rust_ish() -> impl Strategy<Value = String> {
    pieces(RUST.to_vec())
}

fn pieces(pieces: Vec<&'static str>) -> impl Strategy<Value = String> {
    prop::collection::vec(prop_oneof![4 => prop::sample::select(pieces).prop_map(str::to_string), 1 => ".{0,3}"], 0..64)
        .prop_map(|v| v.concat())
}

/// Bytes decoded as the runner decodes a file (core's `text::decode`): UTF-8 with U+FFFD, a declared GBK,
/// UTF-16 after a byte-order mark.
fn decoded(bytes: &[u8], how: u8) -> String {
    let framed = match how % 3 {
        0 => bytes.to_vec(),
        1 => [&b"<?xml version=\"1.0\" encoding=\"GBK\"?>\n"[..], bytes].concat(),
        _ => [&[0xFF, 0xFE][..], bytes].concat(),
    };
    precheck_core::text::decode(&framed).text.into_owned()
}

fn prescans_checked(text: &str) {
    tokens_tile(text);
    if let Some(out) = blank::blank(text) {
        let shape = |t: &str| t.split('\n').map(|l| l.chars().count()).collect::<Vec<_>>();
        assert_eq!(shape(&out), shape(text), "{text:?}");
    }
    if let Err((at, _)) = depth::measure(text) {
        assert!(at <= text.len() && text.is_char_boundary(at), "depth error at {at} in {text:?}");
    }
}

/// The tokens of `text` are in order and inside it, start and end on character boundaries, and leave out
/// only ASCII whitespace; an unterminated one runs to the end and is the last.
fn tokens_tile(text: &str) {
    let b = text.as_bytes();
    let space = |from: usize, to: usize| b[from..to].iter().all(|c| b" \t\n\r\x0b\x0c".contains(c));
    let all: Vec<(usize, Token)> = tokens(text).collect();
    let mut last = 0;
    for (k, &(at, token)) in all.iter().enumerate() {
        let end = token.end(at, b.len());
        match token {
            Token::Open(c) | Token::Close(c) | Token::Punct(c) => assert_eq!(b[at], c, "{text:?}"),
            Token::RawPrefix => assert_eq!(&b[at..end], b"r#", "{text:?}"),
            Token::Unterminated => assert_eq!(k + 1, all.len(), "{text:?}: a token after the unterminated one"),
            Token::Str { body: (from, to), .. } => assert!(at < from && from <= to && to < end, "{text:?}: {token:?}"),
            _ => {}
        }
        assert!(last <= at && at < end && end <= b.len() && space(last, at), "{text:?}: {token:?} at {at}");
        assert!(text.is_char_boundary(at) && text.is_char_boundary(end), "{text:?}: {token:?} at {at}");
        last = end;
    }
    assert!(space(last, b.len()), "{text:?}: {last}.. left out");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn prescans_take_any_text(text in any::<String>()) {
        prescans_checked(&text);
    }

    #[test]
    fn prescans_take_any_bytes_decoded(bytes in prop::collection::vec(any::<u8>(), 0..256), how in any::<u8>()) {
        prescans_checked(&decoded(&bytes, how));
    }

    #[test]
    fn prescans_take_rust_ish_text_with_multi_byte_characters(text in rust_ish()) {
        prescans_checked(&text);
        // Nested deep enough to reach both limits of the depth scan.
        let deep = format!("fn f() {{ {}{text}{} }}", "(".repeat(300), ")".repeat(300));
        prescans_checked(&deep);
    }

    #[test]
    fn tokens_tile_text_with_every_kind_of_literal(text in pieces([RUST, MORE].concat())) {
        tokens_tile(&text);
    }
}
