//! SQL044 auto-increment-column-named-id: an AUTO_INCREMENT column not named `id`.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx, defined_columns};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL044",
    "auto-increment-column-named-id",
    Severity::Warning,
    "AUTO_INCREMENT column not named `id`",
    r#"## What it does
Reports an `AUTO_INCREMENT` (or `IDENTITY`/`SERIAL`) column whose name is not `id` (case-insensitive), in
CREATE TABLE and ALTER TABLE ADD/MODIFY/CHANGE COLUMN.

## Why
The Alibaba manual's mandatory table shape has the surrogate key as `id`, auto-incremented; ORM base
classes, sync tools and paging jobs assume that name (goInception check_autoincrement_name, Bytebase
NAMING_COLUMN_AUTO_INCREMENT).

## Example
```sql
CREATE TABLE pay_order (order_id bigint unsigned NOT NULL AUTO_INCREMENT, PRIMARY KEY (order_id));
```

## Use instead
```sql
CREATE TABLE pay_order (id bigint unsigned NOT NULL AUTO_INCREMENT, PRIMARY KEY (id));
```
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    for c in defined_columns(cx.ddl) {
        let Some(name) = &c.name else { continue };
        if !c.auto_increment || name.value.eq_ignore_ascii_case("id") {
            continue;
        }
        out.add(
            &RULE,
            (name.start, name.end),
            format!("auto-increment column `{}` is not named `id`", name.value),
            "name the surrogate key `id`",
        );
    }
}
