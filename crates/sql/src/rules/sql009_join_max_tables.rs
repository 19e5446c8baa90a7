//! SQL009 join-max-tables: more tables joined than `join-max-tables`.

use precheck_core::{RuleMeta, Severity};
use sqlparser::tokenizer::Token;

use super::{Out, StmtCx};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL009",
    "join-max-tables",
    Severity::Warning,
    "more tables joined in one FROM than `join-max-tables` (default 3)",
    r#"## What it does
Counts the tables of each FROM clause (joins and comma-joins, each subquery on its own) and reports a
FROM with more than `[sql] join-max-tables` (default 3).

## Why
Plans explode with the number of tables and the lock footprint grows (Alibaba manual: more than three
tables must not be joined; SOAR JOI.005).

## Example
```sql
SELECT a.id FROM a JOIN b ON … JOIN c ON … JOIN d ON …;
```

## Use instead
Split the query, or denormalise the column you need.
"#,
)
.opt_in();

const END: &[&str] = &["WHERE", "GROUP", "ORDER", "LIMIT", "HAVING", "UNION", "FOR", "WINDOW", "SET"];

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if !cx.is_dml() {
        return;
    }
    let max = cx.settings.cfg.join_max_tables;
    let toks = cx.toks();
    for (i, t) in toks.iter().enumerate() {
        if !t.is("FROM") {
            continue;
        }
        let d = t.depth;
        let mut count = 1;
        for u in &toks[i + 1..] {
            if u.depth < d || (u.depth == d && (END.iter().any(|k| u.is(k)) || u.t == Token::SemiColon)) {
                break;
            }
            if u.depth == d && (u.is("JOIN") || u.is("STRAIGHT_JOIN") || u.t == Token::Comma) {
                count += 1;
            }
        }
        if count > max {
            out.add(
                &RULE,
                (t.start, t.end),
                format!("{count} tables are joined in one `FROM`; the limit is {max}"),
                "split the query or denormalise the needed columns",
            );
        }
    }
}
