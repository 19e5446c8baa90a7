//! ZD054 duplicate-dbindex: the same dbIndex twice in one table rule.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::Model;
use precheck_xml::beans::BeanId;
use precheck_xml::beans::Loc;
use std::collections::HashMap;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD054",
    "duplicate-dbindex",
    Severity::Warning,
    "the same dbIndex twice in one table rule",
    r#"## What it does
Reports a dbIndex listed twice in one TableRule.

## Why
The database receives two index slots of the rule: data is skewed onto it and another database gets less or nothing.

## Example
```xml
<property name="dbIndexes" value="master_0,master_1,master_0" />
```

## Use instead
List every pool key once.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    let mut ids: Vec<&BeanId> = m.table_rules.keys().collect();
    ids.sort();
    for &b in ids {
        let info = &m.table_rules[&b];
        if m.beans[b].is_abstract {
            continue;
        }
        let Some(idx) = &info.db_indexes else { continue };
        let mut seen: HashMap<&str, &Loc> = HashMap::new();
        for (d, loc) in &idx.items {
            if d.is_empty() {
                continue;
            }
            match seen.get(d.as_str()) {
                Some(first) => {
                    let first = (*first).clone();
                    out.emit(&RULE, || {
                        at(m, &RULE, loc, format!("dbIndex `{d}` is listed twice: that database gets two index slots"))
                            .with_label(m.span(&first), "first listed here")
                            .with_help("list every pool key once")
                    });
                }
                None => {
                    seen.insert(d, loc);
                }
            }
        }
    }
}
