//! SQL020 varchar-max-length: `VARCHAR(n)` above `varchar-max`.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx, defined_columns};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL020",
    "varchar-max-length",
    Severity::Warning,
    "`VARCHAR(n)` longer than `varchar-max` (default 5000)",
    r#"## What it does
Reports `VARCHAR(n)` columns with `n` above `[sql] varchar-max` (default 5000).

## Why
Long varchars hit the 65,535-byte row limit and make in-memory temporary tables spill (Alibaba manual:
mandatory; Bytebase, goInception max_varchar_length, SOAR COL.017).

## Example
```sql
CREATE TABLE t (…, remark varchar(10000) …);
```

## Use instead
`text` in a separate table, or a shorter varchar.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let max = cx.settings.cfg.varchar_max;
    for c in defined_columns(cx.ddl) {
        if !matches!(c.ty.as_str(), "varchar" | "character varying" | "nvarchar" | "varchar2" | "nvarchar2") {
            continue;
        }
        if let Some(&n) = c.args.first().filter(|n| **n > max) {
            let name = c.name.as_ref().map(|n| n.value.as_str()).unwrap_or_default();
            out.add(
                &RULE,
                (c.ty_start, c.ty_end),
                format!("column `{name}` is `varchar({n})`; the limit is {max}"),
                "use a shorter varchar or move long text to a `text` column in its own table",
            );
        }
    }
}
