//! SQL048 char-max-length: `CHAR(n)` above `char-max`.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx, defined_columns};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL048",
    "char-max-length",
    Severity::Warning,
    "`CHAR(n)` longer than `char-max` (default 20)",
    r#"## What it does
Reports `CHAR(n)` / `NCHAR(n)` / `CHARACTER(n)` columns with `n` above `[sql] char-max` (default 20), in
CREATE TABLE and ALTER TABLE ADD/MODIFY/CHANGE COLUMN.

## Why
`CHAR` is fixed-length: every row stores (and, in utf8mb4, reserves up to four bytes per character of)
the full length, padded with spaces that comparisons then ignore. It fits short codes of near-equal length
(the Alibaba manual's case for `char`); anything longer belongs in `varchar` (Bytebase
COLUMN_MAXIMUM_CHARACTER_LENGTH, goInception max_char_length, SOAR COL.008, squawk ban-char-field).

## Example
```sql
CREATE TABLE t (…, remark char(200) NOT NULL DEFAULT '' …);
```

## Use instead
`remark varchar(200) NOT NULL DEFAULT ''`.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let max = cx.settings.cfg.char_max;
    for c in defined_columns(cx.ddl) {
        if !matches!(c.ty.as_str(), "char" | "nchar" | "character") {
            continue;
        }
        if let Some(&n) = c.args.first().filter(|n| **n > max) {
            out.add(
                &RULE,
                (c.ty_start, c.ty_end),
                format!("column `{}` is `{}({n})`; the limit is {max}", c.name_lower(), c.ty),
                "use `varchar`",
            );
        }
    }
}
