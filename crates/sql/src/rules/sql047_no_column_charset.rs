//! SQL047 no-column-charset: a column-level CHARACTER SET.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx, defined_columns};
use crate::ddl::Ddl;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL047",
    "no-column-charset",
    Severity::Warning,
    "column with its own CHARACTER SET / CHARSET",
    r#"## What it does
Reports a column definition with its own `CHARACTER SET x` / `CHARSET x` that differs from the table's,
in CREATE TABLE and ALTER TABLE ADD/MODIFY/CHANGE COLUMN. The table's charset is its `CHARSET=` option in
a CREATE TABLE; where the statement does not say it (ALTER TABLE, or a CREATE without the option), it is
the first entry of `[sql] charset-allowlist` (default `utf8mb4`), the house charset. A column that
repeats the table's charset (as SQL clients' exports write on every column) changes nothing and is not
reported. MySQL only. Works on statements sqlparser cannot parse.

## Why
A column charset different from the table's makes joins and comparisons with other columns convert
per row (no index) or fail with "Illegal mix of collations"; the charset belongs to the table or the
database (Bytebase COLUMN_DISALLOW_SET_CHARSET, goInception enable_column_charset, SOAR COL.014).

## Example
```sql
ALTER TABLE user ADD COLUMN nick varchar(32) CHARACTER SET utf8 NOT NULL DEFAULT '';
```

## Use instead
```sql
ALTER TABLE user ADD COLUMN nick varchar(32) NOT NULL DEFAULT '';
```
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let table = match cx.ddl {
        Some(Ddl::Create(ct)) => ct.option("CHARSET").map(|o| o.value.as_str()),
        _ => None,
    };
    let whose = if table.is_some() { "the table's" } else { "the house charset" };
    let Some(table) = table.or_else(|| cx.settings.charsets.first().map(String::as_str)) else { return };
    for c in defined_columns(cx.ddl) {
        if let Some(cs) = c.charset.as_ref().filter(|cs| !same_charset(&cs.value, table)) {
            out.add(
                &RULE,
                (cs.start, cs.end),
                format!("column `{}` sets charset `{}`, not {whose} `{table}`", c.name_lower(), cs.value),
                "drop the column charset and rely on the table's",
            );
        }
    }
}

/// Whether two charset names mean the same (`utf8` is `utf8mb3`).
fn same_charset(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        let s = s.to_ascii_lowercase();
        if s == "utf8mb3" { "utf8".to_string() } else { s }
    };
    norm(a) == norm(b)
}
