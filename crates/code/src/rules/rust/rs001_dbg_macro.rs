//! RS001 dbg-macro.

use precheck_core::{RuleMeta, Severity};

/// The clippy lint this rule mirrors: `#[allow]`/`#[expect]` of it on an enclosing item silence the rule.
pub const CLIPPY: Option<&str> = Some("dbg_macro");

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "RS001",
    "dbg-macro",
    Severity::Error,
    "a `dbg!` call",
    r#"## What it does
Finds `dbg!` calls, including those nested in other macros' arguments (`println!("{}", dbg!(x))`, `dbg!(dbg!(x))`), which syn sees only as tokens, and in `macro_rules!` bodies. Tests are not exempt unless `allow-dbg-in-tests = true`.
Mirrors clippy's `dbg_macro`; `#[allow(clippy::dbg_macro)]` or `#[expect(clippy::dbg_macro)]` on an enclosing item, statement, block or expression silences it here too.

## Why
`dbg!` is a debugging aid: it prints file, line and value to stderr in release builds too, and its output in production logs is noise at best and a data leak at worst.

## Example
```rust
let total = dbg!(price * qty);
```

## Use instead
```rust
let total = price * qty;
```
"#,
)
.opt_in();
