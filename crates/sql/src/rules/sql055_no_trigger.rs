//! SQL055 no-trigger: CREATE TRIGGER.

use precheck_core::{RuleMeta, Severity};

use super::sql054_no_stored_function::created_kind;
use super::{Out, StmtCx};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL055",
    "no-trigger",
    Severity::Warning,
    "CREATE TRIGGER",
    r#"## What it does
Reports `CREATE [DEFINER = …] TRIGGER`, on tokens (sqlparser does not parse MySQL trigger bodies).

## Why
A trigger runs hidden work inside every write of its table: it lengthens each transaction's locks, is
invisible to the code that issues the write, fires again for every row of a bulk statement, and online
schema-change tools (gh-ost) refuse tables that have triggers (Bytebase TABLE_DISALLOW_TRIGGER,
SOAR FUN.007).

## Example
```sql
CREATE TRIGGER trg_order_modified BEFORE UPDATE ON pay_order FOR EACH ROW SET NEW.version = OLD.version + 1;
```

## Use instead
Do the work in the application's write path (or with `ON UPDATE CURRENT_TIMESTAMP` for a modification time).
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if let Some(t) = created_kind(cx.toks()).filter(|t| t.is("TRIGGER")) {
        out.add(&RULE, (t.start, t.end), "trigger".into(), "do the work in the application's write path");
    }
}
