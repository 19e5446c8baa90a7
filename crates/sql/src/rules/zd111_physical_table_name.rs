//! ZD111 physical-table-name: SQL that names a physical table instead of its logical table.

use precheck_core::{RuleMeta, Severity};

use crate::routing::{RouteCx, RouteOut, logical_of};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "ZD111",
    "physical-table-name",
    Severity::Warning,
    "SQL names a physical table (`orders_1`) of a sharded Zdal logical table",
    r#"## What it does
Reports a table name in a query or DML statement that is not a logical table of the Zdal data source but
is one with a numeric suffix (`orders_1`, `orders_07`) of a sharded logical table. It needs the Zdal
configuration of the repository (ds and rule XML). DDL is not judged: physical tables are created by name.

## Why
Zdal routes by the logical name. A physical name bypasses the rules: the statement fails with
"未能找到对应规则,逻辑表:orders_1", or (with a `defaultDbIndex`) runs on a database that does not hold
that table's rows.

## Example
```sql
SELECT id FROM orders_1 WHERE user_id = ?;
```

## Use instead
```sql
SELECT id FROM orders WHERE user_id = ?;
```
"#,
)
.opt_in();

pub fn check(cx: &RouteCx<'_>, out: &mut RouteOut<'_>) {
    let v = cx.full();
    for r in v.shape.tables.iter().chain(&v.shape.sub_tables) {
        let Some(t) = logical_of(cx.ds, &r.name) else { continue };
        let col = t.shard_columns().first().map(|c| format!("`{c}`")).unwrap_or_else(|| "the shard column".into());
        out.add(
            &RULE,
            RULE.default_severity,
            cx,
            v,
            r.at,
            Some((t, format!("logical table `{}` declared here", t.table))),
            format!(
                "`{}` is a physical table of the logical table `{}`: Zdal routes by the logical name",
                r.name, t.table
            ),
            format!("use `{}` and bind {col}; Zdal picks the physical table", t.table),
        );
    }
}
