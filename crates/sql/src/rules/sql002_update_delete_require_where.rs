//! SQL002 update-delete-require-where: UPDATE or DELETE without WHERE.

use precheck_core::{RuleMeta, Severity};
use sqlparser::ast::Statement;

use super::{Origin, Out, StmtCx};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL002",
    "update-delete-require-where",
    Severity::Error,
    "UPDATE or DELETE without a WHERE clause",
    r#"## What it does
Reports an UPDATE or DELETE statement that has no WHERE clause at all. In a mapper it looks at the
rendering with every condition on; a WHERE built only from optional pieces is SQL039.

Whole-table changes that say they mean it stay quiet: a mapper statement whose id says so (`deleteAll`,
`removeAll`, `clearAll`, `truncateLogs`, `clear`), and in a script an UPDATE of a table whose column the same
script just added (a backfill), or a DELETE or UPDATE of a table the same script creates or fills again
afterwards (seed data reset).

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
);

/// Whether a parsed UPDATE/DELETE lacks a WHERE; `None` for other statements.
pub fn lacks_where(ast: &Statement) -> Option<bool> {
    match ast {
        Statement::Update(u) => Some(u.selection.is_none()),
        Statement::Delete(d) => Some(d.selection.is_none()),
        _ => None,
    }
}

/// The table an INSERT, UPDATE or DELETE writes, lower-case, without its schema.
pub fn written_table(ast: &Statement) -> Option<String> {
    use sqlparser::ast::{FromTable, TableObject};
    let name = match ast {
        Statement::Update(u) => u.table.relation.to_string(),
        Statement::Delete(d) => {
            let (FromTable::WithFromKeyword(v) | FromTable::WithoutKeyword(v)) = &d.from;
            v.first()?.relation.to_string()
        }
        Statement::Insert(i) => match &i.table {
            TableObject::TableName(n) => n.to_string(),
            _ => return None,
        },
        _ => return None,
    };
    Some(name.rsplit('.').next().unwrap_or(&name).trim_matches(['`', '"']).to_ascii_lowercase())
}

/// Whether a mapper statement's id says it changes every row (`deleteAll`, `removeAll`, `clear`,
/// `truncateLogs`).
pub fn clears_everything(id: &str) -> bool {
    let id = id.to_ascii_lowercase();
    let verbs = ["delete", "remove", "clear", "clean", "purge", "truncate", "empty", "reset", "wipe"];
    verbs.iter().any(|v| id.starts_with(v))
        && (id.contains("all") || id.starts_with("truncate") || verbs.contains(&id.as_str()))
}

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if cx.origin == Origin::MapperMin || cx.whole_table_on_purpose {
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
