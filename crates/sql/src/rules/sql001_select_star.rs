//! SQL001 select-star: `SELECT *` (also in subqueries and UNION arms).

use precheck_core::{RuleMeta, Severity};
use sqlparser::tokenizer::Token;

use super::{Out, StmtCx};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL001",
    "select-star",
    Severity::Warning,
    "`SELECT *` instead of a column list",
    r#"## What it does
Reports `*` and `t.*` in a select list, in subqueries and UNION arms too (`COUNT(*)` is fine).

## Why
The result changes shape when a column is added or reordered, which breaks positional mappings and
over-fetches (Alibaba manual: mandatory; Bytebase, goInception, SOAR COL.001, sqlfluff AM04).

## Example
```sql
SELECT * FROM user_order WHERE id = ?;
```

## Use instead
```sql
SELECT id, user_id, amount FROM user_order WHERE id = ?;
```
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if !cx.is_dml() {
        return;
    }
    let toks = cx.toks();
    for (i, t) in toks.iter().enumerate() {
        if t.t != Token::Mul || i == 0 {
            continue;
        }
        let prev = &toks[i - 1];
        let qualified = prev.t == Token::Period && i >= 2 && toks[i - 2].word().is_some();
        let list_start = prev.is("SELECT") || prev.is("DISTINCT") || prev.is("ALL") || prev.t == Token::Comma;
        let next_ok = toks.get(i + 1).is_none_or(|n| n.is("FROM") || n.t == Token::Comma || n.t == Token::SemiColon);
        if (qualified || list_start) && next_ok {
            let start = if qualified { toks[i - 2].start } else { t.start };
            out.add(&RULE, (start, t.end), "`SELECT *` selects every column".into(), "name the columns the code reads");
        }
    }
}
