//! RS015 unwrap-in-result.

use precheck_core::{RuleMeta, Severity};

/// The clippy lint this rule mirrors: `#[allow]`/`#[expect]` of it on an enclosing item silence the rule.
pub const CLIPPY: Option<&str> = Some("unwrap_in_result");

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "RS015",
    "unwrap-in-result",
    Severity::Warning,
    "`unwrap`/`expect` inside a function that returns `Result` or `Option`",
    r#"## What it does
Reports each `.unwrap()`, `.expect(..)`, `.unwrap_err()`, `.expect_err(..)` (and their path forms,
`Option::unwrap(x)`) in a function whose return type is syntactically `Result<…>` (including `io::Result`) or
`Option<…>`, at the call. Calls in const contexts (`const` and `static` items, `const { … }` blocks, array
lengths) are compile-time checks and exempt, and so are test functions while `allow-unwrap-in-tests` is true.
Mirrors clippy's `unwrap_in_result`; `#[allow(clippy::unwrap_in_result)]` or `#[expect(clippy::unwrap_in_result)]`
on an enclosing item, statement, block or expression silences it here too.

## Why
The function already has a way to report failure; panicking instead surprises every caller that handles its errors.

## Example
```rust
fn load(p: &Path) -> io::Result<Config> {
    let text = fs::read_to_string(p).unwrap();
    Ok(parse(&text))
}
```

## Use instead
```rust
fn load(p: &Path) -> io::Result<Config> {
    let text = fs::read_to_string(p)?;
    Ok(parse(&text))
}
```
"#,
)
.opt_in();
