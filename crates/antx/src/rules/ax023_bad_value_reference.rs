//! AX023 bad-value-reference: `${…}` in a property value that is unbalanced, unresolvable or cyclic.

use std::collections::HashMap;

use precheck_core::{Finding, RuleMeta, Severity};

use precheck_core::Sink;
use crate::expr::{self, ExpandError, Part};
use crate::model::{Model, is_system_property};

pub static RULE: RuleMeta = RuleMeta::new(
    "antx",
    "AX023",
    "bad-value-reference",
    Severity::Error,
    "`${…}` in a property value: unbalanced (E), unresolvable (W) or a cycle (W)",
    r#"## What it does
Checks the `${name}` references in the values of antx.properties and its local shared files: a `${`
without `}` (error); a name that has no value in the file, its shared set, or the system properties
(warning); values that refer to each other in a cycle, a value referring to itself included (warning).
Unresolved names are not reported when the shared set has entries precheck cannot read offline.

## Why
autoconfig fails with "Missing '}' character at the end of expression: …"; an unresolved reference or
a cycle evaluates to an empty value in the rendered configuration.

## Example
```properties
order.home = ${user.home}/order
order.logs = ${order.home/logs
order.tmp = ${order.tmp}/x
```

## Use instead
```properties
order.logs = ${order.home}/logs
order.tmp = ${java.io.tmpdir}/order
```
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    // The keys each file's values can see: its own, plus the user file and shared set it is read with.
    let mut scope: Vec<HashMap<&str, &str>> = vec![HashMap::new(); m.props.len()];
    let mut offline = vec![false; m.props.len()];
    for (i, pf) in m.props.iter().enumerate() {
        if pf.shared {
            continue;
        }
        let group: Vec<usize> = std::iter::once(i).chain(pf.selected_local()).collect();
        let mut keys = HashMap::new();
        for &g in group.iter().rev() {
            for e in &m.props[g].entries {
                keys.insert(e.key.as_str(), e.value.as_str());
            }
        }
        for &g in &group {
            scope[g].extend(keys.iter().map(|(k, v)| (*k, *v)));
            offline[g] |= pf.selected_remote();
        }
    }
    for (i, pf) in m.props.iter().enumerate() {
        let file = &m.files[pf.file];
        for e in &pf.entries {
            if !e.value.contains("${") {
                continue;
            }
            let span = || file.span(e.value_range.clone());
            let parts = expr::parts(&e.value);
            if parts.iter().any(|p| matches!(p, Part::Unclosed(_))) {
                out.emit(&RULE, || {
                    Finding::new(
                        &RULE,
                        span(),
                        format!("the value of `{}` has `${{` without `}}`: \"Missing '}}' character at the end of expression\"", e.key),
                    )
                    .with_help("close the reference with `}`")
                });
                continue;
            }
            let lookup = |n: &str| {
                scope[i].get(n).map(|v| (*v).to_string()).or_else(|| m.settings.system_properties.get(n).cloned())
            };
            match expr::expand(&format!("${{{}}}", e.key), &|n: &str| {
                if n == e.key { Some(e.value.clone()) } else { lookup(n) }
            }) {
                Err(ExpandError::Cycle(cycle)) if cycle.first() == Some(&e.key) => out.emit(&RULE, || {
                    Finding::new(
                        &RULE,
                        span(),
                        format!(
                            "the value of `{}` is a reference cycle ({}): it evaluates to nothing",
                            e.key,
                            cycle.join(" → ")
                        ),
                    )
                    .with_severity(Severity::Warning)
                    .with_help("break the cycle with a literal value")
                }),
                Err(ExpandError::Unresolved(name)) if !offline[i] && !is_system_property(&m.settings, &name) => {
                    out.emit(&RULE, || {
                        Finding::new(
                            &RULE,
                            span(),
                            format!(
                                "the value of `{}` refers to `{name}`, which has no value: it expands to nothing",
                                e.key
                            ),
                        )
                        .with_severity(Severity::Warning)
                        .with_help(format!(
                            "give `{name}` a value, fix the name, or add it to `[antx] system-properties`"
                        ))
                    });
                }
                _ => {}
            }
        }
    }
}
