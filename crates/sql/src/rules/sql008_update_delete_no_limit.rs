//! SQL008 update-delete-no-limit: LIMIT on UPDATE or DELETE.

use precheck_core::{RuleMeta, Severity};
use sqlparser::ast::Statement;

use super::{Out, StmtCx};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL008",
    "update-delete-no-limit",
    Severity::Warning,
    "LIMIT on an UPDATE or DELETE",
    r#"## What it does
Reports `UPDATE … LIMIT n` and `DELETE … LIMIT n`.

## Why
Which rows are changed depends on the plan: statement-based replication may change different rows on a
replica (Bytebase, goInception check_dml_limit, SOAR RES.003).

## Example
```sql
DELETE FROM job_log WHERE gmt_create < ? LIMIT 1000;
```

## Use instead
Select the keys first, then `DELETE … WHERE id IN (…)`.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let has_limit = match &cx.stmt.ast {
        Some(Statement::Update(u)) => u.limit.is_some(),
        Some(Statement::Delete(d)) => d.limit.is_some(),
        _ => false,
    };
    if !has_limit {
        return;
    }
    if let Some(i) = cx.stmt.find_top(0, "LIMIT") {
        let t = &cx.toks()[i];
        let verb = cx.stmt.verb();
        out.add(
            &RULE,
            (t.start, t.end),
            format!("`LIMIT` on `{verb}` changes rows in no defined order"),
            "select the keys first and change the rows by key",
        );
    }
}
