//! ZD104 group-by-across-shards: GROUP BY on a statement Zdal routes to several databases or tables.

use precheck_core::{RuleMeta, Severity};

use crate::routing::{RouteCx, RouteOut};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "ZD104",
    "group-by-across-shards",
    Severity::Error,
    "GROUP BY on a sharded Zdal table when the route spans several databases or tables",
    r#"## What it does
Reports a SELECT with GROUP BY on a logical table sharded by Zdal whose shard column is not bound to a
single value: bound by an `IN` list or an OR of values, by a range the rule enumerates, or not at all on
a table that allows full table scans (with full scans disabled, ZD102 reports the missing predicate). It
needs the Zdal configuration of the repository (ds and rule XML).

## Why
Zdal cannot merge grouped results from several targets: it fails with "多库的情况下，不允许使用group by
函数" across databases, and refuses it across the tables of one database as well.

## Example
```sql
SELECT status, COUNT(*) FROM orders WHERE user_id IN (?, ?) GROUP BY status;
```

## Use instead
```sql
SELECT status, COUNT(*) FROM orders WHERE user_id = ? GROUP BY status;
```
or aggregate in the application, one shard at a time.
"#,
)
.opt_in();

pub fn check(cx: &RouteCx<'_>, out: &mut RouteOut<'_>) {
    let Some(t) = cx.target() else { return };
    let v = cx.full();
    if !t.is_sharded() || !v.shape.group_by || !super::zd105_unsupported_aggregate::multi_route(cx, v, t) {
        return;
    }
    let col = t.shard_columns().first().map(|c| c.to_string()).unwrap_or_default();
    let outcome = if t.db_count > 1 {
        "Zdal fails with \"多库的情况下，不允许使用group by 函数\""
    } else {
        "Zdal refuses GROUP BY across several tables"
    };
    let first = cx.first();
    out.add(
        &RULE,
        RULE.default_severity,
        cx,
        v,
        first.at,
        Some((t, format!("shard column `{col}` declared here"))),
        format!("GROUP BY on `{}` routes to several shards (`{col}` is not bound to one value): {outcome}", first.name),
        format!("bind `{col} = ?` to route to one shard, or aggregate in the application"),
    );
}
