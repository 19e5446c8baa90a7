//! RS018 undocumented-unsafe.

use precheck_core::{RuleMeta, Severity};

/// The clippy lint this rule mirrors: `#[allow]`/`#[expect]` of it on an enclosing item silence the rule.
pub const CLIPPY: Option<&str> = Some("undocumented_unsafe_blocks");

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "RS018",
    "undocumented-unsafe",
    Severity::Warning,
    "an `unsafe` block or impl without a `// SAFETY:` comment",
    r#"## What it does
Reads the source lines above each `unsafe` block and `unsafe impl` (syn drops comments) and reports one without a `SAFETY:` comment directly above it (attributes and other comment lines may stand between) or before it on the same line.
Mirrors clippy's `undocumented_unsafe_blocks`; `#[allow(clippy::undocumented_unsafe_blocks)]` or `#[expect(clippy::undocumented_unsafe_blocks)]` on an enclosing item, statement, block or expression silences it here too.

## Why
The comment is where the author proves the invariants the compiler cannot check; without it a reviewer cannot tell whether the block is sound.

## Example
```rust
let v = unsafe { *ptr };
```

## Use instead
```rust
// SAFETY: `ptr` comes from `Box::into_raw` above and is not aliased.
let v = unsafe { *ptr };
```
"#,
)
.opt_in();
