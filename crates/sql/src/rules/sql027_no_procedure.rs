//! SQL027 no-procedure: CREATE PROCEDURE.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};
use crate::ddl::Ddl;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL027",
    "no-procedure",
    Severity::Error,
    "CREATE PROCEDURE",
    r#"## What it does
Reports `CREATE PROCEDURE` (with or without `DEFINER`), on tokens, since sqlparser does not parse
stored-program bodies.

## Why
Stored procedures hold business logic outside version-controlled, tested application code and cannot be
debugged or scaled with it (Alibaba manual: mandatory; Bytebase, SOAR FUN.008).

## Example
```sql
CREATE PROCEDURE close_orders() BEGIN UPDATE pay_order SET status = 9 WHERE …; END
```

## Use instead
A job in the application.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if let Some(Ddl::Procedure { start, end }) = cx.ddl {
        out.add(&RULE, (*start, *end), "stored procedure".into(), "move the logic into the application");
    }
}
