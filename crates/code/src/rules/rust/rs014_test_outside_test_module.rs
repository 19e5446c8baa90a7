//! RS014 test-outside-test-module.

use precheck_core::{RuleMeta, Severity};

/// The clippy lint this rule mirrors: `#[allow]`/`#[expect]` of it on an enclosing item silence the rule.
pub const CLIPPY: Option<&str> = Some("tests_outside_test_module");

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "RS014",
    "test-outside-test-module",
    Severity::Warning,
    "a `#[test]` function outside a `#[cfg(test)]` module",
    r#"## What it does
Finds `#[test]` functions that are not inside a `#[cfg(test)]` module. Integration tests (`tests/`), benches and examples are exempt.
Mirrors clippy's `tests_outside_test_module`; `#[allow(clippy::tests_outside_test_module)]` or `#[expect(clippy::tests_outside_test_module)]` on an enclosing item, statement, block or expression silences it here too.

## Why
The test and everything it uses are compiled into the library in every build, and helper code it needs loses its dead-code warnings.

## Example
```rust
#[test]
fn parses() { /* ... */ }
```

## Use instead
```rust
#[cfg(test)]
mod tests {
    #[test]
    fn parses() { /* ... */ }
}
```
"#,
)
.opt_in();
