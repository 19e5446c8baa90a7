//! TXT005 byte-order-mark.

use precheck_core::text::Bom;
use precheck_core::{FileCtx, Finding, RuleMeta, Severity, Sink};

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT005",
    "byte-order-mark",
    Severity::Warning,
    "a UTF-8 byte-order mark at the start of a file",
    r#"## What it does
Reports a file that starts with the UTF-8 byte-order mark `EF BB BF`. Windows PowerShell scripts
(`.ps1`, `.psm1`, `.psd1`) with non-ASCII text are exempt: Windows PowerShell 5.1 needs the mark to read
them as UTF-8.

## Why
UTF-8 needs no byte order. The invisible mark breaks shebang lines (`#!` must be the first two bytes),
makes `<?xml` declarations and JSON parsers fail, and ends up in the middle of concatenated files.

## Example
```text
EF BB BF 23 21 2F 62 69 6E 2F 73 68   (BOM, then #!/bin/sh)
```

## Use instead
Save the file as UTF-8 without BOM.
"#,
)
.opt_in();

pub fn check(cx: &FileCtx<'_>, out: &mut Sink) {
    if cx.decoded().bom != Some(Bom::Utf8) || !cx.bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return;
    }
    let powershell = matches!(cx.info.extension().to_ascii_lowercase().as_str(), "ps1" | "psm1" | "psd1");
    if powershell && !cx.text().is_ascii() {
        return;
    }
    out.emit(&RULE, || {
        Finding::new(&RULE, cx.span(0..0), "the file starts with a UTF-8 byte-order mark")
            .with_help("save the file as UTF-8 without BOM")
    });
}
