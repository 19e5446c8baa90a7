//! RS019 ignore-without-reason.

use precheck_core::{RuleMeta, Severity};

/// The clippy lint this rule mirrors: `#[allow]`/`#[expect]` of it on an enclosing item silence the rule.
pub const CLIPPY: Option<&str> = Some("ignore_without_reason");

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "RS019",
    "ignore-without-reason",
    Severity::Warning,
    "`#[ignore]` on a test without a reason",
    r#"## What it does
Finds `#[ignore]` without a reason string.
Mirrors clippy's `ignore_without_reason`; `#[allow(clippy::ignore_without_reason)]` or `#[expect(clippy::ignore_without_reason)]` on an enclosing item, statement, block or expression silences it here too.

## Why
An ignored test without a reason is forgotten: nobody knows when it may be re-enabled.

## Example
```rust
#[test]
#[ignore]
fn slow_import() {}
```

## Use instead
```rust
#[test]
#[ignore = "needs a running database"]
fn slow_import() {}
```
"#,
)
.opt_in();
