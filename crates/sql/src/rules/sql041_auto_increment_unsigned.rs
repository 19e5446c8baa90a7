//! SQL041 auto-increment-unsigned: a signed AUTO_INCREMENT column.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx, defined_columns};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL041",
    "auto-increment-unsigned",
    Severity::Warning,
    "AUTO_INCREMENT column that is not UNSIGNED",
    r#"## What it does
Reports an `AUTO_INCREMENT` integer column defined without `UNSIGNED`, in CREATE TABLE and in ALTER TABLE
ADD/MODIFY/CHANGE COLUMN. MySQL only (other dialects have no unsigned integers).

## Why
Generated keys are never negative: a signed column wastes half its range and overflows twice as early
(`int` at 2,147,483,647 instead of 4,294,967,295). The Alibaba manual makes `id bigint unsigned`,
auto-increment, mandatory; Bytebase COLUMN_AUTO_INCREMENT_MUST_UNSIGNED, goInception
enable_autoincrement_unsigned, SOAR COL.003.

## Example
```sql
CREATE TABLE pay_order (id bigint NOT NULL AUTO_INCREMENT, PRIMARY KEY (id));
```

## Use instead
```sql
CREATE TABLE pay_order (id bigint unsigned NOT NULL AUTO_INCREMENT, PRIMARY KEY (id));
```
"#,
)
.opt_in();

const INTEGERS: &[&str] = &["tinyint", "smallint", "mediumint", "int", "integer", "bigint"];

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    for c in defined_columns(cx.ddl) {
        // `serial` is `bigint unsigned` in MySQL; a non-integer type is SQL042's.
        if !c.auto_increment || c.unsigned || !INTEGERS.contains(&c.ty.as_str()) {
            continue;
        }
        out.add(
            &RULE,
            (c.ty_start, c.ty_end),
            format!("auto-increment column `{}` is signed `{}`", c.name_lower(), c.ty),
            "add `UNSIGNED`",
        );
    }
}
