//! SQL022 no-change-column-type: MODIFY/CHANGE to a different type (needs the schema catalogue).

use precheck_core::{RuleMeta, Severity};

use crate::ddl::Column;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL022",
    "no-change-column-type",
    Severity::Error,
    "ALTER … MODIFY/CHANGE that changes a column's type",
    r#"## What it does
Reports `ALTER TABLE … MODIFY` or `CHANGE` whose new type (base type, length, precision, `unsigned`)
differs from the column's current type.

This rule needs the schema: precheck builds it without a database by replaying the CREATE/ALTER
statements of the repository's `.sql` files in migration order (Flyway versions first, numerically, then
natural path order). A column the replay does not know is not reported.

## Why
A type change rebuilds the table under lock, may truncate data, and the running application still maps
the old type (Bytebase COLUMN_DISALLOW_CHANGE_TYPE, goInception check_column_type_change, squawk
changing-column-type).

## Example
```sql
-- V1: amount int
ALTER TABLE pay_order MODIFY amount bigint NOT NULL DEFAULT 0 COMMENT 'amount';
```

## Use instead
Add a new column, backfill it, switch the application, then drop the old column in a later release.
"#,
)
.opt_in()
.repo();

/// `type(args) [unsigned]`, for comparison and messages.
pub fn type_text(c: &Column) -> String {
    let args = if c.args.is_empty() {
        String::new()
    } else {
        format!("({})", c.args.iter().map(u64::to_string).collect::<Vec<_>>().join(","))
    };
    let unsigned = if c.unsigned { " unsigned" } else { "" };
    format!("{}{args}{unsigned}", c.ty)
}

/// The message when `new` changes the type of `old`.
pub fn changed(old: &Column, new: &Column) -> Option<String> {
    let (a, b) = (type_text(old), type_text(new));
    // Integer display widths (`int(11)`) are cosmetic.
    let int = |c: &Column| c.ty.ends_with("int") && !c.ty.is_empty();
    let same = a == b || (int(old) && int(new) && old.ty == new.ty && old.unsigned == new.unsigned);
    (!same).then(|| format!("column `{}` changes type from `{a}` to `{b}`", new.name_lower()))
}
