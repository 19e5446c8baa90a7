//! SQL006 insert-columns: INSERT without a column list.

use precheck_core::{RuleMeta, Severity};
use sqlparser::ast::Statement;

use super::{Out, StmtCx};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL006",
    "insert-columns",
    Severity::Warning,
    "INSERT or REPLACE without a column list",
    r#"## What it does
Reports `INSERT INTO t VALUES (…)` and `INSERT INTO t SELECT …` that do not name the target columns.

## Why
The values bind by position: adding or reordering a column silently shifts them or fails
(Bytebase, goInception check_insert_field, SOAR COL.002).

## Example
```sql
INSERT INTO user VALUES (1, 'ann');
```

## Use instead
```sql
INSERT INTO user (id, name) VALUES (1, 'ann');
```
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let (Some(Statement::Insert(ins)), Some(first)) = (&cx.stmt.ast, cx.toks().first()) else { return };
    if ins.columns.is_empty() && ins.assignments.is_empty() && ins.source.is_some() {
        let table = ins.table.to_string();
        out.add(
            &RULE,
            (first.start, first.end),
            format!("`INSERT` into `{table}` does not name its columns"),
            "list the target columns: `INSERT INTO t (a, b) VALUES …`",
        );
    }
}
