//! ZD062 missing-shard-rule: several databases without a db rule, or several tables per database without a tb rule.

use super::{at};
use precheck_core::Sink;
use crate::catalogue::tables_per_db;
use crate::model::DbIndexForm;
use crate::model::Model;
use precheck_xml::beans::BeanId;
use precheck_core::{RuleMeta, Severity};

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD062",
    "missing-shard-rule",
    Severity::Error,
    "several databases without a db rule, or several tables per database without a tb rule",
    r#"## What it does
Reports a TableRule with more than one dbIndex but no dbRules, or more than one table per database (from `tbSuffix`) but no tbRules. It is an error when `disableFullTableScan` is true (the default) and a warning otherwise.

## Why
With full table scans disabled, every statement fails: "找不到目标库，请检查配置". Otherwise every statement scatters to every database or table.

## Example
```xml
<property name="dbIndexes" value="master_0,master_1" />
<!-- no dbRules -->
```

## Use instead
Add the rule that picks the database (`dbRuleArray`) or the table (`tbRuleArray`).
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
        let n = info.db_indexes.as_ref().map_or(0, |d| d.count());
        let k = info.suffix.as_ref().and_then(|(s, _)| tables_per_db(s, n)).unwrap_or(0);
        let sev = if info.disable_full_table_scan { Severity::Error } else { Severity::Warning };
        let loc = m.beans[b].at().clone();
        if n > 1
            && info.db_rules.is_empty()
            && info.db_indexes.as_ref().is_some_and(|d| d.form != DbIndexForm::SetByGroovy)
        {
            out.emit(&RULE, || {
                at(m, &RULE, &loc, format!("{n} dbIndexes but no db rule: \"找不到目标库，请检查配置\""))
                    .with_severity(sev)
                    .with_help("add `dbRuleArray` with the rule that picks the database")
            });
        }
        if k > 1 && info.tb_rules.is_empty() {
            out.emit(&RULE, || {
                at(m, &RULE, &loc, format!("{k} tables per database but no tb rule: statements cannot pick a table"))
                    .with_severity(sev)
                    .with_help("add `tbRuleArray` with the rule that picks the table")
            });
        }
    }
}
