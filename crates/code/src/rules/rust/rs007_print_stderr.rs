//! RS007 print-stderr.

use precheck_core::{RuleMeta, Severity};

/// The clippy lint this rule mirrors: `#[allow]`/`#[expect]` of it on an enclosing item silence the rule.
pub const CLIPPY: Option<&str> = Some("print_stderr");

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "RS007",
    "print-stderr",
    Severity::Warning,
    "an `eprint!`/`eprintln!` call",
    r#"## What it does
Finds `eprint!` and `eprintln!`, with the same exemptions as RS006.
Mirrors clippy's `print_stderr`; `#[allow(clippy::print_stderr)]` or `#[expect(clippy::print_stderr)]` on an enclosing item, statement, block or expression silences it here too.

## Why
stderr output bypasses the logging configuration: no level, no timestamp, no structured fields, and it cannot be turned off.

## Example
```rust
eprintln!("retrying {}", url);
```

## Use instead
```rust
tracing::warn!(%url, "retrying");
```
"#,
)
.opt_in();
