//! RS009 unwrap-used.

use precheck_core::{RuleMeta, Severity};

/// The clippy lint this rule mirrors: `#[allow]`/`#[expect]` of it on an enclosing item silence the rule.
pub const CLIPPY: Option<&str> = Some("unwrap_used");

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "RS009",
    "unwrap-used",
    Severity::Warning,
    "an `.unwrap()` call",
    r#"## What it does
Finds `.unwrap()` and `.unwrap_err()` with no argument, and their path forms `Option::unwrap(x)` / `Result::unwrap_err(r)`, outside tests (unless `allow-unwrap-in-tests = false`). Without type information it also fires on user types that define an `unwrap` method; clippy restricts the lint to `Option` and `Result`.
Mirrors clippy's `unwrap_used`; `#[allow(clippy::unwrap_used)]` or `#[expect(clippy::unwrap_used)]` on an enclosing item, statement, block or expression silences it here too.

## Why
An `unwrap` turns a recoverable condition into a panic with a message that says nothing about what was expected.

## Example
```rust
let port: u16 = env::var("PORT").unwrap().parse().unwrap();
```

## Use instead
```rust
let port: u16 = env::var("PORT")?.parse()?;
```
"#,
)
.opt_in();
