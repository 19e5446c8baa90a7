//! SQL049 column-require-default: a column without DEFAULT.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx, defined_columns};
use crate::ddl::{Column, Ddl, IndexKind};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL049",
    "column-require-default",
    Severity::Warning,
    "column without an explicit DEFAULT",
    r#"## What it does
Reports a column defined without `DEFAULT`, in CREATE TABLE and ALTER TABLE ADD/MODIFY/CHANGE COLUMN.
Exempt, as in Bytebase: primary-key columns (inline or in the table's PRIMARY KEY), AUTO_INCREMENT /
IDENTITY / SERIAL columns, generated columns, and the types that cannot take a literal default in MySQL
(`text`/`blob` families, `json`, `geometry` and the spatial types). Stricter than SQL025, which asks
for a default only on a NOT NULL column of an existing table.

## Why
An explicit default documents what a row holds when the application omits the column, and keeps a
nullable column from silently becoming `NULL` where the code expects a value (Bytebase
COLUMN_REQUIRE_DEFAULT, goInception check_column_default_value, SOAR COL.004).

## Example
```sql
CREATE TABLE t (…, status tinyint unsigned NOT NULL COMMENT 'status', …);
```

## Use instead
`status tinyint unsigned NOT NULL DEFAULT 0 COMMENT 'status'`.
"#,
)
.opt_in();

/// Types without a literal default in MySQL (an expression default needs 8.0.13).
pub fn no_literal_default(ty: &str) -> bool {
    ty.ends_with("text")
        || ty.ends_with("blob")
        || matches!(
            ty,
            "json"
                | "geometry"
                | "point"
                | "linestring"
                | "polygon"
                | "multipoint"
                | "multilinestring"
                | "multipolygon"
                | "geometrycollection"
        )
}

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let pk: Vec<String> = match cx.ddl {
        Some(Ddl::Create(ct)) => {
            ct.indexes.iter().filter(|i| i.kind == IndexKind::Primary).flat_map(|i| i.columns.clone()).collect()
        }
        _ => Vec::new(),
    };
    for c in defined_columns(cx.ddl) {
        if exempt(c) || pk.contains(&c.name_lower()) {
            continue;
        }
        let Some(name) = &c.name else { continue };
        out.add(
            &RULE,
            (name.start, name.end),
            format!("column `{}` has no DEFAULT", name.value),
            "add an explicit `DEFAULT` (e.g. `DEFAULT ''`, `DEFAULT 0` or `DEFAULT NULL`)",
        );
    }
}

fn exempt(c: &Column) -> bool {
    c.has_default || c.primary || c.auto_increment || c.generated || c.ty.is_empty() || no_literal_default(&c.ty)
}
