//! RS004 panic.

use precheck_core::{RuleMeta, Severity};

/// The clippy lint this rule mirrors: `#[allow]`/`#[expect]` of it on an enclosing item silence the rule.
pub const CLIPPY: Option<&str> = Some("panic");

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "RS004",
    "panic",
    Severity::Warning,
    "a `panic!` call outside tests",
    r#"## What it does
Finds `panic!` and `std::panic::panic_any(…)` outside test code (`#[cfg(test)]`, `#[test]`, `tests/`, `benches/`, `examples/`).
Mirrors clippy's `panic`; `#[allow(clippy::panic)]` or `#[expect(clippy::panic)]` on an enclosing item, statement, block or expression silences it here too.

## Why
A library that panics takes the decision away from its caller; a service that panics drops every request in flight on that thread.

## Example
```rust
if rate < 0.0 { panic!("negative rate"); }
```

## Use instead
```rust
if rate < 0.0 { return Err(Error::NegativeRate(rate)); }
```
"#,
)
.opt_in();
