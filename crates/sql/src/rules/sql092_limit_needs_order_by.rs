//! SQL092 limit-needs-order-by: a SELECT with LIMIT but no ORDER BY.

use precheck_core::{RuleMeta, Severity};
use super::{Origin, Out, StmtCx};
use crate::query;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL092",
    "limit-needs-order-by",
    Severity::Warning,
    "SELECT with LIMIT (or OFFSET) but no ORDER BY",
    r#"## What it does
Reports each SELECT (outer query, UNION arm or subquery) that has a `LIMIT` but no `ORDER BY` of its own.
`LIMIT 1` on a query that only tests existence is reported too: name the row you want, or use `EXISTS`.
UPDATE/DELETE with LIMIT are SQL008's.

## Why
Without an order, which rows a LIMIT keeps depends on the plan: the same query returns different rows after
an index is added or the data grows, pages overlap or skip rows (SOAR RES.002; sqlfluff AM09).

## Example
```sql
SELECT id, code FROM coupon WHERE shop_id = ? LIMIT 20, 20;
```

## Use instead
```sql
SELECT id, code FROM coupon WHERE shop_id = ? ORDER BY id LIMIT 20, 20;
```
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if cx.origin == Origin::MapperMin || !cx.is_dml() {
        return;
    }
    let toks = cx.toks();
    let close = query::matching(toks);
    for lv in query::levels(toks) {
        let mut limit = None;
        let mut ordered = false;
        for i in query::own_tokens(toks, &close, lv.select, lv.end) {
            let t = &toks[i];
            if t.depth != lv.depth {
                continue;
            }
            if t.is("ORDER") && toks.get(i + 1).is_some_and(|n| n.is("BY")) {
                ordered = true;
            } else if t.is("LIMIT") && limit.is_none() {
                limit = Some(i);
            }
        }
        let Some(l) = limit.filter(|_| !ordered) else { continue };
        let t = &toks[l];
        out.add(
            &RULE,
            (t.start, t.end),
            "`LIMIT` without `ORDER BY`: which rows it keeps depends on the plan".into(),
            "add an ORDER BY on a unique key",
        );
    }
}
