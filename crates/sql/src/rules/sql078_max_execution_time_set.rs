//! SQL078 max-execution-time-set: a script whose DDL locks existing tables without setting a timeout first
//! (file rule).

use precheck_core::{Finding, RuleMeta, Severity, Span};

use crate::stmt::Tok;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL078",
    "max-execution-time-set",
    Severity::Warning,
    "script alters existing tables without setting a lock or execution timeout first",
    r#"## What it does
Reports, once per `.sql` script, the first DDL statement that takes a metadata lock on an existing table —
`ALTER TABLE`, `CREATE`/`DROP INDEX`, `RENAME TABLE`, `TRUNCATE` of a table the script did not create
itself — when no earlier statement of the script sets a timeout: `SET [SESSION] lock_wait_timeout`,
`max_execution_time`, `innodb_lock_wait_timeout`, MariaDB's `max_statement_time`, or PostgreSQL's
`lock_timeout` / `statement_timeout`. Row changes (UPDATE, DELETE) wait at most `innodb_lock_wait_timeout`
(50 s by default) and are not reported.

MySQL's `max_execution_time` only limits read-only SELECTs; for DDL the setting that matters is
`lock_wait_timeout` (how long to wait for the metadata lock).

## Why
An ALTER waiting for a metadata lock behind one long transaction blocks every later query on the table, and
the defaults wait for a year (`lock_wait_timeout` = 31536000 s): a migration without a timeout can stop the
application instead of failing fast (Bytebase STATEMENT_MAX_EXECUTION_TIME; goInception; squawk
require-timeout-settings for PostgreSQL's `lock_timeout`/`statement_timeout`).

## Example
```sql
ALTER TABLE coupon ADD COLUMN channel varchar(32) NOT NULL DEFAULT '' COMMENT 'channel';
```

## Use instead
```sql
SET SESSION lock_wait_timeout = 5;
ALTER TABLE coupon ADD COLUMN channel varchar(32) NOT NULL DEFAULT '' COMMENT 'channel';
```
"#,
)
.opt_in();

const TIMEOUTS: &[&str] = &[
    "lock_wait_timeout",
    "max_execution_time",
    "innodb_lock_wait_timeout",
    "max_statement_time",
    "lock_timeout",
    "statement_timeout",
];

/// Whether a statement sets one of the timeouts.
pub fn sets_timeout(toks: &[Tok]) -> bool {
    toks.first().is_some_and(|t| t.is("SET"))
        && toks.iter().any(|t| t.word().is_some_and(|w| TIMEOUTS.iter().any(|k| w.eq_ignore_ascii_case(k))))
}

/// Whether a statement is DDL that takes a metadata lock on a table, by its first words: `ALTER TABLE`,
/// `RENAME TABLE`, `TRUNCATE`, `CREATE [UNIQUE] INDEX`, `DROP INDEX`.
pub fn locks_table(toks: &[Tok]) -> bool {
    let w = |i: usize| toks.get(i).is_some_and(|t| t.word().is_some());
    let is = |i: usize, k: &str| toks.get(i).is_some_and(|t| t.is(k));
    (is(0, "ALTER") && is(1, "TABLE"))
        || (is(0, "RENAME") && is(1, "TABLE"))
        || (is(0, "TRUNCATE") && w(1))
        || ((is(0, "CREATE") || is(0, "DROP")) && (is(1, "INDEX") || is(2, "INDEX")))
}

pub fn finding(span: Span) -> Finding {
    Finding::new(&RULE, span, "this DDL takes a metadata lock on an existing table, and no timeout was set before it")
        .with_help("start the script with `SET SESSION lock_wait_timeout = …` (seconds to wait for the lock)")
}
