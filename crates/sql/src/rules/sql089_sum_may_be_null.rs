//! SQL089 sum-may-be-null: `SUM(…)` whose NULL result (no rows, all NULL) is not replaced.

use precheck_core::{RuleMeta, Severity};
use sqlparser::tokenizer::Token;

use super::{Origin, Out, StmtCx};
use crate::query;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL089",
    "sum-may-be-null",
    Severity::Warning,
    "`SUM(…)` that returns NULL on no rows, not wrapped in `IFNULL`/`COALESCE`",
    r#"## What it does
Reports a `SUM(…)` call that is not inside `IFNULL(…)`, `COALESCE(…)`, `NVL(…)` or `ISNULL(…)` (at any level
of the enclosing parentheses, so `IFNULL(SUM(a) - SUM(b), 0)` counts as handled), nor one tested with
`IS [NOT] NULL` (`IF(SUM(x) IS NULL, 0, SUM(x))`). A window `SUM(…) OVER (…)` is reported like any other.

## Why
`SUM` over no rows, or over rows that are all NULL, returns NULL, not 0 (while `COUNT` returns 0). Mapped to
a primitive (`long`, `int`) or unboxed in Java, that NULL is a `NullPointerException` in production on the
first empty day (Alibaba manual: mandatory; SOAR FUN.006).

## Example
```sql
SELECT SUM(amount) FROM pay_order WHERE user_id = ?;
```

## Use instead
```sql
SELECT IFNULL(SUM(amount), 0) FROM pay_order WHERE user_id = ?;
```
"#,
)
.opt_in();

/// Functions whose argument may be NULL on purpose.
const NULL_SAFE: &[&str] = &["IFNULL", "COALESCE", "NVL", "NVL2", "ISNULL", "IF", "NULLIF"];

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if cx.origin == Origin::MapperMin || !cx.is_dml() {
        return;
    }
    let toks = cx.toks();
    let encl = query::enclosing(toks);
    let close = query::matching(toks);
    for (i, t) in toks.iter().enumerate() {
        if !t.is("SUM") || toks.get(i + 1).is_none_or(|n| n.t != Token::LParen) {
            continue;
        }
        if i > 0 && toks[i - 1].t == Token::Period {
            continue;
        }
        // Up the enclosing parentheses (bounded by the parser's nesting limit): a NULL-safe function, or a
        // CASE that handles the value, anywhere above.
        let mut safe = false;
        let mut at = encl[i];
        while let Some(open) = at {
            if open > 0 && NULL_SAFE.iter().any(|k| toks[open - 1].is(k)) {
                safe = true;
                break;
            }
            at = encl[open];
        }
        // `CASE WHEN SUM(x) IS NULL …`: tested on the spot.
        let end = close[i + 1].min(toks.len());
        let tested = toks.get(end).is_some_and(|n| n.is("IS"));
        if !safe && !tested {
            out.add(
                &RULE,
                (t.start, toks[end - 1].end),
                "`SUM(…)` is NULL when no row (or only NULLs) match".into(),
                "wrap it: `IFNULL(SUM(…), 0)`",
            );
        }
    }
}
