//! ZD107 cross-shard-join: a JOIN or subquery across two sharded logical tables.

use precheck_core::{RuleMeta, Severity};

use crate::routing::{RouteCx, RouteOut};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "ZD107",
    "cross-shard-join",
    Severity::Warning,
    "JOIN or subquery across two sharded Zdal logical tables",
    r#"## What it does
Reports a statement that joins, or reads through a subquery, a second logical table sharded by Zdal
besides the one it routes on. It needs the Zdal configuration of the repository (ds and rule XML).

## Why
Zdal routes a statement on its first table only and rewrites that table's name; the other table is sent
to the same physical database under its logical name, which holds either nothing or only the rows that
happen to share the shard: wrong or partial results.

## Example
```sql
SELECT o.id, i.sku FROM orders o JOIN order_item i ON i.order_id = o.id WHERE o.user_id = ?;
```

## Use instead
Query each table on its own, each with its shard column, and join in the application; or shard both
tables by the same column with the same rule and keep them on one route.
"#,
)
.opt_in();

pub fn check(cx: &RouteCx<'_>, out: &mut RouteOut<'_>) {
    let v = cx.full();
    let mut seen: Vec<&str> = Vec::new();
    for r in v.shape.tables.iter().chain(&v.shape.sub_tables) {
        let Some(t) = cx.ds.table(&r.name).filter(|t| t.is_sharded()) else { continue };
        if seen.contains(&t.table.as_str()) {
            continue;
        }
        seen.push(&t.table);
        if seen.len() < 2 {
            continue;
        }
        let col = t.shard_columns().first().map(|c| c.to_string()).unwrap_or_default();
        out.add(
            &RULE,
            RULE.default_severity,
            cx,
            v,
            r.at,
            Some((t, format!("shard column `{col}` of `{}` declared here", t.table))),
            format!(
                "this statement joins the sharded tables `{}` and `{}` (sharded by `{col}`): Zdal routes on `{}` only",
                seen[0], t.table, seen[0]
            ),
            "query each table on its own with its shard column and join in the application".to_string(),
        );
    }
}
