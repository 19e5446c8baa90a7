//! RS012 process-exit.

use precheck_core::{RuleMeta, Severity};

/// The clippy lint this rule mirrors: `#[allow]`/`#[expect]` of it on an enclosing item silence the rule.
pub const CLIPPY: Option<&str> = Some("exit");

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "RS012",
    "process-exit",
    Severity::Warning,
    "`std::process::exit` outside `fn main`",
    r#"## What it does
Finds calls of `std::process::exit`, `process::exit`, or `exit` imported from `std::process`, outside a function named `main`.
Mirrors clippy's `exit`; `#[allow(clippy::exit)]` or `#[expect(clippy::exit)]` on an enclosing item, statement, block or expression silences it here too.

## Why
`exit` skips destructors: buffers are not flushed, temporary files stay, locks are not released; and it makes the code impossible to test or reuse.

## Example
```rust
fn fail(msg: &str) -> ! { eprintln!("{msg}"); std::process::exit(2) }
```

## Use instead
Return an error to `main` and exit there.
"#,
)
.opt_in();
