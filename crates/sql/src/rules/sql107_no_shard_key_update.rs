//! SQL107 no-shard-key-update: an UPDATE that sets the shard column of a table sharded in `[sql.sharding]`.

use precheck_core::{RuleMeta, Severity};

use super::{Origin, Out, StmtCx};
use crate::routing::shape::{Shape, Verb};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL107",
    "no-shard-key-update",
    Severity::Error,
    "UPDATE that sets the shard column of a table sharded in `[sql.sharding]`",
    r#"## What it does
For the tables declared in `[sql.sharding]` (non-Zdal middleware: `table = "shard_column"`), reports an
UPDATE whose SET assigns the shard column, at the table with a label on the assignment. A table whose
sharding Zdal declares is left to ZD108 (one mistake, one finding).

## Why
The shard column decides which physical database and table hold the row. Middleware routes the UPDATE by
the row's current key and writes the new value in place: the row now sits on a shard its key no longer
points at, so later reads by that key miss it; most middleware rejects such statements at run time instead
(precheck's own rule; no public reviewer anchors it).

## Example
```toml
[sql.sharding]
user_order = "user_id"
```
```sql
UPDATE user_order SET user_id = ? WHERE id = ?;
```

## Use instead
Moving a row to another shard is a delete on the old shard and an insert on the new one, done by the
application (in one distributed transaction or with compensation).
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if cx.settings.sharding.is_empty() || cx.origin == Origin::MapperMin {
        return;
    }
    let (Some(ast), Some(first)) = (&cx.stmt.ast, cx.toks().first()) else { return };
    let Some(shape) = Shape::of(ast, &cx.stmt.text, (first.start, first.end)) else { return };
    if shape.verb != Verb::Update {
        return;
    }
    for set in &shape.sets {
        let table = match &set.qualifier {
            Some(q) => shape.tables.iter().find(|t| t.alias.as_deref() == Some(q.as_str()) || t.name == *q),
            None if shape.tables.len() == 1 => shape.tables.first(),
            None => None,
        };
        let Some(table) = table else { continue };
        let Some((_, col)) = cx.settings.sharding.iter().find(|(t, _)| *t == table.name) else { continue };
        if *col != set.column || table.at.1 <= table.at.0 {
            continue;
        }
        let label = (out.locate)(set.at.0, set.at.1);
        if let Some(f) = out.add(
            &RULE,
            table.at,
            format!("`{}` is sharded by `{col}`, and this UPDATE changes `{col}`", table.name),
            "move the row with a delete on the old shard and an insert on the new one",
        ) {
            f.labels.push(precheck_core::finding::Label { span: label, message: "the shard column is set here".into() });
        }
    }
}
