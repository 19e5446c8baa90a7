//! RS006 print-stdout.

use precheck_core::{RuleMeta, Severity};

/// The clippy lint this rule mirrors: `#[allow]`/`#[expect]` of it on an enclosing item silence the rule.
pub const CLIPPY: Option<&str> = Some("print_stdout");

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "RS006",
    "print-stdout",
    Severity::Warning,
    "a `print!`/`println!` call",
    r#"## What it does
Finds `print!` and `println!`. `build.rs` is exempt (cargo reads its stdout), `src/main.rs` and `src/bin/` are exempt with `allow-print-in-main = true`, tests with `allow-print-in-tests` (default true). Prints guarded only by `cfg(debug_assertions)` are RS020 instead.
Mirrors clippy's `print_stdout`; `#[allow(clippy::print_stdout)]` or `#[expect(clippy::print_stdout)]` on an enclosing item, statement, block or expression silences it here too.

## Why
Libraries and services should not write to stdout: it interleaves with the program's real output and bypasses the logging configuration.

## Example
```rust
println!("order {} paid", id);
```

## Use instead
```rust
tracing::info!(order = id, "paid");
```
"#,
)
.opt_in();
