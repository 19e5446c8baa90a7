//! RS008 use-debug.

use precheck_core::{RuleMeta, Severity};

/// The clippy lint this rule mirrors: `#[allow]`/`#[expect]` of it on an enclosing item silence the rule.
pub const CLIPPY: Option<&str> = Some("use_debug");

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "RS008",
    "use-debug",
    Severity::Info,
    "`{:?}` Debug formatting in a print or format macro",
    r#"## What it does
Finds `{:?}`, `{:#?}` and `{name:?}` in the format string of `print!`, `println!`, `eprint!`, `eprintln!`, `format!`, `format_args!`, `write!` and `writeln!`, outside test code and outside an `impl Debug`, where Debug formatting is the point.
Mirrors clippy's `use_debug`; `#[allow(clippy::use_debug)]` or `#[expect(clippy::use_debug)]` on an enclosing item, statement, block or expression silences it here too.

## Why
Debug output is for developers: its format is not stable, it may expose internal fields, and users see Rust syntax (`Some("x")`).

## Example
```rust
let msg = format!("bad state {:?}", state);
```

## Use instead
```rust
let msg = format!("bad state {state}");   // implement Display
```
"#,
)
.opt_in();
