//! SQL057 no-view: CREATE VIEW.

use precheck_core::{RuleMeta, Severity};

use super::sql054_no_stored_function::created_kind;
use super::{Out, StmtCx};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL057",
    "no-view",
    Severity::Warning,
    "CREATE VIEW",
    r#"## What it does
Reports `CREATE [OR REPLACE] [ALGORITHM = …] [DEFINER = …] [SQL SECURITY …] VIEW` (and materialized
views elsewhere), on tokens.

## Why
A view hides its query from the code that uses it: the optimizer often materialises it into a temporary
table without indexes (`ALGORITHM=TEMPTABLE`, or any view with aggregates or `DISTINCT`), its `DEFINER`
breaks when the account is missing on another server, and sharding middleware cannot route it
(Bytebase, goInception enable_use_view, SOAR TBL.006).

## Example
```sql
CREATE VIEW v_paid_order AS SELECT id, user_id FROM pay_order WHERE status = 1;
```

## Use instead
The query in the application's mapper.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if let Some(t) = created_kind(cx.toks()).filter(|t| t.is("VIEW") || t.is("MATERIALIZED")) {
        out.add(&RULE, (t.start, t.end), "view".into(), "put the query in the application");
    }
}
