//! AX021 missing-required-value: a required property with no value in the merged properties.

use precheck_core::{Finding, RuleMeta, Severity};

use precheck_core::Sink;
use crate::config::KNOWN_SYSTEM_PROPERTIES;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "antx",
    "AX021",
    "missing-required-value",
    Severity::Error,
    "a required property with no non-blank value in antx.properties and its shared set",
    r#"## What it does
For every property that is required (`required` is not `false`), looks for a non-blank value in the
package's merged properties: its `antx.properties` (at the module root or the nearest directory above),
the local files of the shared set it selects, and the system properties. A `defaultValue` does not count.
When no properties file exists for the module, one finding per descriptor lists what is missing. When the
shared set has `http(s)` entries precheck does not fetch, the finding is a warning.

## Why
In a non-interactive build (`-n`, `-i off`, CI) the default is never accepted: autoconfig fails with
"因为配置文件“…”未准备好，所以无法继续下去！" and the packaging step stops.

## Example
```properties
# antx.properties: order.db.url is declared required, but has no value
order.db.poolSize = 20
```

## Use instead
```properties
order.db.url = jdbc:mysql://db.example:3306/order
order.db.poolSize = 20
```
or `required="false"` when the template copes with an empty value.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for (pi, pkg) in m.packages.iter().enumerate() {
        for &d in &pkg.descriptors {
            let desc = &m.descriptors[d];
            let Some(parsed) = &desc.parsed else { continue };
            let file = &m.files[desc.file];
            let required: Vec<_> = parsed
                .properties
                .iter()
                .filter(|p| p.required() && !p.name().is_empty() && !KNOWN_SYSTEM_PROPERTIES.contains(&p.name()))
                .collect();
            let Some(user) = pkg.user else {
                if required.is_empty() {
                    continue;
                }
                let root = parsed.root.as_ref().map_or(0..0, |r| r.range.clone());
                // Up to five named in the message; every one of them labelled at its declaration.
                let names: Vec<String> = required.iter().take(5).map(|p| format!("`{}`", p.name())).collect();
                let listed = if required.len() > 5 { "each labelled below".to_string() } else { names.join(", ") };
                out.emit(&RULE, || {
                    let mut f = Finding::new(
                        &RULE,
                        file.span(root),
                        format!(
                            "no `antx.properties` for module `{}`: {} required properties have no value ({listed})",
                            if pkg.module.is_empty() { "." } else { &pkg.module },
                            required.len(),
                        ),
                    )
                    .with_help("commit an `antx.properties` at the module root with their values, or mark them `required=\"false\"`");
                    for p in &required {
                        f = f.with_label(file.span(p.elem.name_range()), format!("`{}` is required", p.name()));
                    }
                    f
                });
                continue;
            };
            let ufile = &m.files[m.props[user].file];
            for p in required {
                if m.value(pi, p.name()).is_some_and(|v| !v.trim().is_empty()) {
                    continue;
                }
                out.emit(&RULE, || {
                    let f = Finding::new(
                        &RULE,
                        file.span(p.elem.name_range()),
                        format!(
                            "required `{}` has no value in `{}`: \"…未准备好，所以无法继续下去！\"",
                            p.name(),
                            ufile.path
                        ),
                    )
                    .with_label(ufile.whole(), "the properties this package is built with");
                    let f = if pkg.remote { f.with_severity(Severity::Warning) } else { f };
                    f.with_help(if p.default_value().is_some() {
                        "add it to the properties file: a `defaultValue` is only proposed by the interactive wizard"
                    } else {
                        "add a value to the properties file, or mark the property `required=\"false\"`"
                    })
                });
            }
        }
    }
}
