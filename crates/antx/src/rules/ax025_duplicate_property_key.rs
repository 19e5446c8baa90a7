//! AX025 duplicate-property-key: the same key twice in one properties file.

use std::collections::HashMap;

use precheck_core::{Finding, RuleMeta, Severity};

use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "antx",
    "AX025",
    "duplicate-property-key",
    Severity::Warning,
    "a key set twice in one properties file (antx.properties or a shared file)",
    r#"## What it does
Reports a key that appears a second time in the same properties file, with a label on the first.

## Why
`java.util.Properties` silently keeps the last one: whoever edits the first sees a value that is not used.

## Example
```properties
order.db.poolSize = 20
order.db.poolSize = 50
```

## Use instead
Keep one line per key.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for pf in &m.props {
        let file = &m.files[pf.file];
        let mut first: HashMap<&str, usize> = HashMap::new();
        for (i, e) in pf.entries.iter().enumerate() {
            let Some(&f) = first.get(e.key.as_str()) else {
                first.insert(&e.key, i);
                continue;
            };
            let label = file.span(pf.entries[f].key_range.clone());
            out.emit(&RULE, || {
                Finding::new(
                    &RULE,
                    file.span(e.key_range.clone()),
                    format!("`{}` is set twice in this file: the last value wins", e.key),
                )
                .with_label(label, "first set here, and silently overridden")
                .with_help("keep one line per key")
            });
        }
    }
}
