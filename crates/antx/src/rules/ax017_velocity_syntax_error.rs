//! AX017 velocity-syntax-error: a template Velocity cannot parse.

use precheck_core::{Finding, RuleMeta, Severity};

use precheck_core::Sink;
use crate::model::{Model, Template};

pub static RULE: RuleMeta = RuleMeta::new(
    "antx",
    "AX017",
    "velocity-syntax-error",
    Severity::Error,
    "Velocity syntax errors in a generated template: unbalanced `#if`/`#foreach`/`#macro`…`#end`, malformed directives",
    r#"## What it does
Scans every generated template for Velocity syntax errors: `#if`, `#foreach`, `#macro` or `#define`
without `#end`, an `#end`, `#else` or `#elseif` with nothing to close, a directive without its `(…)`
arguments or with unclosed ones, a `${name` without `}`, an unclosed `#*` comment or `#[[` block.

## Why
Velocity throws `ParseErrorException` at generation and the packaging step fails.

## Example
```text
#if ($order_debug)
log.level=debug
```

## Use instead
```text
#if ($order_debug)
log.level=debug
#end
```
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for t in m.templates.values() {
        let Template::Loaded { file, scan } = t else { continue };
        let f = &m.files[*file];
        for e in &scan.errors {
            out.emit(&RULE, || {
                Finding::new(
                    &RULE,
                    f.span(e.range.clone()),
                    format!("{}: Velocity fails with `ParseErrorException`", e.message),
                )
                .with_help(
                    "balance every `#if`/`#foreach`/`#macro` with `#end`; escape a literal `#` or `$` as `\\#`/`${D}`",
                )
            });
        }
    }
}
