//! SQL019 no-float-double: FLOAT / DOUBLE / REAL columns.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx, defined_columns};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL019",
    "no-float-double",
    Severity::Error,
    "FLOAT, DOUBLE or REAL column",
    r#"## What it does
Reports columns typed FLOAT, DOUBLE, DOUBLE PRECISION or REAL.

## Why
Binary floating point cannot store most decimal fractions: amounts drift and comparisons fail
(Alibaba manual: mandatory; Bytebase, goInception check_float_double, SOAR COL.009).

## Example
```sql
ALTER TABLE pay_order ADD COLUMN amount double NOT NULL DEFAULT 0 COMMENT 'amount';
```

## Use instead
`decimal(18, 2)`, or an integer count of cents.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    for c in defined_columns(cx.ddl) {
        if matches!(c.ty.as_str(), "float" | "double" | "double precision" | "real" | "float4" | "float8") {
            let name = c.name.as_ref().map(|n| n.value.as_str()).unwrap_or_default();
            out.add(
                &RULE,
                (c.ty_start, c.ty_end),
                format!("column `{name}` is `{}`: inexact for decimal values", c.ty),
                "use `decimal(p, s)` or an integer of the smallest unit",
            );
        }
    }
}
