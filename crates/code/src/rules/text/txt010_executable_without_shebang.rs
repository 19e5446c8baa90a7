//! TXT010 executable-without-shebang.

use precheck_core::{FileCtx, FileMode, Finding, RuleMeta, Severity, Sink};

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT010",
    "executable-without-shebang",
    Severity::Warning,
    "a text file with the executable mode (100755) that does not start with `#!`",
    r#"## What it does
Reports a text file whose git mode is executable (`100755`) but whose first two bytes are not `#!`.
Binary files are not checked.

## Why
Without a shebang the kernel cannot run the file (`exec format error`), or a shell runs it as a shell
script whatever its language. Usually the mode is the accident: a file copied from a Windows share or a
FAT drive, or a `chmod -R +x`.

## Example
```text
100755 docs/README.md
```

## Use instead
Remove the executable bit (`git update-index --chmod=-x docs/README.md`), or add a shebang line
(`#!/usr/bin/env bash`) if the file is a script.
"#,
);

pub fn check(cx: &FileCtx<'_>, out: &mut Sink) {
    if cx.info.mode != FileMode::Executable || cx.bytes.starts_with(b"#!") {
        return;
    }
    out.emit(&RULE, || {
        Finding::new(
            &RULE,
            cx.span(0..0),
            format!("`{}` is executable but does not start with `#!`", cx.info.file_name()),
        )
        .with_help("remove the executable bit (`git update-index --chmod=-x`), or add a `#!` line if it is a script")
    });
}
