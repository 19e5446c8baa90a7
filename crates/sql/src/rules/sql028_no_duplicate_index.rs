//! SQL028 no-duplicate-index: duplicate or redundant indexes of one table.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};
use crate::ddl::{AlterOp, Ddl, Index, IndexKind, Name};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL028",
    "no-duplicate-index",
    Severity::Warning,
    "index whose columns repeat or prefix another index of the same table (CREATE TABLE, ALTER, CREATE INDEX)",
    r#"## What it does
Reports, in a CREATE TABLE, a plain index whose columns are the leading columns of another index
(`KEY (a)` beside `KEY (a, b)` or the primary key `(a)`), and a unique index identical to another.

Indexes added later — `ALTER TABLE … ADD INDEX / KEY / UNIQUE` and `CREATE INDEX` — are compared with the
table's indexes as the repository's schema knows them: the earlier migrations (`.sql` files in migration
order) replayed, then the earlier statements of the same file. This part needs the repository's schema; for
a table the schema does not know, only the indexes added in the same statement are compared. An added
index that makes an existing plain index redundant (`ADD KEY (a, b)` where `KEY (a)` exists) is reported
too, unless the same statement drops that index.

## Why
The redundant index costs every write and the buffer pool but serves no query the other does not
(Bytebase TABLE_NO_DUPLICATE_INDEX, SOAR's index advisor).

## Example
```sql
CREATE TABLE t (…, KEY idx_a (a), KEY idx_a_b (a, b));
```

## Use instead
Keep `idx_a_b` only.
"#,
);

fn usable(i: &Index) -> bool {
    !i.columns.is_empty() && !matches!(i.kind, IndexKind::Fulltext | IndexKind::Spatial)
}

fn label(i: &Index) -> String {
    match (&i.name, i.kind) {
        (Some(n), _) => n.value.clone(),
        (None, IndexKind::Primary) => "PRIMARY".to_string(),
        (None, _) => "(unnamed)".to_string(),
    }
}

/// Whether `b` makes the added index `a` redundant.
fn covers(b: &Index, a: &Index) -> bool {
    let prefix = b.columns.len() >= a.columns.len() && b.columns[..a.columns.len()] == a.columns[..];
    match a.kind {
        IndexKind::Plain => prefix,
        IndexKind::Unique => b.columns == a.columns && b.kind != IndexKind::Plain,
        _ => false,
    }
}

/// Indexes added to an existing table, against the schema's indexes of that table.
fn check_added(cx: &StmtCx<'_>, table: &Name, added: &[&Index], dropped: &[String], drops_pk: bool, out: &mut Out<'_>) {
    let known: &[Index] = cx.schema.and_then(|c| c.tables.get(&table.lower())).map_or(&[], |t| &t.indexes);
    let existing: Vec<&Index> = known
        .iter()
        .filter(|i| usable(i))
        .filter(|i| !(drops_pk && i.kind == IndexKind::Primary))
        .filter(|i| i.name.as_ref().is_none_or(|n| !dropped.contains(&n.lower())))
        .collect();
    for (ai, a) in added.iter().enumerate().filter(|(_, i)| usable(i)) {
        let earlier = added[..ai].iter().copied().filter(|i| usable(i));
        if let Some(b) = existing.iter().copied().chain(earlier).find(|b| covers(b, a)) {
            out.add(
                &RULE,
                (a.start, a.end),
                format!(
                    "index `{}` is redundant with `{}` on ({}) of `{}`",
                    label(a),
                    label(b),
                    b.columns.join(", "),
                    table.value
                ),
                "drop the redundant index",
            );
            continue;
        }
        let shadowed = existing.iter().find(|b| {
            b.kind == IndexKind::Plain
                && b.columns.len() < a.columns.len()
                && a.columns[..b.columns.len()] == b.columns[..]
        });
        if let Some(b) = shadowed {
            out.add(
                &RULE,
                (a.start, a.end),
                format!(
                    "index `{}` makes existing index `{}` on ({}) of `{}` redundant",
                    label(a),
                    label(b),
                    b.columns.join(", "),
                    table.value
                ),
                "drop the existing index in the same statement",
            );
        }
    }
}

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    match cx.ddl {
        Some(Ddl::Alter(a)) => {
            let added: Vec<&Index> =
                a.ops.iter().filter_map(|op| if let AlterOp::AddIndex(i) = op { Some(i) } else { None }).collect();
            if added.is_empty() {
                return;
            }
            let dropped: Vec<String> = a
                .ops
                .iter()
                .filter_map(|op| if let AlterOp::DropIndex(n) = op { Some(n.lower()) } else { None })
                .collect();
            let drops_pk = a.ops.iter().any(|op| matches!(op, AlterOp::DropPrimary(..)));
            check_added(cx, &a.name, &added, &dropped, drops_pk, out);
            return;
        }
        Some(Ddl::CreateIndex { table, index }) => {
            check_added(cx, table, &[index], &[], false, out);
            return;
        }
        _ => {}
    }
    let Some(Ddl::Create(ct)) = cx.ddl else { return };
    for (ai, a) in ct.indexes.iter().enumerate().filter(|(_, i)| usable(i)) {
        let covered = ct.indexes.iter().enumerate().filter(|(bi, b)| *bi != ai && usable(b)).find(|(bi, b)| {
            let prefix = b.columns.len() >= a.columns.len() && b.columns[..a.columns.len()] == a.columns[..];
            let equal = b.columns == a.columns;
            match a.kind {
                IndexKind::Plain => prefix && (!equal || b.kind != IndexKind::Plain || *bi < ai),
                IndexKind::Unique => equal && b.kind != IndexKind::Plain && *bi < ai,
                _ => false,
            }
        });
        if let Some((_, b)) = covered {
            let name = |i: &Index| i.name.as_ref().map_or_else(|| "PRIMARY".to_string(), |n| n.value.clone());
            out.add(
                &RULE,
                (a.start, a.end),
                format!("index `{}` is redundant with `{}` on ({})", name(a), name(b), b.columns.join(", ")),
                "drop the redundant index",
            );
        }
    }
}
