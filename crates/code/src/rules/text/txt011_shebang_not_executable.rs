//! TXT011 shebang-not-executable.

use precheck_core::{FileCtx, FileMode, Finding, RuleMeta, Severity, Sink};

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT011",
    "shebang-not-executable",
    Severity::Warning,
    "a file starting with a `#!` interpreter line whose mode is not executable",
    r#"## What it does
Reports a file that starts with an interpreter line (`#!/…` or `#! /…`) but whose git mode is not
executable (`100644`). A Rust inner attribute such as `#![allow(…)]` is not an interpreter line.

## Why
The author meant the file to be run; `./deploy.sh` fails with `permission denied` for everyone who checks
it out, and CI jobs work around it with `bash deploy.sh`, hiding the interpreter the file asks for.

## Example
```text
100644 scripts/deploy.sh     #!/usr/bin/env bash
```

## Use instead
Make it executable: `git update-index --chmod=+x scripts/deploy.sh` (or `chmod +x` and commit).
"#,
);

/// Whether `bytes` start with an interpreter line (`#!` then optional blanks then `/`).
fn has_shebang(bytes: &[u8]) -> bool {
    let Some(rest) = bytes.strip_prefix(b"#!") else { return false };
    rest.iter().find(|b| **b != b' ' && **b != b'\t') == Some(&b'/')
}

pub fn check(cx: &FileCtx<'_>, out: &mut Sink) {
    if cx.info.mode != FileMode::Regular || !has_shebang(cx.bytes) {
        return;
    }
    out.emit(&RULE, || {
        let line = crate::lines::line_around(cx.text(), 0);
        Finding::new(&RULE, cx.span(line), format!("`{}` starts with `#!` but is not executable", cx.info.file_name()))
            .with_help("make it executable: `git update-index --chmod=+x <path>`")
    });
}

#[cfg(test)]
mod tests {
    #[test]
    fn inner_attributes_are_not_shebangs() {
        assert!(super::has_shebang(b"#!/bin/sh\n"));
        assert!(super::has_shebang(b"#! /usr/bin/env python3\n"));
        assert!(!super::has_shebang(b"#![allow(dead_code)]\n"));
        assert!(!super::has_shebang(b"# comment\n"));
    }
}
