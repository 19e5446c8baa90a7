//! RS005 unreachable.

use precheck_core::{RuleMeta, Severity};

/// The clippy lint this rule mirrors: `#[allow]`/`#[expect]` of it on an enclosing item silence the rule.
pub const CLIPPY: Option<&str> = Some("unreachable");

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "RS005",
    "unreachable",
    Severity::Info,
    "an `unreachable!` call",
    r#"## What it does
Finds `unreachable!` outside test code.
Mirrors clippy's `unreachable`; `#[allow(clippy::unreachable)]` or `#[expect(clippy::unreachable)]` on an enclosing item, statement, block or expression silences it here too.

## Why
The claim that a branch cannot run is not checked by the compiler; when the surrounding code changes, it becomes a panic in production.

## Example
```rust
match kind { 0 => a(), 1 => b(), _ => unreachable!() }
```

## Use instead
Model the cases with an enum so the compiler checks exhaustiveness, or return an error.
"#,
)
.opt_in();
