//! SQL098 no-implicit-join: comma joins (`FROM a, b`) and JOINs without ON/USING.

use precheck_core::{RuleMeta, Severity};

use super::{Origin, Out, StmtCx};
use crate::query;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL098",
    "no-implicit-join",
    Severity::Warning,
    "implicit join: tables separated by commas, or a JOIN without ON/USING",
    r#"## What it does
In the FROM clause of every SELECT and DELETE (and the table list of an UPDATE) reports:
- a comma between tables (`FROM a, b WHERE a.id = b.a_id`), at the comma;
- a `JOIN` with neither `ON` nor `USING` (an accidental cross join), at the `JOIN`.
An explicit `CROSS JOIN` and a `NATURAL JOIN` say what they do and are not reported.

## Why
With comma joins the join condition hides among the filters: forget it and the query silently returns the
cross product; mixing commas with `JOIN` also changes precedence (`FROM a, b JOIN c ON a.x = c.x` fails: `a`
is not visible in the ON) (SOAR JOI.001; sqlfluff AM05/AM08, CV12).

## Example
```sql
SELECT c.id, s.name FROM coupon c, shop s WHERE c.shop_id = s.id AND c.status = 1;
```

## Use instead
```sql
SELECT c.id, s.name FROM coupon c JOIN shop s ON s.id = c.shop_id WHERE c.status = 1;
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
    let mut clauses: Vec<usize> = query::levels(toks).iter().filter_map(|l| l.from).collect();
    match cx.stmt.verb().as_str() {
        "UPDATE" => clauses.push(0),
        "DELETE" => clauses.extend(cx.stmt.find_top(0, "FROM")),
        _ => {}
    }
    clauses.sort_unstable();
    clauses.dedup();
    for kw in clauses {
        let f = query::from_clause(toks, &close, kw);
        for &c in &f.commas {
            let t = &toks[c];
            out.add(
                &RULE,
                (t.start, t.end),
                "tables joined by a comma: the join condition is mixed into WHERE".into(),
                "write `JOIN … ON …` with the join condition",
            );
        }
        for j in f.joins.iter().filter(|j| !j.cross && !j.constrained) {
            let t = &toks[j.at];
            out.add(
                &RULE,
                (t.start, t.end),
                "`JOIN` without `ON` or `USING` returns the cross product".into(),
                "add the join condition, or write `CROSS JOIN` if the product is meant",
            );
        }
    }
}
