//! RS017 missing-panics-doc.

use precheck_core::{RuleMeta, Severity};

/// The clippy lint this rule mirrors: `#[allow]`/`#[expect]` of it on an enclosing item silence the rule.
pub const CLIPPY: Option<&str> = Some("missing_panics_doc");

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "RS017",
    "missing-panics-doc",
    Severity::Info,
    "a public function that can panic without a `# Panics` doc section",
    r#"## What it does
Reports a `pub fn` outside tests whose body contains `panic!`, `panic_any`, `assert!`-family macros, `.unwrap()` or `.expect(..)` and whose doc comment has no `# Panics` section. As in clippy, `todo!` and `unimplemented!` (unfinished code), `unreachable!` and anything in a const context (`const` items, `const { … }` blocks: a compile error, not a run-time panic) do not count.
Mirrors clippy's `missing_panics_doc`; `#[allow(clippy::missing_panics_doc)]` or `#[expect(clippy::missing_panics_doc)]` on an enclosing item, statement, block or expression silences it here too.

## Why
Callers of a public API need to know which inputs make it panic; otherwise they find out in production.

## Example
```rust
/// Returns the first item.
pub fn first(v: &[u32]) -> u32 { *v.first().unwrap() }
```

## Use instead
```rust
/// Returns the first item.
///
/// # Panics
/// If `v` is empty.
pub fn first(v: &[u32]) -> u32 { *v.first().unwrap() }
```
"#,
)
.opt_in();
