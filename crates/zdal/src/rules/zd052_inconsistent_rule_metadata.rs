//! ZD052 inconsistent-rule-metadata: a `logicTableName` that differs from its `tableRules` key, or a `ShardRule.dbtype` that differs from `dataBaseType`.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD052",
    "inconsistent-rule-metadata",
    Severity::Warning,
    "a `logicTableName` that differs from its `tableRules` key, or a `ShardRule.dbtype` that differs from `dataBaseType`",
    r#"## What it does
Zone-aware rules carry routing metadata twice: `TableRule.logicTableName` and the `tableRules` key, `ShardRule.dbtype` and the data source's `dataBaseType`. Reports the pairs that disagree (table names case-insensitively).

## Why
Routing metadata that contradicts itself: the console, the SQL parser and the router each follow a different copy.

## Example
```xml
<entry key="user" value-ref="orderRule" />   <!-- orderRule has logicTableName `order` -->
```

## Use instead
Make both say the same.
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        for t in &ds.tables {
            if let Some((name, loc)) = t.table_rule.and_then(|tr| m.str_prop(tr, "logicTableName")) {
                if !name.trim().eq_ignore_ascii_case(&t.key) && !Model::deferred(name) {
                    out.emit(&RULE, || {
                        at(
                            m,
                            &RULE,
                            loc,
                            format!("`logicTableName` `{}` differs from its `tableRules` key `{}`", name.trim(), t.key),
                        )
                        .with_label(m.span(&t.key_loc), "table key here")
                        .with_help("make both name the same logical table")
                    });
                }
            }
            if let (Some((dbtype, loc)), Some(db)) = (m.str_prop(t.shard_rule, "dbtype"), ds.db_type.as_deref()) {
                if !dbtype.trim().eq_ignore_ascii_case(db) {
                    let db_loc = m.str_prop(ds.bean, "dataBaseType").map(|(_, l)| l.clone());
                    out.emit(&RULE, || {
                        let f = at(
                            m,
                            &RULE,
                            loc,
                            format!("`dbtype` `{}` differs from `dataBaseType` `{db}` of `{}`", dbtype.trim(), ds.name),
                        )
                        .with_help("make both name the same database");
                        match &db_loc {
                            Some(l) => f.with_label(m.span(l), "dataBaseType declared here"),
                            None => f,
                        }
                    });
                }
            }
        }
    }
}
