//! TXT003 trailing-blank-lines.

use precheck_core::{FileCtx, Finding, RuleMeta, Severity, Sink};

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT003",
    "trailing-blank-lines",
    Severity::Warning,
    "more than one newline at the end of a file",
    r#"## What it does
Reports blank lines at the end of a file: more than one newline after the last line of text (`\n` and
`\r\n` alike), or a file made only of newlines.

## Why
Trailing blank lines are noise in diffs and are removed again by the next editor that normalises the
file, producing a change that means nothing.

## Example
```text
last = true⏎
⏎
⏎
```

## Use instead
End the file with exactly one newline.
"#,
)
.opt_in();

pub fn check(cx: &FileCtx<'_>, out: &mut Sink) {
    let bytes = cx.text().as_bytes();
    if !bytes.ends_with(b"\n") {
        return;
    }
    // Count newline sequences at the end; `\r\n` counts once.
    let mut end = bytes.len();
    let mut newlines = 0;
    while end > 0 && matches!(bytes[end - 1], b'\n' | b'\r') {
        if bytes[end - 1] == b'\n' {
            newlines += 1;
        }
        end -= 1;
    }
    let only_newlines = end == 0;
    if newlines < 2 && !only_newlines {
        return;
    }
    out.emit(&RULE, || {
        // From the first blank line to the end of the file.
        let first_blank =
            if only_newlines { 0 } else { end + memchr::memchr(b'\n', &bytes[end..]).map_or(0, |i| i + 1) };
        let blank = newlines - usize::from(!only_newlines);
        let message = if only_newlines {
            "the file holds only blank lines".to_string()
        } else {
            format!("{blank} blank line{} at end of file", if blank == 1 { "" } else { "s" })
        };
        Finding::new(&RULE, cx.span(first_blank..bytes.len()), message)
            .with_help("delete the blank lines so the file ends with one newline")
    });
}
