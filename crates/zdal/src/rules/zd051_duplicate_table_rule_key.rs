//! ZD051 duplicate-table-rule-key: two `tableRules` keys that are equal after lower-casing.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::Model;
use precheck_xml::beans::{Kind, Loc, Value};
use std::collections::HashMap;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD051",
    "duplicate-table-rule-key",
    Severity::Warning,
    "two `tableRules` keys that are equal after lower-casing",
    r#"## What it does
Zdal lower-cases the keys of `tableRules` when it loads them. Reports two keys of one ShardRule that become equal.

## Why
One table rule silently replaces the other.

## Example
```xml
<entry key="user" value-ref="userRule" />
<entry key="USER" value-ref="userRule2" />
```

## Use instead
Keep one entry per logical table.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for (b, _) in m.beans.iter().enumerate() {
        if m.kind(b) != Kind::ShardRule {
            continue;
        }
        let Some(Value::Map { entries, .. }) = m.prop(b, "tableRules").map(|p| &p.value) else { continue };
        let mut seen: HashMap<String, &Loc> = HashMap::new();
        for e in entries {
            let k = e.key.trim().to_ascii_lowercase();
            match seen.get(&k) {
                Some(first) => {
                    let first = (*first).clone();
                    out.emit(&RULE, || at(m, &RULE, &e.key_loc, format!("table `{}` is already in `tableRules` (keys are lower-cased): one rule silently replaces the other", e.key.trim())).with_label(m.span(&first), "first entry here").with_help("keep one entry per logical table"));
                }
                None => {
                    seen.insert(k, &e.key_loc);
                }
            }
        }
    }
}
