//! AX009 bad-default-reference: `${…}` in a `defaultValue` that is unbalanced, unknown or cyclic.

use std::collections::HashMap;

use precheck_core::{Finding, RuleMeta, Severity};

use precheck_core::Sink;
use crate::expr::{self, ExpandError, Part};
use crate::model::{Model, is_system_property};

pub static RULE: RuleMeta = RuleMeta::new(
    "antx",
    "AX009",
    "bad-default-reference",
    Severity::Error,
    "`${…}` in a `defaultValue`: unbalanced (E), undeclared (W) or a reference cycle (W)",
    r#"## What it does
Checks the `${name}` references inside `defaultValue`: a `${` without `}` (error), a name that is neither
declared in the package nor a known system property (`user.home`, `user.name`, `java.io.tmpdir`,
`file.separator`, `line.separator`, `os.name`, or `[antx] system-properties`) (warning), and defaults
that refer to each other in a cycle (warning).

## Why
An unbalanced expression fails with "Missing '}' character at the end of expression"; an unknown name
or a cycle evaluates to an empty value.

## Example
```xml
<property name="order.home" defaultValue="${user.hom}/order"/>
<property name="order.logs" defaultValue="${order.home/logs"/>
```

## Use instead
`defaultValue="${user.home}/order"` and `defaultValue="${order.home}/logs"`.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for pkg in &m.packages {
        let mut defaults: HashMap<&str, &str> = HashMap::new();
        for &d in &pkg.descriptors {
            let Some(parsed) = &m.descriptors[d].parsed else { continue };
            for p in &parsed.properties {
                defaults.entry(p.name()).or_insert(p.default_value().map_or("", |a| a.value.as_str()));
            }
        }
        for &d in &pkg.descriptors {
            let desc = &m.descriptors[d];
            let Some(parsed) = &desc.parsed else { continue };
            let file = &m.files[desc.file];
            for p in &parsed.properties {
                let Some(def) = p.default_value() else { continue };
                let span = || file.span(def.value_range.clone());
                let mut unclosed = false;
                for part in expr::parts(&def.value) {
                    match part {
                        Part::Unclosed(_) => {
                            unclosed = true;
                            out.emit(&RULE, || {
                                Finding::new(
                                    &RULE,
                                    span(),
                                    format!("the default of `{}` has `${{` without `}}`: \"Missing '}}' character at the end of expression\"", p.name()),
                                )
                                .with_help("close the reference with `}`")
                            });
                        }
                        Part::Ref(name, _) => {
                            if !defaults.contains_key(name.as_str()) && !is_system_property(&m.settings, &name) {
                                out.emit(&RULE, || {
                                    Finding::new(
                                        &RULE,
                                        span(),
                                        format!("the default of `{}` refers to `{name}`, which is neither declared nor a system property", p.name()),
                                    )
                                    .with_severity(Severity::Warning)
                                    .with_help(format!("declare `{name}`, fix the name, or add it to `[antx] system-properties`"))
                                });
                            }
                        }
                    }
                }
                if unclosed {
                    continue;
                }
                let lookup = |n: &str| defaults.get(n).map(|v| (*v).to_string());
                // Start from the property itself, so only the properties on the cycle report it.
                if let Err(ExpandError::Cycle(cycle)) = expr::expand(&format!("${{{}}}", p.name()), &lookup) {
                    if cycle.first().is_some_and(|c| c == p.name()) {
                        out.emit(&RULE, || {
                            Finding::new(
                                &RULE,
                                span(),
                                format!(
                                    "the default of `{}` is a reference cycle ({}): it evaluates to nothing",
                                    p.name(),
                                    cycle.join(" → ")
                                ),
                            )
                            .with_severity(Severity::Warning)
                            .with_help("break the cycle: one of the defaults must be a literal")
                        });
                    }
                }
            }
        }
    }
}
