//! AX024 undeclared-property-key: a key of antx.properties that no descriptor declares.

use std::collections::HashSet;

use precheck_core::{Finding, RuleMeta, Severity};

use precheck_core::Sink;
use crate::model::{Model, is_system_property};

pub static RULE: RuleMeta = RuleMeta::new(
    "antx",
    "AX024",
    "undeclared-property-key",
    Severity::Warning,
    "a key in antx.properties that no auto-config.xml of the repository declares",
    r#"## What it does
Reports a key of a user properties file (`antx.properties`) that no descriptor of the repository declares.
The `antx.properties` shared-set keys and system properties are exempt, and so are shared files, which
serve many modules.

## Why
A stale key (the property was renamed or removed) or a misspelt one: the value the author set is not the
one the build uses. If a template renders the misspelt name, AX015 fires as well.

## Example
```properties
order.db.pool.size = 20    # declared as order.db.poolSize
```

## Use instead
Use the declared name, or delete the key.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    let declared: HashSet<&str> = m
        .descriptors
        .iter()
        .filter_map(|d| d.parsed.as_ref())
        .flat_map(|p| p.properties.iter().map(|p| p.name()))
        .collect();
    // Without a loaded descriptor there is nothing to compare against.
    if m.descriptors.iter().all(|d| d.parsed.is_none()) {
        return;
    }
    for pf in m.props.iter().filter(|p| !p.shared) {
        let file = &m.files[pf.file];
        for e in &pf.entries {
            let key = e.key.as_str();
            if declared.contains(key)
                || key == "antx.properties"
                || key.starts_with("antx.properties.")
                || is_system_property(&m.settings, key)
            {
                continue;
            }
            out.emit(&RULE, || {
                Finding::new(
                    &RULE,
                    file.span(e.key_range.clone()),
                    format!("`{key}` is not declared by any auto-config.xml"),
                )
                .with_help("use the declared name, or delete the stale key")
            });
        }
    }
}
