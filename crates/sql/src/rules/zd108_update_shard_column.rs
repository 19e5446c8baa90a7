//! ZD108 update-shard-column: an UPDATE that sets the shard column.

use precheck_core::{RuleMeta, Severity};

use crate::routing::shape::Verb;
use crate::routing::{RouteCx, RouteOut};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "ZD108",
    "update-shard-column",
    Severity::Warning,
    "UPDATE … SET on the shard column of a sharded Zdal table",
    r#"## What it does
Reports an UPDATE whose SET list assigns a shard column (a column the table's dbRules or tbRules read) of
a logical table sharded by Zdal. It needs the Zdal configuration of the repository (ds and rule XML).

## Why
The row lives on the shard its old value chose. Zdal updates it in place, so afterwards the row sits on a
shard its new value does not route to: later reads by the new value miss it, a silent inconsistency.

## Example
```sql
UPDATE orders SET user_id = ?, amount = ? WHERE user_id = ? AND id = ?;
```

## Use instead
```sql
UPDATE orders SET amount = ? WHERE user_id = ? AND id = ?;
```
To move a row to another owner, delete it and insert it again, so that it lands on its new shard.
"#,
)
.opt_in();

pub fn check(cx: &RouteCx<'_>, out: &mut RouteOut<'_>) {
    let Some(t) = cx.target() else { return };
    let cols = t.shard_columns();
    for v in cx.renderings().filter(|v| v.shape.verb == Verb::Update) {
        let first = &v.shape.tables[0];
        for s in &v.shape.sets {
            let ours = s.qualifier.as_deref().is_none_or(|q| q == first.name || first.alias.as_deref() == Some(q));
            if !ours || !cols.contains(&s.column.as_str()) {
                continue;
            }
            out.add(
                &RULE,
                RULE.default_severity,
                cx,
                v,
                s.at,
                Some((t, format!("shard column `{}` declared here", s.column))),
                format!(
                    "this UPDATE sets `{}`, the shard column of `{}`: the row would have to move to another shard",
                    s.column, first.name
                ),
                "do not update the shard column; delete the row and insert it again so it lands on its new shard"
                    .to_string(),
            );
        }
    }
}
