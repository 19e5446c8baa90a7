//! SQL087 no-update-pk: an UPDATE that sets a primary-key column (needs the schema).

use precheck_core::{RuleMeta, Severity};

use super::{Origin, Out, StmtCx};
use crate::ddl::IndexKind;
use crate::routing::shape::{Shape, Verb};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL087",
    "no-update-pk",
    Severity::Warning,
    "UPDATE that sets a primary-key column",
    r#"## What it does
Reports a `SET` of an UPDATE that assigns a column of the updated table's primary key. The key comes from
the schema: precheck replays the repository's migrations (CREATE/ALTER in migration order, then the
earlier statements of the same script); a table the replay does not know is not reported. In a mapper only
an assignment outside every `<if>` counts: a "selective" `<if test="id != null">id = #{id},</if>` writes back
the key the row was found by, and MyBatis Generator's `…ByExample` statements copy the whole record by
design.

## Why
The primary key is the row's identity: InnoDB clusters the table by it, so changing it moves the row
(a delete and an insert) and rewrites every secondary index entry; caches, replicas, binlog consumers and
other tables that store the key now point at nothing (SOAR CLA.016).

## Example
```sql
CREATE TABLE coupon (id bigint unsigned NOT NULL AUTO_INCREMENT, code varchar(32) NOT NULL, PRIMARY KEY (id));
UPDATE coupon SET id = ?, code = ? WHERE code = ?;
```

## Use instead
Never change the key: update the other columns, or insert a new row and retire the old one.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    // In a mapper only what is always set counts (the rendering with every optional piece off): a "selective"
    // `<if test="id != null">id = #{id},</if>` writes the key the WHERE selected by. MyBatis Generator's
    // `…ByExample` statements (whose WHERE is `${…}` text) copy every property of the record, the key included.
    if cx.origin == Origin::MapperMax || (cx.origin == Origin::MapperMin && cx.whole_table_on_purpose) || cx.substituted {
        return;
    }
    let (Some(ast), Some(schema), Some(first)) = (&cx.stmt.ast, cx.schema, cx.toks().first()) else { return };
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
        let Some(def) = schema.tables.get(&table.name) else { continue };
        let key = def.indexes.iter().find(|i| i.kind == IndexKind::Primary);
        let in_key = key.is_some_and(|k| k.columns.iter().any(|c| c.eq_ignore_ascii_case(&set.column)))
            || def.columns.get(&set.column).is_some_and(|c| c.primary);
        if in_key && set.at.1 > set.at.0 {
            out.add(
                &RULE,
                set.at,
                format!("`{}` is the primary key of `{}`: the UPDATE changes the row's identity", set.column, table.name),
                "do not change the key; update the other columns or insert a new row",
            );
        }
    }
}
