//! SQL036 no-truncate: TRUNCATE TABLE.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};
use crate::ddl::Ddl;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL036",
    "no-truncate",
    Severity::Error,
    "TRUNCATE TABLE",
    r#"## What it does
Reports `TRUNCATE [TABLE] t`, also when sqlparser cannot parse the statement.

## Why
TRUNCATE cannot be rolled back, fires no triggers and writes no row images to the binlog, so the data
cannot be recovered from it (Bytebase, SOAR SEC.001, squawk ban-truncate-cascade).

## Example
```sql
TRUNCATE TABLE job_log;
```

## Use instead
`DELETE … WHERE …` in batches, after a backup.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if let Some(Ddl::Truncate { table, start, end }) = cx.ddl {
        let t = table.as_ref().map(|n| n.value.as_str()).unwrap_or_default();
        out.add(
            &RULE,
            (*start, *end),
            format!("`TRUNCATE` of `{t}` cannot be undone"),
            "delete in batches with a WHERE clause, after a backup",
        );
    }
}
