//! SQL051 current-time-column-limit: more than two DEFAULT CURRENT_TIMESTAMP or one ON UPDATE column.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};
use crate::ddl::{Ddl, Name};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL051",
    "current-time-column-limit",
    Severity::Warning,
    "table with more than 2 `DEFAULT CURRENT_TIMESTAMP` or more than 1 `ON UPDATE CURRENT_TIMESTAMP` columns",
    r#"## What it does
Counts, in a CREATE TABLE, the columns with `DEFAULT CURRENT_TIMESTAMP` (or `NOW()`, `LOCALTIMESTAMP`…)
and those with `ON UPDATE CURRENT_TIMESTAMP`, and reports the table when there are more than two of the
first or more than one of the second (Bytebase's limits). MySQL only.

## Why
A table needs a creation time and a modification time (`gmt_create` with the current time as default,
`gmt_modified` with it on update too). More automatic time columns are copies of these that record
nothing of their own, or business times (pay time, ship time) that should be set by the code when the
event happens rather than whenever any column of the row changes (Bytebase
COLUMN_CURRENT_TIME_COUNT_LIMIT, goInception check_timestamp_count, SOAR COL.013).

## Example
```sql
CREATE TABLE pay_order (
  …,
  pay_time datetime NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  gmt_create datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
  gmt_modified datetime NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP
);
```

## Use instead
`pay_time datetime NULL DEFAULT NULL`, written by the code when the order is paid.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let Some(Ddl::Create(ct)) = cx.ddl else { return };
    let Some(table) = &ct.name else { return };
    let defaults: Vec<&Name> = ct.columns.iter().filter(|c| c.default_now).filter_map(|c| c.name.as_ref()).collect();
    let updates: Vec<&Name> = ct.columns.iter().filter(|c| c.on_update_now).filter_map(|c| c.name.as_ref()).collect();
    let list = |names: &[&Name]| names.iter().map(|n| format!("`{}`", n.value)).collect::<Vec<_>>().join(", ");
    // Each finding points at the first column over its limit.
    if let Some(over) = defaults.get(2) {
        out.add(
            &RULE,
            (over.start, over.end),
            format!("table `{}` has {} columns defaulting to the current time: {}", table.value, defaults.len(), list(&defaults)),
            "keep the creation and modification times; let the code set business times",
        );
    }
    if let Some(over) = updates.get(1) {
        out.add(
            &RULE,
            (over.start, over.end),
            format!("table `{}` has {} columns updated to the current time: {}", table.value, updates.len(), list(&updates)),
            "keep `ON UPDATE CURRENT_TIMESTAMP` on the modification time only",
        );
    }
}
