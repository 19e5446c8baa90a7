//! SQL056 no-event: CREATE EVENT.

use precheck_core::{RuleMeta, Severity};

use super::sql054_no_stored_function::created_kind;
use super::{Out, StmtCx};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL056",
    "no-event",
    Severity::Warning,
    "CREATE EVENT (a scheduled job in the database)",
    r#"## What it does
Reports `CREATE [DEFINER = …] EVENT`, on tokens (sqlparser does not parse MySQL events). MySQL only.

## Why
An event is a cron job hidden in one database server: it does not fail over with the application, runs
only where `event_scheduler` is on, is invisible to the team's job monitoring, and runs twice or never
after a switch-over (Bytebase SYSTEM_EVENT_DISALLOW_CREATE).

## Example
```sql
CREATE EVENT purge_sessions ON SCHEDULE EVERY 1 HOUR DO DELETE FROM session WHERE expire_time < NOW();
```

## Use instead
A scheduled job in the application's scheduler.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if let Some(t) = created_kind(cx.toks()).filter(|t| t.is("EVENT")) {
        out.add(&RULE, (t.start, t.end), "scheduled event".into(), "schedule the job in the application");
    }
}
