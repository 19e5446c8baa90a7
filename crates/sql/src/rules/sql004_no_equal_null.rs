//! SQL004 no-equal-null: `= NULL`, `<> NULL`, `IN (NULL)`.

use precheck_core::{RuleMeta, Severity};
use sqlparser::tokenizer::Token;

use super::{Out, StmtCx, clause_ranges};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL004",
    "no-equal-null",
    Severity::Error,
    "comparison with NULL by `=`, `<>` or `IN`",
    r#"## What it does
Reports `= NULL`, `<> NULL`, `!= NULL` and `IN (NULL)` in WHERE, ON, HAVING and CASE WHEN conditions.

## Why
Any comparison with NULL is unknown, so the condition never matches (Alibaba manual: mandatory; Bytebase,
SOAR ARG.004/006, sqlfluff CV05).

## Example
```sql
SELECT id FROM user WHERE deleted_at = NULL;
```

## Use instead
```sql
SELECT id FROM user WHERE deleted_at IS NULL;
```
"#,
);

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if !cx.is_dml() {
        return;
    }
    let toks = cx.toks();
    for (s, e) in clause_ranges(toks, &["WHERE", "ON", "HAVING", "WHEN"]) {
        for i in s..e {
            let t = &toks[i];
            let cmp = matches!(t.t, Token::Eq | Token::Neq | Token::DoubleEq);
            let hit = (cmp && toks.get(i + 1).is_some_and(|n| n.is("NULL")))
                || (t.is("IN")
                    && toks.get(i + 1).is_some_and(|n| n.t == Token::LParen)
                    && toks.get(i + 2).is_some_and(|n| n.is("NULL")));
            if hit {
                let null = &toks[if t.is("IN") { i + 2 } else { i + 1 }];
                out.add(
                    &RULE,
                    (t.start, null.end),
                    "comparison with `NULL` is never true".into(),
                    "use `IS NULL` or `IS NOT NULL`",
                );
            }
        }
    }
}
