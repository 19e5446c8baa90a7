//! SQL072 no-drop-indexed-column: DROP COLUMN of a column that an index contains.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};
use crate::ddl::{AlterOp, Ddl, Index, IndexKind};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL072",
    "no-drop-indexed-column",
    Severity::Warning,
    "ALTER TABLE … DROP COLUMN of a column that is part of an index",
    r#"## What it does
Reports `ALTER TABLE … DROP [COLUMN] c` when an index of the table contains `c`, as the repository's
schema knows the table (the earlier migrations replayed, then the earlier statements of the file), minus
the indexes the same statement drops. For a table the schema does not know, nothing is reported.

## Why
MySQL quietly removes the column from every index that has it: a one-column index disappears, and a
composite one shrinks — a unique key over `(shop_id, code)` becomes unique over `shop_id` alone, so
the ALTER fails on duplicates or, worse, succeeds and rejects the next legitimate insert; queries that
used the index lose it (Bytebase COLUMN_DISALLOW_DROP_IN_INDEX).

## Example
```sql
ALTER TABLE coupon DROP COLUMN code; -- in UNIQUE KEY uk_shop_code (shop_id, code)
```

## Use instead
Drop or redefine the index explicitly in the same statement (`DROP INDEX uk_shop_code, DROP COLUMN
code`), after checking which queries use it.
"#,
)
.opt_in();

fn label(i: &Index) -> String {
    match (&i.name, i.kind) {
        (Some(n), _) => format!("`{}`", n.value),
        (None, IndexKind::Primary) => "the primary key".into(),
        (None, _) => "an unnamed index".into(),
    }
}

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let Some(Ddl::Alter(a)) = cx.ddl else { return };
    if !cx.schema_known {
        return;
    }
    let Some(table) = cx.schema.and_then(|s| s.tables.get(&a.name.lower())) else { return };
    let dropped: Vec<String> =
        a.ops.iter().filter_map(|op| if let AlterOp::DropIndex(n) = op { Some(n.lower()) } else { None }).collect();
    let drops_pk = a.ops.iter().any(|op| matches!(op, AlterOp::DropPrimary(..)));
    for op in &a.ops {
        let AlterOp::DropColumn(col) = op else { continue };
        let c = col.lower();
        let hit = table.indexes.iter().find(|i| {
            i.columns.contains(&c)
                && !(drops_pk && i.kind == IndexKind::Primary)
                && i.name.as_ref().is_none_or(|n| !dropped.contains(&n.lower()))
        });
        if let Some(idx) = hit {
            out.add(
                &RULE,
                (col.start, col.end),
                format!(
                    "column `{}` of `{}` is in index {} ({}): dropping it changes the index",
                    col.value,
                    a.name.value,
                    label(idx),
                    idx.columns.join(", ")
                ),
                "drop or redefine the index explicitly in the same statement",
            );
        }
    }
}
