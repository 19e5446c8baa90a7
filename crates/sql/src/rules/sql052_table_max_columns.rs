//! SQL052 table-max-columns: CREATE TABLE with more than `table-max-columns` columns.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};
use crate::ddl::Ddl;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL052",
    "table-max-columns",
    Severity::Warning,
    "CREATE TABLE with more columns than `table-max-columns` (default 40)",
    r#"## What it does
Reports a CREATE TABLE defining more columns than `[sql] table-max-columns` (default 40).

## Why
Very wide tables mix several entities or hold rarely read attributes beside hot ones: every row read
pulls them all, and the row-size limit comes close (goInception, SOAR COL.006).

## Example
```sql
CREATE TABLE user (id …, name …, /* 60 more columns */);
```

## Use instead
Split rarely used attributes into a side table keyed by the same id.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let Some(Ddl::Create(ct)) = cx.ddl else { return };
    let Some(name) = &ct.name else { return };
    let max = cx.settings.cfg.table_max_columns;
    if ct.columns.len() > max {
        out.add(
            &RULE,
            (name.start, name.end),
            format!("table `{}` has {} columns; the limit is {max}", name.value, ct.columns.len()),
            "move rarely used columns into a side table",
        );
    }
}
