//! SQL058 no-temporary-table: CREATE TEMPORARY TABLE.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};
use crate::ddl::Ddl;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL058",
    "no-temporary-table",
    Severity::Warning,
    "CREATE TEMPORARY TABLE",
    r#"## What it does
Reports `CREATE [GLOBAL] TEMPORARY TABLE`.

## Why
A temporary table lives in one connection: behind a connection pool the next statement may run on
another connection and not see it, under statement-based replication it breaks replicas that restart,
and sharding middleware cannot route it (SOAR TBL.007).

## Example
```sql
CREATE TEMPORARY TABLE tmp_user AS SELECT id FROM user WHERE status = 1;
```

## Use instead
A subquery, a derived table or CTE, or a real table with a cleanup job.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let Some(Ddl::Create(ct)) = cx.ddl else { return };
    if !ct.temporary {
        return;
    }
    let at = cx.toks().iter().find(|t| t.is("TEMPORARY")).map_or((0, 0), |t| (t.start, t.end));
    let name = ct.name.as_ref().map_or_else(String::new, |n| format!(" `{}`", n.value));
    out.add(&RULE, at, format!("temporary table{name}"), "use a subquery or CTE, or a real table");
}
