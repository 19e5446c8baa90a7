//! SQL065 unique-index-on-existing-table: a unique or primary key added to a table that has rows.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};
use crate::ddl::{AlterOp, Ddl, Index, IndexKind};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL065",
    "unique-index-on-existing-table",
    Severity::Error,
    "UNIQUE or PRIMARY KEY added to an existing table",
    r#"## What it does
Reports `ALTER TABLE … ADD UNIQUE / ADD PRIMARY KEY` and `CREATE UNIQUE INDEX` on an existing table.
"Existing" is SQL034's: a table the earlier migrations (the repository's `.sql` files before this one in
migration order, replayed) create and this file does not create before the statement; in a repository
whose migrations create no table at all, every table not created earlier in the same file. A key that
contains all the columns of a primary or unique key the schema knows the table to have already is not
reported: the rows cannot repeat it.

## Why
The rows already in the table may repeat the new key. Then the ALTER fails after copying the table; and
online schema-change tools do worse: pt-online-schema-change and gh-ost copy rows with `INSERT IGNORE`,
so duplicates are silently dropped from the new table (SOAR KEY.009; goInception; squawk's
disallowed-unique-constraint for PostgreSQL's lock).

## Example
```sql
ALTER TABLE user ADD UNIQUE KEY uk_mobile (mobile);
```

## Use instead
Check first (`SELECT mobile, COUNT(*) FROM user GROUP BY mobile HAVING COUNT(*) > 1`), clean the
duplicates, make the application stop writing them, then add the key.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let (table, added): (String, Vec<&Index>) = match cx.ddl {
        Some(Ddl::Alter(a)) => (
            a.name.lower(),
            a.ops.iter().filter_map(|op| if let AlterOp::AddIndex(i) = op { Some(i) } else { None }).collect(),
        ),
        Some(Ddl::CreateIndex { table, index }) => (table.lower(), vec![index]),
        _ => return,
    };
    let shown = match cx.ddl {
        Some(Ddl::Alter(a)) => a.name.value.clone(),
        Some(Ddl::CreateIndex { table, .. }) => table.value.clone(),
        _ => return,
    };
    if cx.file_tables.contains(&table) || cx.schema_known && !cx.schema.is_some_and(|s| s.tables.contains_key(&table)) {
        return;
    }
    // A key that contains the columns of a primary or unique key the table already has cannot meet
    // duplicates.
    let known: Vec<&Index> = cx
        .schema
        .and_then(|s| s.tables.get(&table))
        .map(|t| t.indexes.iter().filter(|i| matches!(i.kind, IndexKind::Primary | IndexKind::Unique)).collect())
        .unwrap_or_default();
    for idx in added {
        if known.iter().any(|k| !k.columns.is_empty() && k.columns.iter().all(|c| idx.columns.contains(c))) {
            continue;
        }
        let what = match idx.kind {
            IndexKind::Unique => "unique key",
            IndexKind::Primary => "primary key",
            _ => continue,
        };
        out.add(
            &RULE,
            (idx.start, idx.end),
            format!("new {what} ({}) on existing table `{shown}`: existing duplicates make it fail", idx.columns.join(", ")),
            "check for and clean duplicates first; online schema-change tools drop them silently",
        );
    }
}
