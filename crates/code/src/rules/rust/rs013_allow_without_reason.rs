//! RS013 allow-without-reason.

use precheck_core::{RuleMeta, Severity};

/// The clippy lint this rule mirrors: `#[allow]`/`#[expect]` of it on an enclosing item silence the rule.
pub const CLIPPY: Option<&str> = Some("allow_attributes_without_reason");

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "RS013",
    "allow-without-reason",
    Severity::Warning,
    "`#[allow(..)]`/`#[expect(..)]` without `reason = \"…\"`",
    r#"## What it does
Finds `#[allow(...)]`, `#[expect(...)]` and their inner forms `#![...]` that give no `reason = "…"`.
Mirrors clippy's `allow_attributes_without_reason`; `#[allow(clippy::allow_attributes_without_reason)]` or `#[expect(clippy::allow_attributes_without_reason)]` on an enclosing item, statement, block or expression silences it here too.

## Why
A silenced lint without a reason cannot be reviewed or revisited: nobody knows whether it is still needed.

## Example
```rust
#[allow(clippy::too_many_arguments)]
```

## Use instead
```rust
#[allow(clippy::too_many_arguments, reason = "mirrors the C API one to one")]
```
"#,
)
.opt_in();
