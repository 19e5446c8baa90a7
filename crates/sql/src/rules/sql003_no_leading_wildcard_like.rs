//! SQL003 no-leading-wildcard-like: `LIKE '%x'`.

use precheck_core::{RuleMeta, Severity};
use sqlparser::tokenizer::Token;

use super::{Out, StmtCx};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL003",
    "no-leading-wildcard-like",
    Severity::Warning,
    "`LIKE` pattern that starts with a wildcard",
    r#"## What it does
Reports `LIKE '%x'` and `LIKE '%x%'`, and `LIKE CONCAT('%', ?)` as mappers write it.

## Why
A pattern that starts with `%` cannot use a B-tree index: the query scans the whole table (Alibaba manual:
mandatory; Bytebase, SOAR ARG.001).

## Example
```sql
SELECT id FROM user WHERE name LIKE '%son';
```

## Use instead
A prefix match (`LIKE 'son%'`), or a full-text / search engine for infix search.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if !cx.is_dml() {
        return;
    }
    let toks = cx.toks();
    for (i, t) in toks.iter().enumerate() {
        if !t.is("LIKE") {
            continue;
        }
        let Some(next) = toks.get(i + 1) else { continue };
        let pattern = if next.is("CONCAT") && toks.get(i + 2).is_some_and(|p| p.t == Token::LParen) {
            toks.get(i + 3)
        } else {
            Some(next)
        };
        let Some(p) = pattern else { continue };
        if p.string().is_some_and(|s| s.starts_with('%')) {
            out.add(
                &RULE,
                (p.start, p.end),
                "`LIKE` pattern starts with `%`: no index can be used".into(),
                "match a prefix, or use full-text search",
            );
        }
    }
}
