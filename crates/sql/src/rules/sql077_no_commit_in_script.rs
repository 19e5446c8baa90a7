//! SQL077 no-commit-in-script: `COMMIT` inside a script or mapper statement.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL077",
    "no-commit-in-script",
    Severity::Warning,
    "`COMMIT` inside a reviewed script",
    r#"## What it does
Reports a `COMMIT` statement (`COMMIT`, `COMMIT WORK`) of a `.sql` script that has more statements after it.
A `COMMIT` that ends the script splits nothing and is not reported.

## Why
The tool that runs the change (a migration runner, the review platform, the application's transaction
manager) owns the transaction: a `COMMIT` in the middle makes everything before it permanent even when a
later statement fails, so the change can no longer be rolled back or retried as a unit (Bytebase
STATEMENT_DISALLOW_COMMIT; squawk transaction-nesting for the same problem in Postgres migrations).

## Example
```sql
UPDATE coupon SET status = 2 WHERE batch_id = 7;
COMMIT;
UPDATE coupon_batch SET status = 2 WHERE id = 7;
```

## Use instead
Leave transaction control to the runner: remove the `COMMIT` (split the script into several changes when
parts must be committed separately).
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let Some(first) = cx.toks().first() else { return };
    if first.is("COMMIT") {
        out.add(
            &RULE,
            (first.start, first.end),
            "`COMMIT` in the script: the statements before it can no longer be rolled back with the rest".into(),
            "remove it and let the migration runner or the caller own the transaction",
        );
    }
}
