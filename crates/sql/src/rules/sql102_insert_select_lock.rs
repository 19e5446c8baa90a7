//! SQL102 insert-select-lock: `INSERT … SELECT` from a table.

use precheck_core::{RuleMeta, Severity};
use sqlparser::ast::{SetExpr, Statement};

use super::{Origin, Out, StmtCx};
use crate::query;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL102",
    "insert-select-lock",
    Severity::Warning,
    "`INSERT … SELECT` reading a table",
    r#"## What it does
Reports an `INSERT … SELECT` or `REPLACE … SELECT` whose SELECT reads a table. A SELECT of constants only
(`SELECT ?, ? FROM DUAL`, the arms of a batch insert written as `UNION ALL`) reads no table and is not
reported.

## Why
Under REPEATABLE READ with statement-based (or mixed) binlog, InnoDB locks every row the SELECT reads, with
shared next-key locks, for the whole statement: writes to the source table wait or deadlock while it runs,
and a large copy blocks the table for its duration (SOAR LCK.001).

## Example
```sql
INSERT INTO coupon_archive (id, code) SELECT id, code FROM coupon WHERE gmt_create < ?;
```

## Use instead
Copy in small batches by key range (`… WHERE id > ? ORDER BY id LIMIT 1000`), or read the rows in the
application and insert them; row-based binlog with READ COMMITTED avoids the shared locks.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if cx.origin == Origin::MapperMin {
        return;
    }
    let (Some(Statement::Insert(ins)), Some(first)) = (&cx.stmt.ast, cx.toks().first()) else { return };
    let Some(q) = ins.source.as_deref() else { return };
    if matches!(q.body.as_ref(), SetExpr::Values(_)) {
        return;
    }
    let toks = cx.toks();
    let close = query::matching(toks);
    let reads_table = query::levels(toks).iter().filter_map(|l| l.from).any(|from| {
        query::from_clause(toks, &close, from)
            .tables
            .iter()
            .any(|t| t.derived || t.name(toks).is_some_and(|n| n != "dual"))
    });
    if reads_table {
        out.add(
            &RULE,
            (first.start, first.end),
            format!("`{} … SELECT` locks the rows it reads for the whole statement", cx.stmt.verb()),
            "copy in small key-range batches, or read in the application and insert",
        );
    }
}
