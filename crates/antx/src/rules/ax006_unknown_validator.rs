//! AX006 unknown-validator: a `<validator name="…">` autoconfig has no plugin for.

use precheck_core::{Finding, RuleMeta, Severity};

use precheck_core::Sink;
use crate::model::Model;
use crate::validators::NAMES;

pub static RULE: RuleMeta = RuleMeta::new(
    "antx",
    "AX006",
    "unknown-validator",
    Severity::Error,
    "a `<validator>` whose `name` is not one of autoconfig's validators",
    r#"## What it does
Reports a `<validator>` whose `name` is missing or not one of `required`, `boolean`, `choice`, `number`,
`keyword`, `email`, `regexp`, `url`, `fileExist`, `hostExist` (case-sensitive).

## Why
The name selects a plugin; an unknown plugin id is a load error, and the packaging step fails.

## Example
```xml
<validator name="integer"/>
```

## Use instead
```xml
<validator name="number"/>
```
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for d in &m.descriptors {
        let Some(parsed) = &d.parsed else { continue };
        let file = &m.files[d.file];
        for p in &parsed.properties {
            for v in &p.validators {
                let name = v.value("name").unwrap_or_default();
                if NAMES.contains(&name) {
                    continue;
                }
                let close = NAMES.iter().find(|n| n.eq_ignore_ascii_case(name)).copied();
                out.emit(&RULE, || {
                    let f = Finding::new(
                        &RULE,
                        file.span(v.name_range()),
                        format!("`{name}` is not an autoconfig validator (on `{}`)", p.name()),
                    );
                    match close {
                        Some(c) => f.with_help(format!("did you mean `{c}`? validator names are case-sensitive")),
                        None => f.with_help(format!("use one of {}", NAMES.join(", "))),
                    }
                });
            }
        }
    }
}
