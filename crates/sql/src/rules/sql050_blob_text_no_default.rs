//! SQL050 blob-text-no-default: a literal DEFAULT on a TEXT/BLOB/JSON/GEOMETRY column.

use precheck_core::{RuleMeta, Severity};

use super::sql049_column_require_default::no_literal_default;
use super::{Out, StmtCx, defined_columns};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL050",
    "blob-text-no-default",
    Severity::Error,
    "TEXT, BLOB, JSON or GEOMETRY column with a non-NULL literal DEFAULT",
    r#"## What it does
Reports a `text`/`blob` family, `json` or spatial column with a `DEFAULT` other than `NULL`, in CREATE
TABLE and ALTER TABLE ADD/MODIFY/CHANGE COLUMN. An expression default in parentheses
(`DEFAULT ('')`, MySQL 8.0.13+) is allowed. MySQL only.

## Why
MySQL rejects a literal default on these types: "BLOB, TEXT, GEOMETRY or JSON column 'x' can't have a
default value" (error 1101) in strict mode; outside strict mode it drops the default with a warning, so
the column's behaviour differs from what the script says (goInception, SOAR COL.015; SOAR COL.012 on
NOT NULL text columns is related).

## Example
```sql
ALTER TABLE article ADD COLUMN body text NOT NULL DEFAULT '';
```

## Use instead
```sql
ALTER TABLE article ADD COLUMN body text NULL;
```
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    for c in defined_columns(cx.ddl) {
        if !no_literal_default(&c.ty) || c.default_null || c.default_expr {
            continue;
        }
        let Some(range) = c.default_range else { continue };
        out.add(
            &RULE,
            range,
            format!("`{}` column `{}` cannot have a literal default", c.ty, c.name_lower()),
            "drop the DEFAULT (let the application write the value), or use an expression default `DEFAULT ('…')` on MySQL 8.0.13+",
        );
    }
}
