//! SQL083 insert-row-limit: an INSERT … VALUES with more rows than `insert-row-limit`.

use precheck_core::{RuleMeta, Severity};
use sqlparser::ast::{SetExpr, Statement};

use super::{Origin, Out, StmtCx};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL083",
    "insert-row-limit",
    Severity::Warning,
    "INSERT / REPLACE with more VALUES rows than `insert-row-limit` (default 1000)",
    r#"## What it does
Reports an `INSERT … VALUES` or `REPLACE … VALUES` statement with more rows than `[sql] insert-row-limit`
(default 1000). Rows built by a mapper `<foreach>` are not counted (their number is only known at run time).

## Why
One huge multi-row INSERT is one transaction: it holds its locks and undo until the last row, can exceed
`max_allowed_packet`, and replicas apply it as one long event, so they lag (Bytebase
STATEMENT_INSERT_ROW_LIMIT, goInception max_insert_rows, SOAR ARG.012).

## Example
```sql
INSERT INTO region (id, name) VALUES (1, 'a'), (2, 'b'), … ; -- 5,000 rows
```

## Use instead
Split the rows into statements of at most 1000 rows each (or load the data with the platform's import tool).
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if cx.origin == Origin::MapperMin {
        return;
    }
    let (Some(Statement::Insert(ins)), Some(first)) = (&cx.stmt.ast, cx.toks().first()) else { return };
    let Some(SetExpr::Values(v)) = ins.source.as_deref().map(|q| q.body.as_ref()) else { return };
    let max = cx.settings.cfg.insert_row_limit;
    if v.rows.len() > max {
        out.add(
            &RULE,
            (first.start, first.end),
            format!("{} rows in one `{}`; the limit is {max}", v.rows.len(), cx.stmt.verb()),
            "split the rows into statements of at most the limit",
        );
    }
}
