//! AX005 invalid-required-flag: `required` that is not `true` or `false`.

use precheck_core::{Finding, RuleMeta, Severity};

use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "antx",
    "AX005",
    "invalid-required-flag",
    Severity::Error,
    "`<property required=\"…\">` that is not `true` or `false`",
    r#"## What it does
Reports a `required` attribute whose value is not `true` or `false`.

## Why
autoconfig converts the attribute to a boolean when it loads the descriptor; anything else is a bean
conversion error and the descriptor does not load (as AX001).

## Example
```xml
<property name="order.log.level" required="no"/>
```

## Use instead
```xml
<property name="order.log.level" required="false"/>
```
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for d in &m.descriptors {
        let Some(parsed) = &d.parsed else { continue };
        let file = &m.files[d.file];
        for p in &parsed.properties {
            let Some(a) = p.elem.attr("required") else { continue };
            let v = a.value.trim();
            if v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("false") {
                continue;
            }
            out.emit(&RULE, || {
                Finding::new(
                    &RULE,
                    file.span(a.value_range.clone()),
                    format!(
                        "`required=\"{v}\"` on `{}` is not `true` or `false`: the descriptor fails to load",
                        p.name()
                    ),
                )
                .with_help("write `required=\"false\"` for an optional property, or drop the attribute")
            });
        }
    }
}
