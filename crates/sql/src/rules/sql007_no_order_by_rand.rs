//! SQL007 no-order-by-rand: `ORDER BY RAND()`.

use precheck_core::{RuleMeta, Severity};
use sqlparser::tokenizer::Token;

use super::{Out, StmtCx};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL007",
    "no-order-by-rand",
    Severity::Warning,
    "`ORDER BY RAND()`",
    r#"## What it does
Reports `ORDER BY RAND()` (and `RANDOM()`).

## Why
The database computes a random value for every row and sorts the whole result set to return a few rows
(Bytebase, goInception enable_orderby_rand, SOAR CLA.002).

## Example
```sql
SELECT id FROM prize ORDER BY RAND() LIMIT 1;
```

## Use instead
Pick a random id range in the application (`WHERE id >= ? ORDER BY id LIMIT 1`).
"#,
);

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if !cx.is_dml() {
        return;
    }
    let toks = cx.toks();
    for i in 0..toks.len().saturating_sub(1) {
        if !(toks[i].is("ORDER") && toks[i + 1].is("BY")) {
            continue;
        }
        let d = toks[i].depth;
        for j in i + 2..toks.len() {
            let t = &toks[j];
            if t.depth < d || (t.depth == d && (t.is("LIMIT") || t.is("UNION") || t.is("FOR"))) {
                break;
            }
            if (t.is("RAND") || t.is("RANDOM")) && toks.get(j + 1).is_some_and(|n| n.t == Token::LParen) {
                out.add(
                    &RULE,
                    (t.start, t.end),
                    "`ORDER BY RAND()` sorts the whole result set".into(),
                    "choose the random rows in the application, by key range",
                );
            }
        }
    }
}
