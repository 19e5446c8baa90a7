//! AX029 inconsistent-declarations: one property declared differently in several packages.

use std::collections::HashMap;

use precheck_core::{Finding, RuleMeta, Severity};

use precheck_core::Sink;
use crate::descriptor::Property;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "antx",
    "AX029",
    "inconsistent-declarations",
    Severity::Warning,
    "one property declared in several modules with a different defaultValue, required flag or validators",
    r#"## What it does
Compares the declarations of one property name across the descriptors of different packages (modules) of
the repository, and reports one whose `defaultValue`, `required` flag or validators differ from the first,
with a label on it.

## Why
In a multi-module build the wizard shows whichever module's declaration it reads first, so the default
offered and the validation applied depend on build order.

## Example
```xml
<!-- order-core -->  <property name="order.db.poolSize" defaultValue="10"><validator name="number"/></property>
<!-- order-web  -->  <property name="order.db.poolSize" defaultValue="20"/>
```

## Use instead
Declare the property identically everywhere, or in one module only.
"#,
)
.repo();

fn signature(p: &Property) -> String {
    let mut validators: Vec<String> = p
        .validators
        .iter()
        .map(|v| {
            let mut attrs: Vec<String> = v
                .attrs
                .iter()
                .filter(|a| a.name != "message")
                .map(|a| format!("{}={}", a.name, a.value.trim()))
                .collect();
            attrs.sort();
            attrs.join(",")
        })
        .collect();
    validators.sort();
    format!(
        "default={} required={} validators=[{}]",
        p.default_value().map_or_else(|| "(none)".to_string(), |a| format!("`{}`", a.value)),
        p.required(),
        validators.join(";")
    )
}

fn describe(a: &Property, b: &Property) -> &'static str {
    if a.default_value().map(|v| &v.value) != b.default_value().map(|v| &v.value) {
        "defaultValue"
    } else if a.required() != b.required() {
        "required"
    } else {
        "validators"
    }
}

pub fn check(m: &Model, out: &mut Sink<'_>) {
    let mut first: HashMap<&str, (usize, &Property)> = HashMap::new();
    for (pi, pkg) in m.packages.iter().enumerate() {
        for &d in &pkg.descriptors {
            let desc = &m.descriptors[d];
            let Some(parsed) = &desc.parsed else { continue };
            let file = &m.files[desc.file];
            for p in &parsed.properties {
                let name = p.name();
                if name.is_empty() {
                    continue;
                }
                let Some(&(fd, fp)) = first.get(name) else {
                    first.insert(name, (d, p));
                    continue;
                };
                if m.descriptors[fd].package == pi || signature(fp) == signature(p) {
                    continue;
                }
                let other = &m.files[m.descriptors[fd].file];
                out.emit(&RULE, || {
                    Finding::new(
                        &RULE,
                        file.span(p.elem.name_range()),
                        format!("`{name}` is declared with a different `{}` in `{}`", describe(fp, p), other.path),
                    )
                    .with_label(other.span(fp.elem.name_range()), "declared differently here")
                    .with_help("declare the property identically in every module, or in one module only")
                });
            }
        }
    }
}
