//! ZD105 unsupported-aggregate: AVG, or an aggregate with ORDER BY, over several Zdal shards.

use precheck_core::{RuleMeta, Severity};

use crate::routing::{RouteCx, RouteOut, Variant, Verdict};
use precheck_zdal::CatalogueTable;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "ZD105",
    "unsupported-aggregate",
    Severity::Error,
    "`AVG()` (error) or an aggregate with ORDER BY (warning) over several Zdal shards",
    r#"## What it does
Reports, on a logical table sharded by Zdal whose shard column is not bound to a single value, a SELECT
with `AVG()` (an error) and a SELECT that combines an aggregate (`COUNT`, `SUM`, `MIN`, `MAX`) with ORDER BY
(a warning). It needs the Zdal configuration of the repository (ds and rule XML).

## Why
Zdal merges aggregates from several targets itself and supports only some of them: AVG fails with
"The group function 'AVG' is not supported now!", and an aggregate with ORDER BY with "'group function'
and 'order by' can't be together!".

## Example
```sql
SELECT AVG(amount) FROM orders WHERE user_id IN (?, ?);
```

## Use instead
```sql
SELECT SUM(amount), COUNT(*) FROM orders WHERE user_id IN (?, ?);
```
and divide in the application; or bind `user_id = ?` to route to one shard.
"#,
)
.opt_in();

/// Whether rendering `v` routes to several targets of `t`: the shard column bound to several values or a
/// range, or not bound where full scans are allowed (unbound with full scans off is ZD102's).
pub fn multi_route(cx: &RouteCx<'_>, v: &Variant<'_>, t: &CatalogueTable) -> bool {
    match cx.verdict(v, t) {
        Verdict::Bound { single } => !single,
        Verdict::Unbound(_) | Verdict::RangeOnly(_) => !t.disable_full_table_scan,
    }
}

pub fn check(cx: &RouteCx<'_>, out: &mut RouteOut<'_>) {
    let Some(t) = cx.target() else { return };
    let v = cx.full();
    if !t.is_sharded() || v.shape.aggregates.is_empty() || !multi_route(cx, v, t) {
        return;
    }
    let col = t.shard_columns().first().map(|c| c.to_string()).unwrap_or_default();
    let first = cx.first();
    let label = Some((t, format!("shard column `{col}` declared here")));
    if let Some((_, at)) = v.shape.aggregates.iter().find(|(n, _)| n == "AVG") {
        out.add(
            &RULE,
            Severity::Error,
            cx,
            v,
            *at,
            label,
            format!(
                "AVG over several shards of `{}` (`{col}` is not bound to one value): Zdal fails with \"The group function 'AVG' is not supported now!\"",
                first.name
            ),
            format!("select SUM and COUNT and divide in the application, or bind `{col} = ?`"),
        );
    } else if v.shape.order_by {
        let (name, at) = &v.shape.aggregates[0];
        out.add(
            &RULE,
            Severity::Warning,
            cx,
            v,
            *at,
            label,
            format!(
                "{name} with ORDER BY over several shards of `{}` (`{col}` is not bound to one value): Zdal fails with \"'group function' and 'order by' can't be together!\"",
                first.name
            ),
            format!("drop the ORDER BY, or bind `{col} = ?` to route to one shard"),
        );
    }
}
