//! RS003 unimplemented.

use precheck_core::{RuleMeta, Severity};

/// The clippy lint this rule mirrors: `#[allow]`/`#[expect]` of it on an enclosing item silence the rule.
pub const CLIPPY: Option<&str> = Some("unimplemented");

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "RS003",
    "unimplemented",
    Severity::Warning,
    "an `unimplemented!()` call",
    r#"## What it does
Finds `unimplemented!()` outside test code.
Mirrors clippy's `unimplemented`; `#[allow(clippy::unimplemented)]` or `#[expect(clippy::unimplemented)]` on an enclosing item, statement, block or expression silences it here too.

## Why
It panics at run time; a missing feature becomes a crash instead of an error.

## Example
```rust
fn cancel(&self) -> Result<(), Error> { unimplemented!() }
```

## Use instead
```rust
fn cancel(&self) -> Result<(), Error> { Err(Error::Unsupported("cancel")) }
```
"#,
)
.opt_in();
