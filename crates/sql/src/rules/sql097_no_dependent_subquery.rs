//! SQL097 no-dependent-subquery: `[NOT] IN (SELECT …)` conditions.

use precheck_core::{RuleMeta, Severity};

use super::{Origin, Out, StmtCx};
use crate::query;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL097",
    "no-dependent-subquery",
    Severity::Warning,
    "`IN (SELECT …)` subquery condition",
    r#"## What it does
Reports a condition `x IN (SELECT …)` or `x NOT IN (SELECT …)` (SOAR SUB.001's pattern), at the `IN`. In an
UPDATE or DELETE the message says so: there MySQL runs it as a dependent subquery even where a SELECT would
get a semi-join. `EXISTS (…)`, scalar subqueries and derived tables in FROM are not reported.

## Why
MySQL up to 5.5 executes `IN (SELECT …)` as a DEPENDENT SUBQUERY, once per outer row; 5.6+ can turn it into a
semi-join for SELECT, but not for single-table UPDATE/DELETE before 8.0.21, nor for `NOT IN`, and the rewrite
depends on the optimiser's choice: the same statement can go from milliseconds to a full scan per row (SOAR
SUB.001).

## Example
```sql
DELETE FROM coupon WHERE shop_id IN (SELECT id FROM shop WHERE closed = 1);
```

## Use instead
A JOIN (`DELETE c FROM coupon c JOIN shop s ON s.id = c.shop_id WHERE s.closed = 1`, if multi-table writes
are allowed), or read the keys first and pass them as a list.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if cx.origin == Origin::MapperMin || !cx.is_dml() {
        return;
    }
    let toks = cx.toks();
    let write = matches!(cx.stmt.verb().as_str(), "UPDATE" | "DELETE");
    for (i, t) in toks.iter().enumerate() {
        if t.is("IN") && query::opens_subquery(toks, i + 1) {
            let not = i > 0 && toks[i - 1].is("NOT");
            let start = if not { toks[i - 1].start } else { t.start };
            let what = if not { "NOT IN" } else { "IN" };
            let msg = if write {
                format!("`{what} (SELECT …)` in {}: MySQL runs it once per row", if cx.stmt.verb() == "UPDATE" { "an UPDATE" } else { "a DELETE" })
            } else {
                format!("`{what} (SELECT …)` may run as a dependent subquery, once per outer row")
            };
            out.add(&RULE, (start, t.end), msg, "rewrite it as a JOIN, or read the keys first");
        }
    }
}
