//! SQL090 count-distinct-multi: `COUNT(DISTINCT a, b)` drops every row where one of the columns is NULL.

use precheck_core::{RuleMeta, Severity};
use sqlparser::tokenizer::Token;

use super::{Origin, Out, StmtCx};
use crate::query;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL090",
    "count-distinct-multi",
    Severity::Warning,
    "`COUNT(DISTINCT a, b)` over several columns",
    r#"## What it does
Reports `COUNT(DISTINCT …)` with more than one expression (a comma at the top level of its parentheses).

## Why
`COUNT(DISTINCT a, b)` counts the distinct combinations in which *no* expression is NULL: when one column is
NULL in every row the result is 0 even though the other has many distinct values, which is rarely what the
report meant (Alibaba manual: mandatory; SOAR DIS.002).

## Example
```sql
SELECT COUNT(DISTINCT user_id, coupon_id) FROM coupon_use;
```

## Use instead
Decide what NULL means and say it, e.g. `COUNT(DISTINCT user_id, IFNULL(coupon_id, 0))`, or count one
column: `COUNT(DISTINCT user_id)`.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if cx.origin == Origin::MapperMin || !cx.is_dml() {
        return;
    }
    let toks = cx.toks();
    let close = query::matching(toks);
    for (i, t) in toks.iter().enumerate() {
        if !t.is("COUNT")
            || toks.get(i + 1).is_none_or(|n| n.t != Token::LParen)
            || toks.get(i + 2).is_none_or(|n| !n.is("DISTINCT"))
        {
            continue;
        }
        let end = close[i + 1].min(toks.len());
        let d = toks[i + 1].depth + 1;
        let multi = toks[i + 3..end.saturating_sub(1).max(i + 3)].iter().any(|u| u.depth == d && u.t == Token::Comma);
        if multi {
            out.add(
                &RULE,
                (t.start, toks[end - 1].end),
                "`COUNT(DISTINCT …)` over several columns skips every row in which any of them is NULL".into(),
                "count one column, or replace NULLs explicitly (`IFNULL(col, …)`)",
            );
        }
    }
}
