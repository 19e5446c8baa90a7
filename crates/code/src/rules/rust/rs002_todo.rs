//! RS002 todo.

use precheck_core::{RuleMeta, Severity};

/// The clippy lint this rule mirrors: `#[allow]`/`#[expect]` of it on an enclosing item silence the rule.
pub const CLIPPY: Option<&str> = Some("todo");

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "RS002",
    "todo",
    Severity::Warning,
    "a `todo!()` placeholder",
    r#"## What it does
Finds `todo!()` outside test code (unless `allow-panic-in-tests = false`).
Mirrors clippy's `todo`; `#[allow(clippy::todo)]` or `#[expect(clippy::todo)]` on an enclosing item, statement, block or expression silences it here too.

## Why
`todo!` compiles and panics at run time: an unfinished branch ships as a crash.

## Example
```rust
fn refund(&self) -> Amount { todo!() }
```

## Use instead
Finish the code, or return an error the caller can handle.
"#,
)
.opt_in();
