//! SQL025 not-null-needs-default: NOT NULL column without DEFAULT.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx, defined_columns};
use crate::ddl::Ddl;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL025",
    "not-null-needs-default",
    Severity::Error,
    "NOT NULL column without a DEFAULT",
    r#"## What it does
Reports a `NOT NULL` column without `DEFAULT` added or modified by `ALTER TABLE` of an existing table (one
the same script did not create). A new table has no rows and no running code that omits the column, so
CREATE TABLE is not reported. Primary-key and auto-increment columns, and TEXT/BLOB/JSON/GEOMETRY columns
(which cannot have a literal default in MySQL 5.7), are exempt.

## Why
An INSERT that omits the column fails in strict mode: "Field 'x' doesn't have a default value" — which is
exactly what the running old application does during a rollout (Bytebase, goInception
check_column_default_value, squawk adding-not-null-field).

## Example
```sql
ALTER TABLE user ADD COLUMN level int NOT NULL COMMENT 'level';
```

## Use instead
`ALTER TABLE user ADD COLUMN level int NOT NULL DEFAULT 0 COMMENT 'level';`
"#,
)
.opt_in();

fn no_literal_default(ty: &str) -> bool {
    ty.ends_with("text")
        || ty.ends_with("blob")
        || matches!(ty, "json" | "geometry" | "point" | "linestring" | "polygon")
}

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    // Only an existing table has rows and a running application that omits the new column: a table the
    // script creates (now or earlier in the file) has neither.
    match cx.ddl {
        Some(Ddl::Alter(a)) if !cx.file_tables.contains(&a.name.lower()) => {}
        _ => return,
    }
    for c in defined_columns(cx.ddl) {
        let Some(name) = &c.name else { continue };
        if c.not_null && !c.has_default && !c.auto_increment && !c.primary && !no_literal_default(&c.ty) {
            out.add(
                &RULE,
                (name.start, name.end),
                format!("`NOT NULL` column `{}` has no default: inserts that omit it fail", name.value),
                "add a `DEFAULT` value",
            );
        }
    }
}
