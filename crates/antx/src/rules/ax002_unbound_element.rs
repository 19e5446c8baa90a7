//! AX002 unbound-element: an element outside the paths autoconfig binds, so it is silently ignored.

use precheck_core::{Finding, RuleMeta, Severity};

use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "antx",
    "AX002",
    "unbound-element",
    Severity::Warning,
    "an element autoconfig silently ignores (a `<property>` outside `<group>`, a `<generate>` outside `<script>`)",
    r#"## What it does
autoconfig binds only `config`, `config/group`, `config/group/property`,
`config/group/property/validator` and `config/script/generate`. This rule reports any other element (only
the outermost one of an ignored subtree), such as a `<property>` directly under `<config>` or a `<generate>`
outside `<script>`, and a root element that is not `<config>`.

## Why
The element is dropped without a word: the property is never declared (its placeholders then fail as
AX015) and the template is never rendered.

## Example
```xml
<config>
  <property name="order.db.url"/>
</config>
```

## Use instead
```xml
<config>
  <group name="db">
    <property name="order.db.url"/>
  </group>
</config>
```
"#,
)
.repo();

fn help(name: &str) -> &'static str {
    match name {
        "property" => "put it inside a `<group name=\"…\">` under `<config>`",
        "validator" => "put it inside the `<property>` it validates",
        "generate" => "put it inside `<script>` under `<config>`",
        "group" | "script" => "put it directly under `<config>`",
        _ => {
            "remove it, or move it where autoconfig reads it (config/group/property/validator, config/script/generate)"
        }
    }
}

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for d in &m.descriptors {
        let Some(parsed) = &d.parsed else { continue };
        let file = &m.files[d.file];
        for (elem, parent) in &parsed.unbound {
            out.emit(&RULE, || {
                let message = if parent.is_empty() {
                    format!(
                        "root element `<{}>` is not `<config>`: autoconfig reads nothing from this descriptor",
                        elem.name
                    )
                } else {
                    format!("`<{}>` under `{parent}` is silently ignored by autoconfig", elem.name)
                };
                Finding::new(&RULE, file.span(elem.range.clone()), message).with_help(help(&elem.name))
            });
        }
    }
}
