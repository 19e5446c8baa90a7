//! SQL040 require-shard-key: statements on tables sharded by `[sql.sharding]` without the shard key.

use precheck_core::{RuleMeta, Severity};
use sqlparser::tokenizer::Token;

use super::{Out, StmtCx};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL040",
    "require-shard-key",
    Severity::Error,
    "statement on a table sharded in `[sql.sharding]` without `=`/`IN` on the shard key",
    r#"## What it does
For tables declared in `[sql] sharding` (non-Zdal middleware: `table = "shard_column"`), reports a SELECT,
UPDATE or DELETE that does not compare the shard column with `=` or `IN`, and an INSERT whose column
list lacks it. Zdal-declared sharding is covered by the ZD routing rules.

## Why
Without the key the middleware scatters the query to every shard or fails with "no target" (precheck's
own rule).

## Example
```toml
[sql.sharding]
user_order = "user_id"
```
```sql
SELECT id FROM user_order WHERE order_no = ?;
```

## Use instead
`SELECT id FROM user_order WHERE user_id = ? AND order_no = ?;`
"#,
);

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if cx.settings.sharding.is_empty() || !cx.is_dml() {
        return;
    }
    let toks = cx.toks();
    let insert = matches!(cx.stmt.verb().as_str(), "INSERT" | "REPLACE");
    for (i, t) in toks.iter().enumerate() {
        let Some(word) = t.word() else { continue };
        let after_table_kw = i > 0 && ["FROM", "JOIN", "UPDATE", "INTO"].iter().any(|k| toks[i - 1].is(k));
        if !after_table_kw {
            continue;
        }
        let lower = word.to_ascii_lowercase();
        let Some((_, col)) = cx.settings.sharding.iter().find(|(tb, _)| *tb == lower) else { continue };
        let bound = toks.iter().enumerate().any(|(j, u)| {
            u.word().is_some_and(|w| w.eq_ignore_ascii_case(col))
                && (insert
                    || toks.get(j + 1).is_some_and(|n| n.t == Token::Eq || n.is("IN"))
                    || (j > 0 && toks[j - 1].t == Token::Eq))
        });
        if !bound {
            let what = if insert { "does not insert" } else { "does not bind" };
            out.add(
                &RULE,
                (t.start, t.end),
                format!("`{word}` is sharded by `{col}`, but this statement {what} it"),
                &format!("add `{col} = ?` to the WHERE clause (or the column list)"),
            );
        }
    }
}
