//! SQL002 update-delete-require-where: UPDATE or DELETE without WHERE.

use precheck_core::{RuleMeta, Severity};
use sqlparser::ast::Statement;

use super::{Origin, Out, StmtCx};

pub static RULE: RuleMeta = RuleMeta {
    code: "SQL002",
    name: "update-delete-require-where",
    check: "sql",
    default_severity: Severity::Error,
    default_enabled: false,
    summary: "UPDATE or DELETE without a WHERE clause",
    explanation: r#"## What it does
Reports an UPDATE or DELETE statement that has no WHERE clause at all. In a mapper it looks at the
rendering with every condition on; a WHERE built only from optional pieces is SQL039.

## Why
It rewrites or deletes every row of the table (Bytebase, goInception check_dml_where, SOAR CLA.015).

## Example
```sql
UPDATE user_order SET status = 'CLOSED';
```

## Use instead
```sql
UPDATE user_order SET status = 'CLOSED' WHERE id = ?;
```
"#,
};

/// Whether a parsed UPDATE/DELETE lacks a WHERE; `None` for other statements.
pub fn lacks_where(ast: &Statement) -> Option<bool> {
    match ast {
        Statement::Update(u) => Some(u.selection.is_none()),
        Statement::Delete(d) => Some(d.selection.is_none()),
        _ => None,
    }
}

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if cx.origin == Origin::MapperMin {
        return;
    }
    let (Some(ast), Some(first)) = (&cx.stmt.ast, cx.toks().first()) else { return };
    if lacks_where(ast) == Some(true) {
        let verb = cx.stmt.verb();
        out.add(
            &RULE,
            (first.start, first.end),
            format!("`{verb}` without `WHERE` changes every row of the table"),
            "add a WHERE clause that selects the rows to change",
        );
    }
}
