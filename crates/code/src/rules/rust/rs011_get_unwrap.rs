//! RS011 get-unwrap.

use precheck_core::{RuleMeta, Severity};

/// The clippy lint this rule mirrors: `#[allow]`/`#[expect]` of it on an enclosing item silence the rule.
pub const CLIPPY: Option<&str> = Some("get_unwrap");

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "RS011",
    "get-unwrap",
    Severity::Warning,
    "`.get(i).unwrap()` instead of indexing",
    r#"## What it does
Finds `.get(i).unwrap()` and `.get_mut(i).unwrap()` chains outside tests.
Mirrors clippy's `get_unwrap`; `#[allow(clippy::get_unwrap)]` or `#[expect(clippy::get_unwrap)]` on an enclosing item, statement, block or expression silences it here too.

## Why
It panics exactly like `v[i]` while reading as if it were checked; either index directly or handle the `None`.

## Example
```rust
let first = items.get(0).unwrap();
```

## Use instead
```rust
let first = &items[0];          // or: items.first().ok_or(Error::Empty)?
```
"#,
)
.opt_in();
