//! SQL061 table-max-indexes: a table with more than `table-max-indexes` secondary indexes.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};
use crate::ddl::{AlterOp, Ddl, Index, IndexKind, Name};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL061",
    "table-max-indexes",
    Severity::Warning,
    "table with more secondary indexes than `table-max-indexes` (default 10)",
    r#"## What it does
Counts a table's secondary indexes (unique, plain, full-text and spatial; the primary key, which is the
table itself in InnoDB, is not counted) and reports when there are more than `[sql] table-max-indexes`
(default 10). A CREATE TABLE is judged on its own. ALTER TABLE ADD INDEX and CREATE INDEX are judged
against the table as the repository's schema knows it (the earlier migrations replayed, then the earlier
statements of the file), minus the indexes the same statement drops; for a table the schema does not
know, nothing is reported.

## Why
Each index is written on every insert and on every update of its columns, takes buffer-pool memory and
gives the optimizer more wrong choices; past ten, some are usually redundant (Bytebase
INDEX_TOTAL_NUMBER_LIMIT, goInception max_keys, SOAR KEY.005).

## Example
```sql
ALTER TABLE pay_order ADD INDEX idx_channel (channel); -- the table's eleventh index
```

## Use instead
Drop or merge indexes that share leading columns before adding another.
"#,
)
.opt_in();

fn secondary(i: &Index) -> bool {
    i.kind != IndexKind::Primary
}

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let max = cx.settings.cfg.table_max_indexes;
    match cx.ddl {
        Some(Ddl::Create(ct)) => {
            let Some(name) = &ct.name else { return };
            let n = ct.indexes.iter().filter(|i| secondary(i)).count();
            if n > max {
                report(name, n, max, (name.start, name.end), out);
            }
        }
        Some(Ddl::Alter(a)) => {
            let added: Vec<&Index> = a
                .ops
                .iter()
                .filter_map(|op| if let AlterOp::AddIndex(i) = op { Some(i) } else { None })
                .filter(|i| secondary(i))
                .collect();
            let dropped = a.ops.iter().filter(|op| matches!(op, AlterOp::DropIndex(_))).count();
            if let Some(last) = added.last() {
                added_to(cx, &a.name, added.len(), dropped, (last.start, last.end), out);
            }
        }
        Some(Ddl::CreateIndex { table, index }) if secondary(index) => {
            added_to(cx, table, 1, 0, (index.start, index.end), out);
        }
        _ => {}
    }
}

fn added_to(cx: &StmtCx<'_>, table: &Name, added: usize, dropped: usize, at: (usize, usize), out: &mut Out<'_>) {
    let Some(known) = cx.schema.and_then(|s| s.tables.get(&table.lower())) else { return };
    let max = cx.settings.cfg.table_max_indexes;
    let before = known.indexes.iter().filter(|i| secondary(i)).count();
    let n = (before + added).saturating_sub(dropped);
    // Only the statement that crosses the limit (or adds to a table already over it) is reported.
    if n > max && added > dropped {
        report(table, n, max, at, out);
    }
}

fn report(table: &Name, n: usize, max: usize, at: (usize, usize), out: &mut Out<'_>) {
    out.add(
        &RULE,
        at,
        format!("table `{}` gets {n} secondary indexes; the limit is {max}", table.value),
        "drop or merge redundant indexes",
    );
}
