//! ZD053 invalid-dbindexes: a TableRule without usable dbIndexes.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::DbIndexForm;
use crate::model::Model;
use precheck_xml::beans::BeanId;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD053",
    "invalid-dbindexes",
    Severity::Error,
    "a TableRule without usable dbIndexes",
    r#"## What it does
Reports a TableRule with no `dbIndexes` (nor `dbIndexArray`, nor `dbIndexPrefix` with a positive `dbIndexCount`), one with blank entries, and a `SETBYPOOL:` value with other than one `:`.

## Why
`TableRule.init` fails at startup: "dbIndexes没有配置", "The dbIndexes set empty!", "The dbIndexes set error!".

## Example
```xml
<property name="dbIndexes" value="master_0,,master_1" />
```

## Use instead
List the pool keys the table spans, separated by `,`.
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
        match &info.db_indexes {
            None => {
                let loc = m.beans[b].at().clone();
                out.emit(&RULE, || {
                    at(m, &RULE, &loc, "table rule has no `dbIndexes`: \"dbIndexes没有配置\"")
                        .with_help("add `dbIndexes` listing the pool keys the table spans")
                });
            }
            Some(idx) => {
                if idx.form == DbIndexForm::SetByPool && idx.raw.matches(':').count() != 1 {
                    out.emit(&RULE, || {
                        at(
                            m,
                            &RULE,
                            &idx.loc,
                            "`SETBYPOOL:` value with more than one `:`: \"The dbIndexes set error!\"",
                        )
                        .with_help("write `SETBYPOOL:a,b,c`")
                    });
                } else if idx.form == DbIndexForm::Prefix && idx.items.is_empty() {
                    out.emit(&RULE, || {
                        at(
                            m,
                            &RULE,
                            &idx.loc,
                            "`dbIndexPrefix` without a positive `dbIndexCount`: \"dbIndexes没有配置\"",
                        )
                        .with_help("set `dbIndexCount` to the number of databases")
                    });
                } else if idx.form != DbIndexForm::SetByGroovy
                    && (idx.items.is_empty() || idx.items.iter().any(|(d, _)| d.is_empty()))
                {
                    out.emit(&RULE, || {
                        at(m, &RULE, &idx.loc, "`dbIndexes` has a blank entry: \"The dbIndexes set empty!\"")
                            .with_help("remove the empty entry (a doubled or trailing `,`)")
                    });
                }
            }
        }
    }
}
