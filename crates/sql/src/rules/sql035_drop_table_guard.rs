//! SQL035 drop-table-guard: DROP TABLE of a table not renamed with the `drop-table-suffix`.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};
use crate::ddl::Ddl;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL035",
    "drop-table-guard",
    Severity::Error,
    "DROP TABLE of a table whose name does not end with `drop-table-suffix` (default `_del`)",
    r#"## What it does
Reports `DROP TABLE t` unless `t` ends with `[sql] drop-table-suffix` (default `_del`): the convention is
to rename a table to `t_del` in one release and drop it in a later one. With an empty suffix every DROP
TABLE is reported. `DROP TABLE [IF EXISTS] t` right before `CREATE TABLE t` is an install script re-creating
the table (mysqldump's idiom), not a loss of data, and is not reported.

## Why
A dropped table is gone; the rename step proves nothing still uses it and keeps a way back (Bytebase
TABLE_DROP_NAMING_CONVENTION, goInception enable_drop_table, SOAR SEC.003, squawk ban-drop-table).

## Example
```sql
DROP TABLE coupon;
```

## Use instead
`RENAME TABLE coupon TO coupon_del;` now, `DROP TABLE coupon_del;` a release later.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let Some(Ddl::DropTable { tables }) = cx.ddl else { return };
    let suffix = cx.settings.cfg.drop_table_suffix.to_ascii_lowercase();
    for t in tables {
        if suffix.is_empty() || !t.lower().ends_with(&suffix) {
            out.add(
                &RULE,
                (t.start, t.end),
                format!("`DROP TABLE {}` loses the data for good", t.value),
                "rename the table to `<name>_del` first and drop it in a later release",
            );
        }
    }
}
