//! SQL096 union-all: `UNION` without `ALL` (or `DISTINCT`).

use precheck_core::{RuleMeta, Severity};

use super::{Origin, Out, StmtCx};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL096",
    "union-all",
    Severity::Warning,
    "bare `UNION` (duplicate removal) instead of `UNION ALL`",
    r#"## What it does
Reports a `UNION` not followed by `ALL` or `DISTINCT`. An explicit `UNION DISTINCT` says the duplicate
removal is meant and is not reported.

## Why
A bare `UNION` removes duplicates: MySQL materialises both results in a temporary table with a unique index
and deduplicates them. When the arms cannot overlap, or duplicates do not matter, `UNION ALL` returns the
same rows without that work; when duplicates must go, `UNION DISTINCT` says so (SOAR SUB.002; sqlfluff
AM02 asks for the explicit form).

## Example
```sql
SELECT id FROM coupon WHERE status = 1 UNION SELECT id FROM coupon_archive WHERE status = 1;
```

## Use instead
```sql
SELECT id FROM coupon WHERE status = 1 UNION ALL SELECT id FROM coupon_archive WHERE status = 1;
```
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if cx.origin == Origin::MapperMin || !cx.is_dml() {
        return;
    }
    let toks = cx.toks();
    for (i, t) in toks.iter().enumerate() {
        if t.is("UNION") && toks.get(i + 1).is_none_or(|n| !n.is("ALL") && !n.is("DISTINCT")) {
            out.add(
                &RULE,
                (t.start, t.end),
                "`UNION` removes duplicates through a temporary table".into(),
                "write `UNION ALL` when the arms cannot overlap or duplicates are fine, `UNION DISTINCT` when not",
            );
        }
    }
}
