//! TXT001 trailing-whitespace.

use std::sync::LazyLock;

use precheck_core::{FileCtx, Finding, RuleMeta, Severity, Sink};

use crate::config::Settings;
use crate::lines::FileScan;

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT001",
    "trailing-whitespace",
    Severity::Warning,
    "spaces or tabs at the end of a line",
    r#"## What it does
Finds spaces and tabs before the end of a line. The `\r` of a CRLF file is not whitespace for this rule, and
in Markdown (`.md`, `.markdown`) two or more trailing spaces after text are a hard line break (CommonMark) and
stay quiet; a tab there is still reported.

A blank line made only of the indentation of the block it sits in (the indentation of the line before or after
it, or a part of it) is what most editors leave when they indent a new line: it is not reported unless
`strict-trailing-whitespace = true` in `[code]`. Vendored, generated and minified files are left out. In a
file with several such lines the findings are grouped into one per file with the count and the first lines
(`--no-group` lists every line).

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

pub fn check(cx: &FileCtx<'_>, file: &FileScan, settings: &Settings, out: &mut Sink) {
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
        if markdown && content > line_start && end - content >= 2 && bytes[content..end].iter().all(|&b| b == b' ') {
            continue;
        }
        if content == line_start
            && !settings.config.strict_trailing_whitespace
            && keeps_indentation(bytes, line_start, end)
        {
            continue;
        }
        out.emit(&RULE, || {
            Finding::new(&RULE, cx.span(content..end), "trailing whitespace")
                .with_help("delete the spaces and tabs at the end of the line")
        });
    }
}

/// How far to look for the non-blank line before or after a blank one: a run of blank lines longer than this
/// is reported (and the search stays linear on a file of nothing but blank lines).
const NEIGHBOUR_LINES: usize = 64;

/// Whether the whitespace-only line `start..end` is (a part of) the indentation of the nearest non-blank line
/// before or after it: what an editor leaves on a blank line inside an indented block.
fn keeps_indentation(bytes: &[u8], start: usize, end: usize) -> bool {
    let blank = &bytes[start..end];
    let indentation = |line: &[u8]| -> Option<usize> {
        let indent = line.iter().take_while(|&&b| b == b' ' || b == b'\t').count();
        let rest = &line[indent..];
        (!rest.is_empty() && rest != b"\r").then_some(indent)
    };
    let fits = |line: &[u8]| indentation(line).is_some_and(|n| n >= blank.len() && line.starts_with(blank));
    // Backwards: the lines before `start`.
    let mut line_end = start;
    for _ in 0..NEIGHBOUR_LINES {
        if line_end == 0 {
            break;
        }
        let line_start = memchr::memrchr(b'\n', &bytes[..line_end - 1]).map_or(0, |i| i + 1);
        let line = &bytes[line_start..line_end - 1];
        if indentation(line).is_some() {
            if fits(line) {
                return true;
            }
            break;
        }
        line_end = line_start;
    }
    // Forwards: the lines after `end` (which points at the line's `\n` or `\r`).
    let mut line_start = match memchr::memchr(b'\n', &bytes[end..]) {
        Some(i) => end + i + 1,
        None => return false,
    };
    for _ in 0..NEIGHBOUR_LINES {
        if line_start >= bytes.len() {
            break;
        }
        let line_end = memchr::memchr(b'\n', &bytes[line_start..]).map_or(bytes.len(), |i| line_start + i);
        let line = &bytes[line_start..line_end];
        if indentation(line).is_some() {
            return fits(line);
        }
        line_start = line_end + 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::keeps_indentation;

    /// `keeps_indentation` for the first whitespace-only line of `text`.
    fn quiet(text: &str) -> bool {
        let bytes = text.as_bytes();
        let blank = |l: &str| l.trim().is_empty() && (l.contains(' ') || l.contains('\t'));
        let start = text.split_inclusive('\n').take_while(|l| !blank(l)).map(str::len).sum::<usize>();
        let end = start + bytes[start..].iter().take_while(|&&b| b == b' ' || b == b'\t').count();
        keeps_indentation(bytes, start, end)
    }

    #[test]
    fn blank_lines_that_keep_the_indentation_of_their_block() {
        assert!(quiet("    a();\n    \n    b();\n"));
        assert!(quiet("    a();\n  \n    b();\n"), "a part of the indentation");
        assert!(quiet("  if x {\n    a();\n    \n  }\n"), "the line before");
        assert!(quiet("class A {\n    \n    int x;\n"), "the line after");
        assert!(!quiet("a();\n        \nb();\n"), "deeper than both neighbours");
        assert!(!quiet("\ta();\n    \n\tb();\n"), "spaces where the block has tabs");
        assert!(!quiet("    \n"), "no neighbour");
        assert!(quiet("    a();\r\n    \r\n    b();\r\n"));
        assert!(!quiet("a();\r\n    \r\nb();\r\n"));
    }
}
