//! SQL095 no-negative-predicate: `NOT IN`, `NOT LIKE`, `NOT REGEXP` conditions.

use precheck_core::{RuleMeta, Severity};

use super::{Origin, Out, StmtCx};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL095",
    "no-negative-predicate",
    Severity::Warning,
    "negative predicate (`NOT IN`, `NOT LIKE`, `NOT REGEXP`)",
    r#"## What it does
Reports the negated comparison operators `NOT IN`, `NOT LIKE` and `NOT REGEXP` / `NOT RLIKE` (the ones SOAR's
ARG.011 checks). `<>`/`!=`, `NOT EXISTS` and `IS NOT NULL` are not reported.

## Why
An index finds the rows that match a value, not the rows that do not: a negative predicate is evaluated
row by row over whatever the other conditions leave, usually a full scan. `NOT IN (subquery)` has a
second trap: when the subquery returns a NULL, the condition is never true and the query returns nothing
(SOAR ARG.011).

## Example
```sql
SELECT id FROM coupon WHERE status NOT IN (3, 4);
```

## Use instead
Name the values you want: `status IN (0, 1, 2)`; for `NOT IN (SELECT …)` use `NOT EXISTS` or a
`LEFT JOIN … WHERE x.id IS NULL`.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if cx.origin == Origin::MapperMin || !cx.is_dml() {
        return;
    }
    let toks = cx.toks();
    for w in toks.windows(2) {
        let (n, op) = (&w[0], &w[1]);
        if n.is("NOT") && (op.is("IN") || op.is("LIKE") || op.is("REGEXP") || op.is("RLIKE")) {
            let text = format!("NOT {}", op.word().unwrap_or("").to_ascii_uppercase());
            out.add(
                &RULE,
                (n.start, op.end),
                format!("`{text}` cannot use an index to find the rows"),
                "name the values wanted, or use NOT EXISTS / an anti-join",
            );
        }
    }
}
