//! SQL023 column-type-denylist: column types on `column-type-denylist`.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx, defined_columns};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL023",
    "column-type-denylist",
    Severity::Warning,
    "column type on `column-type-denylist` (default enum, set, bit, json)",
    r#"## What it does
Reports columns whose base type is on `[sql] column-type-denylist` (default `enum`, `set`, `bit`,
`json`; `text`, `blob` and `timestamp` are common additions).

## Why
ENUM and SET need a table rebuild to add a value, BIT and JSON map poorly to Java and across migrations,
TIMESTAMP ends in 2038 (Bytebase, goInception disable_types, SOAR COL.010/018).

## Example
```sql
ALTER TABLE user ADD COLUMN gender enum('m','f') NOT NULL DEFAULT 'm' COMMENT 'gender';
```

## Use instead
`tinyint unsigned` with documented codes, `varchar`, `datetime`.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    for c in defined_columns(cx.ddl) {
        if cx.settings.type_denylist.contains(&c.ty) {
            let name = c.name.as_ref().map(|n| n.value.as_str()).unwrap_or_default();
            out.add(
                &RULE,
                (c.ty_start, c.ty_end),
                format!("column `{name}` uses denied type `{}`", c.ty),
                "use a type outside `[sql] column-type-denylist`",
            );
        }
    }
}
