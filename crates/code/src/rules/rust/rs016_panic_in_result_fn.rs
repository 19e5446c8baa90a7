//! RS016 panic-in-result-fn.

use precheck_core::{RuleMeta, Severity};

/// The clippy lint this rule mirrors: `#[allow]`/`#[expect]` of it on an enclosing item silence the rule.
pub const CLIPPY: Option<&str> = Some("panic_in_result_fn");

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "RS016",
    "panic-in-result-fn",
    Severity::Warning,
    "`panic!`-family macros inside a function that returns `Result`",
    r#"## What it does
Reports a function returning `Result` whose body uses `panic!`, `panic_any`, `assert!`, `assert_eq!` or `assert_ne!`, with a label on each. As in clippy, `unreachable!` marks a branch the author asserts cannot run (left to RS005), `todo!` and `unimplemented!` mark unfinished code (RS002, RS003), and panics in const contexts (`const` items, `const { … }` blocks) are compile errors; none of them count. Test functions are exempt while `allow-panic-in-tests` is true.
Mirrors clippy's `panic_in_result_fn`; `#[allow(clippy::panic_in_result_fn)]` or `#[expect(clippy::panic_in_result_fn)]` on an enclosing item, statement, block or expression silences it here too.

## Why
Callers handle the `Err` path and do not expect a panic from a function that can report errors.

## Example
```rust
fn rate(x: f64) -> Result<f64, Error> {
    assert!(x >= 0.0);
    Ok(x * 0.3)
}
```

## Use instead
```rust
fn rate(x: f64) -> Result<f64, Error> {
    if x < 0.0 { return Err(Error::Negative(x)); }
    Ok(x * 0.3)
}
```
"#,
)
.opt_in();
