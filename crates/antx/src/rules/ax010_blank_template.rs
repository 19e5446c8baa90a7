//! AX010 blank-template: a `<generate>` without a template.

use precheck_core::{Finding, RuleMeta, Severity};

use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "antx",
    "AX010",
    "blank-template",
    Severity::Error,
    "a `<generate>` whose `template` is missing or blank",
    r#"## What it does
Reports a `<generate>` with no `template` attribute, or a blank one.

## Why
autoconfig drops the generate with a log line: the file is never rendered, and the application starts
with whatever stale file is there, or none.

## Example
```xml
<generate destfile="WEB-INF/classes/order-ds.xml"/>
```

## Use instead
```xml
<generate template="order-ds.xml.vm" destfile="WEB-INF/classes/order-ds.xml"/>
```
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for d in &m.descriptors {
        let Some(parsed) = &d.parsed else { continue };
        let file = &m.files[d.file];
        for g in &d.gens {
            if !g.template.is_empty() {
                continue;
            }
            let elem = &parsed.generates[g.elem];
            out.emit(&RULE, || {
                Finding::new(
                    &RULE,
                    file.span(elem.range.clone()),
                    "`<generate>` has no `template`: autoconfig drops it and renders nothing",
                )
                .with_help("name the template to render in `template=\"…\"`")
            });
        }
    }
}
