//! SQL042 auto-increment-integer: an AUTO_INCREMENT column of a non-integer type.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx, defined_columns};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL042",
    "auto-increment-integer",
    Severity::Warning,
    "AUTO_INCREMENT column whose type is not an integer type",
    r#"## What it does
Reports an `AUTO_INCREMENT` column whose type is not one of MySQL's integer types (`tinyint`, `smallint`,
`mediumint`, `int`, `integer`, `bigint`, `serial`), in CREATE TABLE and ALTER TABLE ADD/MODIFY/CHANGE
COLUMN. MySQL only.

## Why
MySQL accepts `AUTO_INCREMENT` on `float` and `double` (deprecated since 8.0.17) and rejects it on
`decimal` and string types; a floating-point key loses exactness above 2^53 and compares badly
(Bytebase COLUMN_AUTO_INCREMENT_MUST_INTEGER, goInception check_autoincrement_datatype).

## Example
```sql
CREATE TABLE t (id double NOT NULL AUTO_INCREMENT PRIMARY KEY);
```

## Use instead
```sql
CREATE TABLE t (id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY);
```
"#,
)
.opt_in();

const INTEGERS: &[&str] = &["tinyint", "smallint", "mediumint", "int", "integer", "bigint", "serial"];

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    for c in defined_columns(cx.ddl) {
        if !c.auto_increment || c.ty.is_empty() || INTEGERS.contains(&c.ty.as_str()) {
            continue;
        }
        out.add(
            &RULE,
            (c.ty_start, c.ty_end),
            format!("auto-increment column `{}` is `{}`, not an integer type", c.name_lower(), c.ty),
            "use `bigint unsigned`",
        );
    }
}
