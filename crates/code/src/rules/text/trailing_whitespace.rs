//! TXT001 trailing-whitespace.

use std::sync::LazyLock;

use precheck_core::{FileCtx, Finding, RuleMeta, Severity, Sink};

use crate::rules::meta;
use crate::scan::FileScan;

pub static RULE: RuleMeta = meta(
    "TXT001",
    "trailing-whitespace",
    Severity::Warning,
    "spaces or tabs at the end of a line",
    r#"## What it does
Finds spaces and tabs before the end of a line. The `\r` of a CRLF file is not whitespace for this rule, and
in Markdown (`.md`, `.markdown`) exactly two trailing spaces after text are a hard line break and stay quiet.

## Why
Trailing whitespace is invisible in review, makes diffs noisy and causes needless merge conflicts when one
side's editor strips it.

## Example
```text
timeout = 30␠␠
```

## Use instead
```text
timeout = 30
```
Most editors can strip trailing whitespace on save.
"#,
)
.opt_in();

/// A space or tab right before a line end (`\n`, or the `\r` of `\r\n`): every trailing-whitespace run ends
/// with one of these pairs. Each is rare in clean text, so a SIMD pair search per kind beats a per-line loop.
static PAIRS: LazyLock<[memchr::memmem::Finder<'static>; 4]> =
    LazyLock::new(|| [b" \n", b"\t\n", b" \r", b"\t\r"].map(|p: &[u8; 2]| memchr::memmem::Finder::new(p).into_owned()));

pub fn check(cx: &FileCtx<'_>, file: &FileScan, out: &mut Sink) {
    if !out.enabled(&RULE) {
        return;
    }
    let text = cx.text();
    let bytes = text.as_bytes();
    let markdown = matches!(cx.info.extension().to_ascii_lowercase().as_str(), "md" | "markdown");
    // One SIMD pass finds the line ends that follow a blank; the last line may end without a newline.
    // The `\r` pairs only matter in files that have a `\r` at all.
    let has_cr = file.has_cr(cx);
    let mut ends: Vec<usize> = Vec::new();
    for (i, pair) in PAIRS.iter().enumerate().take(if has_cr { 4 } else { 2 }) {
        // A lone `\r` is not a line end; `\r\n` is.
        let crlf = i >= 2;
        ends.extend(pair.find_iter(bytes).map(|at| at + 1).filter(|&end| !crlf || bytes.get(end + 1) == Some(&b'\n')));
    }
    if matches!(bytes.last(), Some(b' ' | b'\t')) {
        ends.push(bytes.len());
    }
    ends.sort_unstable();
    for end in ends {
        let line_start = memchr::memrchr(b'\n', &bytes[..end]).map_or(0, |i| i + 1);
        let content = bytes[line_start..end]
            .iter()
            .rposition(|&b| b != b' ' && b != b'\t')
            .map_or(line_start, |i| line_start + i + 1);
        if markdown && content > line_start && end - content == 2 && &bytes[content..end] == b"  " {
            continue;
        }
        out.emit(&RULE, || {
            Finding::new(&RULE, cx.span(content..end), "trailing whitespace")
                .with_help("delete the spaces and tabs at the end of the line")
        });
    }
}
