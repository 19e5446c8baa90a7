//! ZD109 cross-shard-transaction: a multi-row write that may span several Zdal databases.

use precheck_core::{RuleMeta, Severity};

use crate::routing::shape::Verb;
use crate::routing::{RouteCx, RouteOut, Verdict};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "ZD109",
    "cross-shard-transaction",
    Severity::Warning,
    "multi-row INSERT, or UPDATE/DELETE with an IN list on the shard column, that may span several Zdal databases",
    r#"## What it does
Reports, on a logical table that Zdal spreads over several databases, an INSERT of several rows
(`VALUES (…), (…)` or a `<foreach>`/`<iterate>` list) and an UPDATE or DELETE that binds the shard column to
several values (`IN (…)`, OR). Such a write can touch several databases. It needs the Zdal configuration of
the repository (ds and rule XML). precheck cannot see the transaction boundary, so it is a warning.

## Why
Zdal transactions are single-database: inside a transaction, a write that reaches a second database fails
with "只支持单库的事务".

## Example
```xml
<insert id="batch">INSERT INTO orders (id, user_id) VALUES
  <foreach collection="list" item="o" separator=",">(#{o.id}, #{o.userId})</foreach></insert>
```

## Use instead
Group the rows by shard column value (one database per call), or write them outside a transaction.
"#,
)
.opt_in();

pub fn check(cx: &RouteCx<'_>, out: &mut RouteOut<'_>) {
    let Some(t) = cx.target() else { return };
    if t.db_count < 2 {
        return;
    }
    let col = t.shard_columns().first().map(|c| c.to_string()).unwrap_or_default();
    for v in cx.renderings() {
        let first = &v.shape.tables[0];
        let what = match v.shape.verb {
            Verb::Insert if v.shape.insert_rows > 1 => {
                format!("this INSERT writes several rows to `{}` (sharded by `{col}`)", first.name)
            }
            Verb::Update | Verb::Delete if cx.verdict(v, t) == (Verdict::Bound { single: false }) => {
                format!("this {} binds `{col}` of `{}` to several values", v.shape.verb.word(), first.name)
            }
            _ => continue,
        };
        out.add(
            &RULE,
            RULE.default_severity,
            cx,
            v,
            first.at,
            Some((t, format!("shard column `{col}` declared here"))),
            format!(
                "{what}, which may span several databases: inside a transaction Zdal fails with \"只支持单库的事务\""
            ),
            format!("write one `{col}` value's rows per transaction, or write outside a transaction"),
        );
        return;
    }
}
