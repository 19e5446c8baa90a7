//! ZD047 conflicting-app-rules: an AppRule with `readwriteRule` and `masterRule`/`slaveRule` together.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::Model;
use precheck_xml::beans::Kind;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD047",
    "conflicting-app-rules",
    Severity::Error,
    "an AppRule with `readwriteRule` and `masterRule`/`slaveRule` together",
    r#"## What it does
Reports an `AppRule` that sets `readwriteRule` together with `masterRule` or `slaveRule`.

## Why
Zdal refuses to start: "readwriteRule 不能和masterRule或slaveRule同时配置".

## Example
```xml
<property name="readwriteRule" ref="rwRule" />
<property name="masterRule" ref="rwRule" />
```

## Use instead
Use `readwriteRule` alone, or `masterRule` and `slaveRule`.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for (b, bean) in m.beans.iter().enumerate() {
        if m.kind(b) != Kind::AppRule || bean.is_abstract {
            continue;
        }
        let Some(rw) = m.prop(b, "readwriteRule") else { continue };
        for other in ["masterRule", "slaveRule"] {
            let Some(p) = m.prop(b, other) else { continue };
            out.emit(&RULE, || {
                at(
                    m,
                    &RULE,
                    &p.loc,
                    format!(
                        "`{other}` together with `readwriteRule`: \"readwriteRule 不能和masterRule或slaveRule同时配置\""
                    ),
                )
                .with_label(m.span(&rw.loc), "readwriteRule set here")
                .with_help("use `readwriteRule` alone, or `masterRule` and `slaveRule`")
            });
        }
    }
}
