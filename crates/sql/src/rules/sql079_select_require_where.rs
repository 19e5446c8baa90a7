//! SQL079 select-require-where: a SELECT that reads a table without WHERE.

use precheck_core::{RuleMeta, Severity};

use sqlparser::tokenizer::Token;

use super::{Origin, Out, StmtCx};
use crate::query;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL079",
    "select-require-where",
    Severity::Warning,
    "SELECT from a table without a WHERE clause",
    r#"## What it does
Reports an outermost SELECT (the statement's own, or a UNION arm) that has a FROM clause naming a table but
no WHERE (a subquery is bounded by the query that uses it; SOAR CLA.001 also looks at the outermost SELECT
only). A join whose ON compares with a value or a parameter (`JOIN r ON r.id = u.role_id AND r.user_id = ?`)
filters the rows and counts as a WHERE. A SELECT without FROM (`SELECT NOW()`), only `FROM DUAL` or only derived tables
(`SELECT … FROM (SELECT … WHERE …) t`, filtered inside) is not reported, nor one with `GROUP BY` or `LIMIT`
(an aggregate report or a bounded read says what it wants), nor a mapper statement with `${…}`
substitutions (MyBatis-Plus `${ew.customSqlSegment}` renders its WHERE at run time). In a mapper the
rendering with every condition on is checked, so a `<where>` with optional filters counts as a WHERE; a
WHERE that exists only when parameters are passed is SQL039's concern for UPDATE/DELETE.

## Why
Without a filter the query reads the whole table; fine on a ten-row code table, a full scan and a huge
result set on a business table (Bytebase STATEMENT_WHERE_REQUIRE_SELECT, SOAR CLA.001).

## Example
```sql
SELECT id, code FROM coupon;
```

## Use instead
```sql
SELECT id, code FROM coupon WHERE shop_id = ? AND status = 1;
```
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if cx.origin == Origin::MapperMin || cx.substituted || !cx.is_dml() {
        return;
    }
    let toks = cx.toks();
    let close = query::matching(toks);
    // The outermost SELECTs (the statement's own and its UNION arms): a subquery is bounded by what uses it.
    for lv in query::levels(toks).into_iter().filter(|l| l.depth == 0) {
        let Some(from) = lv.from else { continue };
        let f = query::from_clause(toks, &close, from);
        // A join condition that compares with a value filters the rows as a WHERE would.
        let filtered_join = (from..f.end).any(|i| matches!(toks[i].t, Token::Placeholder(_)) || query::is_literal(&toks[i]));
        if filtered_join {
            continue;
        }
        // A derived table filters inside; only a named table is read whole.
        let real = f.tables.iter().any(|t| t.name(toks).is_some_and(|n| n != "dual"));
        if !real {
            continue;
        }
        let mut has = false;
        for i in query::own_tokens(toks, &close, from, lv.end) {
            let t = &toks[i];
            if t.depth == lv.depth && (t.is("WHERE") || t.is("GROUP") || t.is("LIMIT")) {
                has = true;
                break;
            }
        }
        if !has {
            let s = &toks[lv.select];
            out.add(
                &RULE,
                (s.start, s.end),
                "`SELECT` reads the table without a `WHERE`: every row is scanned and returned".into(),
                "filter the rows the caller needs, or page through them",
            );
        }
    }
}
