//! SQL105 no-sql-calc-found-rows: `SQL_CALC_FOUND_ROWS` and `FOUND_ROWS()`.

use precheck_core::{RuleMeta, Severity};
use sqlparser::tokenizer::Token;

use super::{Origin, Out, StmtCx};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL105",
    "no-sql-calc-found-rows",
    Severity::Warning,
    "`SQL_CALC_FOUND_ROWS` / `FOUND_ROWS()`",
    r#"## What it does
Reports the `SQL_CALC_FOUND_ROWS` modifier and calls of `FOUND_ROWS()`.

## Why
`SQL_CALC_FOUND_ROWS` makes MySQL compute the full result to count it, even though only a page is returned,
so the LIMIT saves nothing; it is deprecated since MySQL 8.0.17 together with `FOUND_ROWS()` (SOAR KWR.001).

## Example
```sql
SELECT SQL_CALC_FOUND_ROWS id, code FROM coupon WHERE shop_id = ? LIMIT 20;
SELECT FOUND_ROWS();
```

## Use instead
A separate `SELECT COUNT(*) FROM coupon WHERE shop_id = ?` (which can use a covering index), or no total
count at all (a "next page" link).
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if cx.origin == Origin::MapperMin {
        return;
    }
    let toks = cx.toks();
    for (i, t) in toks.iter().enumerate() {
        if t.is("SQL_CALC_FOUND_ROWS") {
            out.add(
                &RULE,
                (t.start, t.end),
                "`SQL_CALC_FOUND_ROWS` computes the whole result to count it (deprecated in MySQL 8.0.17)".into(),
                "count with a separate `SELECT COUNT(*)`",
            );
        } else if t.is("FOUND_ROWS") && toks.get(i + 1).is_some_and(|n| n.t == Token::LParen) {
            out.add(
                &RULE,
                (t.start, t.end),
                "`FOUND_ROWS()` is deprecated in MySQL 8.0.17".into(),
                "count with a separate `SELECT COUNT(*)`",
            );
        }
    }
}
