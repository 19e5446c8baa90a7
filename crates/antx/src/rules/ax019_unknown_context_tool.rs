//! AX019 unknown-context-tool: `$stringUtil…` / `$numberUtil…`, tools only the old internal antx had.

use precheck_core::{Finding, RuleMeta, Severity};

use super::{is_tool};
use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "antx",
    "AX019",
    "unknown-context-tool",
    Severity::Error,
    "a reference to a tool object autoconfig does not put in the context (`$stringUtil`, `$numberUtil`)",
    r#"## What it does
Reports rendered references to `$stringUtil…` and `$numberUtil…`, tool objects that older internal
antx versions put in the Velocity context. The open-source autoconfig context holds only `D`.

## Why
The reference evaluates to null: it is reported as an undefined placeholder and the generate fails, and
anything `#set` from it is undefined too.

## Example
```text
order.name=$stringUtil.trim($order_name)
```

## Use instead
Compute the value in the property itself (`order.name` in antx.properties), or use plain Velocity.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for d in &m.descriptors {
        if d.parsed.is_none() {
            continue;
        }
        for g in &d.gens {
            let Some((tfile, scan)) = m.scan_of(g) else { continue };
            for r in &scan.references {
                let first = r.name.split('.').next().unwrap_or_default();
                if !is_tool(&r.name) || scan.locals.contains(first) {
                    continue;
                }
                out.emit(&RULE, || {
                    Finding::new(
                        &RULE,
                        tfile.span(r.range.clone()),
                        format!("`${first}` is not in autoconfig's Velocity context: the reference renders as an undefined placeholder"),
                    )
                    .with_help("compute the value in the property itself, or use plain Velocity")
                });
            }
        }
    }
}
