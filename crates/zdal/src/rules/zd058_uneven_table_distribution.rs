//! ZD058 uneven-table-distribution: a `throughAllDB` table count not divisible by the number of databases.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::grammar;
use crate::model::Model;
use precheck_xml::beans::BeanId;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD058",
    "uneven-table-distribution",
    Severity::Warning,
    "a `throughAllDB` table count not divisible by the number of databases",
    r#"## What it does
For `throughAllDB`, each database holds `(to-from+1) / N` tables (integer division). Reports a range whose table count is not a multiple of the dbIndex count N.

## Why
The leftover tables can never be addressed: their rows are unreachable, and the rule's arithmetic usually does not match the layout.

## Example
```xml
<property name="dbIndexes" value="master_0,master_1,master_2" />
<property name="tbSuffix" value="throughAllDB:[_00-_09]" />
```

## Use instead
Make the table count a multiple of the number of databases.
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    let mut ids: Vec<&BeanId> = m.table_rules.keys().collect();
    ids.sort();
    for &b in ids {
        let info = &m.table_rules[&b];
        if m.beans[b].is_abstract {
            continue;
        }
        let Some((s, loc)) = &info.suffix else { continue };
        if Model::deferred(s) {
            continue;
        }
        let Ok(suffix) = grammar::parse_suffix(s) else { continue };
        let n = info.db_indexes.as_ref().map_or(0, |d| d.count()) as u64;
        if suffix.kind != "throughAllDB" || n == 0 {
            continue;
        }
        let Some(r) = suffix.ranges.first() else { continue };
        if r.count() % n != 0 {
            out.emit(&RULE, || {
                at(
                    m,
                    &RULE,
                    loc,
                    format!(
                        "{} tables over {n} databases: {} tables per database, {} left over and never addressed",
                        r.count(),
                        r.count() / n,
                        r.count() % n
                    ),
                )
                .with_help("make the table count a multiple of the number of databases")
            });
        }
    }
}
