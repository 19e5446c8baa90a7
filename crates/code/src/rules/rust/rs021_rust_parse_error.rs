//! RS021 rust-parse-error.

use precheck_core::{RuleMeta, Severity};

/// The clippy lint this rule mirrors: `#[allow]`/`#[expect]` of it on an enclosing item silence the rule.
pub const CLIPPY: Option<&str> = None;

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "RS021",
    "rust-parse-error",
    Severity::Warning,
    "a `.rs` file that does not parse, or is nested too deeply to parse",
    r#"## What it does
Reports a Rust file that syn cannot parse, once, at the parser's error position, with the parser's message; or a file whose nesting (brackets or operator chains) is too deep to parse safely. No other RS rule ran on such a file; the text rules still did.

Before parsing, the contents of blocks (and macro bodies, `= [a, b]` arrays) that hold nothing any RS rule looks at are blanked, so that syn parses far less; doc comments without a `# Panics` section are read as plain comments. A syntax error inside a block without anything the rules look at (or a doc comment where none may stand) is therefore left to the compiler and not reported here.

## Why
The RS rules cannot see inside the file, so silence would wrongly mean "clean". The compiler will report the error itself; this finding says the file was not checked.

## Example
```rust
fn main() {
    let x = ;
    println!("{x}");
}
```

## Use instead
Fix the syntax error; work-in-progress code that does not parse yet is checked once it does.
"#,
);
