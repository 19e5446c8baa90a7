//! SQL088 count-star: `COUNT(col)` or `COUNT(1)` where `COUNT(*)` counts rows.

use precheck_core::{RuleMeta, Severity};
use sqlparser::tokenizer::Token;

use super::{Origin, Out, StmtCx};
use crate::query;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL088",
    "count-star",
    Severity::Warning,
    "`COUNT(column)` or `COUNT(constant)` instead of `COUNT(*)`",
    r#"## What it does
Reports `COUNT(x)` whose argument is a single column or a constant (`COUNT(id)`, `COUNT(1)`, `COUNT(0)`).
`COUNT(*)`, `COUNT(DISTINCT …)` (SQL090 looks at those) and `COUNT` of an expression (`COUNT(CASE … END)`,
`COUNT(IF(…))`, a deliberate conditional count) are not reported.

## Why
`COUNT(*)` is the SQL-92 way to count rows, independent of NULLs and of the data. `COUNT(col)` counts only
the rows where `col` is not NULL: when that is the intent it reads like a row count and hides it, and when it
is not, rows are silently missed; `COUNT(1)` is the same plan as `COUNT(*)` with a less clear meaning
(Alibaba manual: mandatory; SOAR FUN.005; sqlfluff CV04).

## Example
```sql
SELECT COUNT(id) FROM coupon WHERE shop_id = ?;
```

## Use instead
```sql
SELECT COUNT(*) FROM coupon WHERE shop_id = ?;
```
To count non-NULL values on purpose, say so: `SUM(col IS NOT NULL)`.
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
        if !t.is("COUNT") || toks.get(i + 1).is_none_or(|n| n.t != Token::LParen) {
            continue;
        }
        let end = close[i + 1].min(toks.len());
        let inner = &toks[i + 2..end.saturating_sub(1).max(i + 2)];
        let single = match inner {
            [a] => matches!(a.t, Token::Number(..)) || (a.word().is_some() && !a.is("DISTINCT") && !a.is("ALL")),
            [q, dot, c] => q.word().is_some() && dot.t == Token::Period && c.word().is_some(),
            _ => false,
        };
        if single {
            let arg = cx.stmt.text.get(inner[0].start..inner[inner.len() - 1].end).unwrap_or("");
            let what = if matches!(inner[0].t, Token::Number(..)) { "a constant" } else { "a column: it skips NULLs" };
            out.add(
                &RULE,
                (t.start, toks[end - 1].end),
                format!("`COUNT({arg})` counts {what}"),
                "count rows with `COUNT(*)`",
            );
        }
    }
}
