//! Property tests of the Rust pre-scans on input beyond the Rust-ish alphabet of `blank.rs`'s own property:
//! arbitrary strings, arbitrary bytes decoded as the runner decodes them (UTF-8 with replacement characters,
//! a GBK declaration, UTF-16), and Rust-ish text with multi-byte characters. Blanking never panics and keeps
//! every line's length in characters; the depth scan never panics and points inside the text on a character
//! boundary.

use proptest::prelude::*;

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

fn rust_ish() -> impl Strategy<Value = String> {
    prop::collection::vec(prop_oneof![4 => prop::sample::select(RUST).prop_map(str::to_string), 1 => ".{0,3}"], 0..64)
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
    if let Some(out) = blank::blank(text) {
        let shape = |t: &str| t.split('\n').map(|l| l.chars().count()).collect::<Vec<_>>();
        assert_eq!(shape(&out), shape(text), "{text:?}");
    }
    if let Err((at, _)) = depth::measure(text) {
        assert!(at <= text.len() && text.is_char_boundary(at), "depth error at {at} in {text:?}");
    }
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
}
