//! RS020 debug-only-print.

use precheck_core::{RuleMeta, Severity};

/// The clippy lint this rule mirrors: `#[allow]`/`#[expect]` of it on an enclosing item silence the rule.
pub const CLIPPY: Option<&str> = None;

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "RS020",
    "debug-only-print",
    Severity::Info,
    "a print guarded only by `cfg(debug_assertions)`",
    r#"## What it does
Reports `print!`/`println!`/`eprint!`/`eprintln!` that run only in debug builds: under `#[cfg(debug_assertions)]` on the statement or item, or inside `if cfg!(debug_assertions) { … }`. These prints get RS020 instead of RS006/RS007.

## Why
Debug-only output is less harmful than a print in release builds, but it is still a leftover that belongs in a log call with a level.

## Example
```rust
#[cfg(debug_assertions)]
println!("state = {}", state);
```

## Use instead
```rust
tracing::debug!(%state);
```
"#,
)
.opt_in();
