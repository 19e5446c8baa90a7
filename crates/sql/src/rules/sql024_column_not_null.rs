//! SQL024 column-not-null: nullable columns.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx, defined_columns};
use crate::ddl::{Ddl, IndexKind};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL024",
    "column-not-null",
    Severity::Warning,
    "column that allows NULL",
    r#"## What it does
Reports a column of CREATE TABLE or ALTER ADD/MODIFY/CHANGE without `NOT NULL` (primary key columns are
NOT NULL anyway).

## Why
NULL brings three-valued logic into every condition, `NOT IN` surprises and skewed index statistics
(Bytebase COLUMN_NO_NULL, goInception enable_nullable, SOAR COL.011).

## Example
```sql
ALTER TABLE user ADD COLUMN nick varchar(32) COMMENT 'nick name';
```

## Use instead
`ALTER TABLE user ADD COLUMN nick varchar(32) NOT NULL DEFAULT '' COMMENT 'nick name';`
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let pk: Vec<String> = match cx.ddl {
        Some(Ddl::Create(ct)) => {
            ct.indexes.iter().filter(|i| i.kind == IndexKind::Primary).flat_map(|i| i.columns.clone()).collect()
        }
        _ => Vec::new(),
    };
    for c in defined_columns(cx.ddl) {
        let Some(name) = &c.name else { continue };
        if !c.not_null && !c.primary && !c.auto_increment && !pk.contains(&name.lower()) {
            out.add(
                &RULE,
                (name.start, name.end),
                format!("column `{}` allows NULL", name.value),
                "declare it `NOT NULL` with a `DEFAULT`",
            );
        }
    }
}
