//! TXT002 missing-final-newline.

use precheck_core::{FileCtx, Finding, RuleMeta, Severity, Sink};

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT002",
    "missing-final-newline",
    Severity::Warning,
    "a non-empty text file that does not end with a newline",
    r#"## What it does
Reports a non-empty text file whose last byte is not `\n`.

## Why
POSIX tools treat the last line of such a file as incomplete: `cat` joins it with the next file, `wc -l`
miscounts, `read` loops drop it, and git shows `\ No newline at end of file` in every diff that touches it.

## Example
```text
name = "demo"⏎
version = "1.0"
```

## Use instead
End the file with a single newline.
"#,
)
.opt_in();

pub fn check(cx: &FileCtx<'_>, out: &mut Sink) {
    let text = cx.text();
    if text.is_empty() || text.ends_with('\n') {
        return;
    }
    out.emit(&RULE, || {
        let last = cx.lines().line_count();
        Finding::new(&RULE, cx.lines_span(last, last), "no newline at end of file")
            .with_help("add a newline after the last line")
    });
}
