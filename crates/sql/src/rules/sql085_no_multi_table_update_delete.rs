//! SQL085 no-multi-table-update-delete: an UPDATE or DELETE over several tables (joins, comma lists).

use precheck_core::{RuleMeta, Severity};
use sqlparser::ast::{FromTable, Statement};

use super::{Origin, Out, StmtCx};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL085",
    "no-multi-table-update-delete",
    Severity::Warning,
    "UPDATE or DELETE joining several tables",
    r#"## What it does
Reports a multi-table `UPDATE` (`UPDATE a JOIN b ON … SET …`, `UPDATE a, b SET …`, `UPDATE … FROM`) and a
multi-table `DELETE` (`DELETE a FROM a JOIN b …`, `DELETE a, b FROM …`, `DELETE FROM a USING …`). A
subquery in the WHERE is not a second table of the statement.

## Why
A joined write locks rows in every table it reads, in an order the plan decides, so it deadlocks with
ordinary single-table writes; it cannot be routed by sharding middleware, and its effect is hard to predict
when the join multiplies rows (SOAR JOI.007: one statement should change one table).

## Example
```sql
UPDATE coupon c JOIN shop s ON s.id = c.shop_id SET c.status = 0 WHERE s.closed = 1;
```

## Use instead
Read the keys with a SELECT, then update one table by key:
```sql
UPDATE coupon SET status = 0 WHERE shop_id IN (?, ?, …);
```
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if cx.origin == Origin::MapperMin {
        return;
    }
    let multi = match &cx.stmt.ast {
        Some(Statement::Update(u)) => !u.table.joins.is_empty() || u.from.is_some(),
        Some(Statement::Delete(d)) => {
            let (FromTable::WithFromKeyword(v) | FromTable::WithoutKeyword(v)) = &d.from;
            !d.tables.is_empty() || d.using.is_some() || v.len() > 1 || v.iter().any(|t| !t.joins.is_empty())
        }
        _ => false,
    };
    let Some(first) = cx.toks().first().filter(|_| multi) else { return };
    // `UPDATE a, b SET`: the parser keeps the comma list as joins too; `DELETE a, b FROM`.
    out.add(
        &RULE,
        (first.start, first.end),
        format!("`{}` over several tables", cx.stmt.verb()),
        "select the keys first, then change one table by key",
    );
}
