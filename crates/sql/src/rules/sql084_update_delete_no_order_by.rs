//! SQL084 update-delete-no-order-by: ORDER BY on an UPDATE or DELETE.

use precheck_core::{RuleMeta, Severity};
use sqlparser::ast::Statement;

use super::{Origin, Out, StmtCx};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL084",
    "update-delete-no-order-by",
    Severity::Warning,
    "ORDER BY on an UPDATE or DELETE",
    r#"## What it does
Reports the `ORDER BY` of a single-table `UPDATE` or `DELETE` (a MySQL extension). An ORDER BY inside a
subquery of the statement is not reported.

## Why
The sort exists only to pick which rows a LIMIT reaches, or in which order rows are changed: it adds a
filesort under the statement's row locks, and together with LIMIT the rows changed depend on the plan, which
statement-based replication may not reproduce on replicas (Bytebase STATEMENT_DISALLOW_ORDER_BY,
goInception check_dml_orderby, SOAR RES.004).

## Example
```sql
DELETE FROM job_log WHERE gmt_create < ? ORDER BY id LIMIT 1000;
```

## Use instead
Select the keys first, then change exactly those rows:
```sql
DELETE FROM job_log WHERE id IN (?, ?, …);
```
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if cx.origin == Origin::MapperMin {
        return;
    }
    let ordered = match &cx.stmt.ast {
        Some(Statement::Update(u)) => !u.order_by.is_empty(),
        Some(Statement::Delete(d)) => !d.order_by.is_empty(),
        _ => false,
    };
    if !ordered {
        return;
    }
    let toks = cx.toks();
    let at = toks
        .windows(2)
        .find(|w| w[0].depth == 0 && w[0].is("ORDER") && w[1].is("BY"))
        .map(|w| (w[0].start, w[1].end));
    if let Some(range) = at {
        out.add(
            &RULE,
            range,
            format!("`ORDER BY` on `{}`", cx.stmt.verb()),
            "select the keys of the rows to change first, then change exactly those rows",
        );
    }
}
