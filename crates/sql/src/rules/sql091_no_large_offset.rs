//! SQL091 no-large-offset: `LIMIT offset, n` / `OFFSET offset` with a literal offset above `offset-max`.

use precheck_core::{RuleMeta, Severity};
use sqlparser::tokenizer::Token;

use super::{Origin, Out, StmtCx};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL091",
    "no-large-offset",
    Severity::Warning,
    "LIMIT with a literal offset above `offset-max` (default 10000)",
    r#"## What it does
Reports `LIMIT m, n` and `LIMIT n OFFSET m` whose offset `m` is a number literal greater than `[sql]
offset-max` (default 10000). An offset passed as a parameter (`LIMIT #{offset}, #{size}`) is not known
before run time and is not reported.

## Why
MySQL reads and throws away the first `m` rows to return `n`: deep pages cost in proportion to the page
number (the Alibaba manual recommends a delayed join or a key range for deep pages; SOAR CLA.003).

## Example
```sql
SELECT id, code FROM coupon WHERE shop_id = ? ORDER BY id LIMIT 200000, 20;
```

## Use instead
Continue from the last key seen: `… WHERE shop_id = ? AND id > ? ORDER BY id LIMIT 20`, or join with the
page's keys: `… JOIN (SELECT id FROM coupon WHERE shop_id = ? ORDER BY id LIMIT 200000, 20) k USING (id)`.
"#,
)
.opt_in();

fn number(t: &Tok) -> Option<u64> {
    match &t.t {
        Token::Number(n, _) => n.parse().ok(),
        _ => None,
    }
}

use crate::stmt::Tok;

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if cx.origin == Origin::MapperMin || !cx.is_dml() {
        return;
    }
    let max = cx.settings.cfg.offset_max;
    let toks = cx.toks();
    for (i, t) in toks.iter().enumerate() {
        // `LIMIT m, n`
        // `LIMIT m, n` or `OFFSET m`
        let limit_pair = t.is("LIMIT") && toks.get(i + 2).is_some_and(|c| c.t == Token::Comma);
        let offset = if limit_pair || t.is("OFFSET") { toks.get(i + 1) } else { None };
        let Some(o) = offset else { continue };
        if let Some(m) = number(o).filter(|&m| m > max) {
            out.add(
                &RULE,
                (o.start, o.end),
                format!("offset {m} skips {m} rows on every call; the limit is {max}"),
                "page by key (`id > last_id`) or with a delayed join",
            );
        }
    }
}
