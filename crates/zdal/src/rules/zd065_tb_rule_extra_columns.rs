//! ZD065 tb-rule-extra-columns: a tb rule reading columns the db rule does not.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::grammar;
use crate::model::Model;
use precheck_xml::beans::BeanId;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD065",
    "tb-rule-extra-columns",
    Severity::Warning,
    "a tb rule reading columns the db rule does not",
    r#"## What it does
Reports tb rule columns that are not among the db rule's columns.

## Why
A statement that binds only the db column reaches the right database and then scans every table in it.

## Example
```xml
<value>#user_id#.longValue() % 4</value>        <!-- dbRule -->
<value>#order_id#.longValue() % 8</value>       <!-- tbRule -->
```

## Use instead
Shard tables by the same column as databases, or make sure every statement binds both.
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
        if info.db_rules.is_empty() {
            continue;
        }
        let db_cols: Vec<String> =
            info.db_rules.iter().flat_map(|(e, _)| grammar::tokens(e).0.into_iter().map(|t| t.column)).collect();
        for (expr, loc) in &info.tb_rules {
            for t in grammar::tokens(expr).0 {
                if t.error.is_none() && !db_cols.contains(&t.column) {
                    let sub = m.sub_loc(loc, expr, t.off, t.len);
                    out.emit(&RULE, || at(m, &RULE, &sub, format!("tb rule reads `{}`, which the db rule does not: statements binding only the db column scan every table", t.column)).with_help("shard tables by the db rule's column"));
                }
            }
        }
    }
}
