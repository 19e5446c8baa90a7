//! TXT017 invalid-toml.

use precheck_core::{FileCtx, Finding, RuleMeta, Severity, Sink};

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT017",
    "invalid-toml",
    Severity::Error,
    "a `.toml` file that does not parse",
    r#"## What it does
Parses every `.toml` file (TOML 1.0) and reports the first error — syntax, a duplicate key or table — at
the parser's position, with the parser's message.

## Why
`Cargo.toml`, `pyproject.toml` and tool configurations are read before anything else runs; one broken
line fails the whole build, and a duplicate table is rejected by some tools and merged by others.

## Example
```toml
[package]
name = "demo"
name = "demo2"
```

## Use instead
```toml
[package]
name = "demo"
```
"#,
);

/// Deeper arrays or inline tables than this are reported as not checked rather than parsed.
const MAX_DEPTH: usize = 256;

pub fn check(cx: &FileCtx<'_>, out: &mut Sink) {
    if !cx.info.extension().eq_ignore_ascii_case("toml") || !out.enabled(&RULE) || cx.decoded().malformed_at.is_some() {
        return;
    }
    let text = cx.text();
    if let Some(at) = too_deep(text) {
        out.emit(&RULE, || {
            Finding::new(&RULE, cx.span(at..at), format!("TOML nested deeper than {MAX_DEPTH} levels: not checked"))
                .with_severity(Severity::Warning)
                .with_help("flatten the document, or exclude the file in precheck.toml")
        });
        return;
    }
    // The parse alone finds every syntax error (and duplicate keys); converting into owned values would only
    // allocate.
    let Err(err) = toml::de::DeTable::parse(text) else { return };
    let range = err.span().unwrap_or(0..0);
    let message = err.message().trim().to_string();
    out.emit(&RULE, || {
        Finding::new(&RULE, cx.span(range), format!("invalid TOML: {message}"))
            .with_help("fix the syntax at this position")
    });
}

/// The offset where array/inline-table nesting first exceeds [`MAX_DEPTH`], ignoring strings and comments.
fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    memchr::memchr2(b'[', b'{', bytes)?;
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |j| i + j),
            q @ (b'"' | b'\'') => {
                i += 1;
                while i < bytes.len() && bytes[i] != q && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' && q == b'"' { 2 } else { 1 };
                }
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}
