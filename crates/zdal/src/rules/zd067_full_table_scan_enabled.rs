//! ZD067 full-table-scan-enabled: `disableFullTableScan` set to false.

use precheck_core::{RuleMeta, Severity};

use precheck_xml::beans::BeanId;

use super::{at};
use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD067",
    "full-table-scan-enabled",
    Severity::Warning,
    "`disableFullTableScan` set to false",
    r#"## What it does
Reports a TableRule with `disableFullTableScan` false.

## Why
A statement that does not bind the shard column silently fans out to every table of every database instead of failing.

## Example
```xml
<property name="disableFullTableScan" value="false" />
```

## Use instead
Leave it at the default (true) and bind the shard column in every statement.
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
        if info.disable_full_table_scan {
            continue;
        }
        let Some(loc) = &info.full_scan_loc else { continue };
        out.emit(&RULE, || {
            at(
                m,
                &RULE,
                loc,
                "`disableFullTableScan` is false: statements without the shard column fan out to every table",
            )
            .with_help("remove it (the default is true) and bind the shard column in every statement")
        });
    }
}
