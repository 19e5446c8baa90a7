//! RS010 expect-used.

use precheck_core::{RuleMeta, Severity};

/// The clippy lint this rule mirrors: `#[allow]`/`#[expect]` of it on an enclosing item silence the rule.
pub const CLIPPY: Option<&str> = Some("expect_used");

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "RS010",
    "expect-used",
    Severity::Warning,
    "an `.expect(..)` call",
    r#"## What it does
Finds `.expect(msg)` and `.expect_err(msg)` with one argument, and their path forms `Result::expect(r, msg)`, outside tests (unless `allow-expect-in-tests = false`). Like RS009 it cannot tell `Option`/`Result` from user types.
Mirrors clippy's `expect_used`; `#[allow(clippy::expect_used)]` or `#[expect(clippy::expect_used)]` on an enclosing item, statement, block or expression silences it here too.

## Why
It is still a panic; a recoverable error should reach the caller.

## Example
```rust
let cfg = load().expect("config");
```

## Use instead
```rust
let cfg = load().context("loading config")?;
```
"#,
)
.opt_in();
