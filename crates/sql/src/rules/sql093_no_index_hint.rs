//! SQL093 no-index-hint: index hints (`USE`/`FORCE`/`IGNORE INDEX`) and `STRAIGHT_JOIN`.

use precheck_core::{RuleMeta, Severity};

use super::{Origin, Out, StmtCx};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL093",
    "no-index-hint",
    Severity::Warning,
    "index hint (`FORCE INDEX`, `USE INDEX`, `IGNORE INDEX`) or `STRAIGHT_JOIN`",
    r#"## What it does
Reports MySQL index hints (`USE INDEX`, `FORCE INDEX`, `IGNORE INDEX`, and the `KEY` spellings) and
`STRAIGHT_JOIN`, which fixes the join order. Optimizer-hint comments (`/*+ … */`) are comments to precheck
and are not read.

## Why
A hint freezes the plan that was best when it was written; as data and indexes change, the optimiser cannot
pick a better one, and a hint naming an index that is later renamed or dropped makes the statement fail
(`Key 'idx_x' doesn't exist`) (SOAR ARG.010).

## Example
```sql
SELECT id FROM coupon FORCE INDEX (idx_shop) WHERE shop_id = ?;
```

## Use instead
Fix the cause (statistics with `ANALYZE TABLE`, a better index, a rewritten condition) and drop the hint; if
one is unavoidable, suppress this finding with a comment that says why.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if cx.origin == Origin::MapperMin || !cx.stmt.tokenized {
        return;
    }
    let toks = cx.toks();
    for (i, t) in toks.iter().enumerate() {
        let hint = (t.is("USE") || t.is("FORCE") || t.is("IGNORE"))
            && i > 0
            && toks.get(i + 1).is_some_and(|n| n.is("INDEX") || n.is("KEY"));
        if hint {
            let n = &toks[i + 1];
            let text = cx.stmt.text.get(t.start..n.end).unwrap_or("").to_ascii_uppercase();
            out.add(
                &RULE,
                (t.start, n.end),
                format!("`{text}` fixes the plan"),
                "fix statistics, indexes or the condition instead of hinting",
            );
        } else if t.is("STRAIGHT_JOIN") {
            out.add(
                &RULE,
                (t.start, t.end),
                "`STRAIGHT_JOIN` fixes the join order".into(),
                "let the optimiser order the joins; fix statistics or indexes instead",
            );
        }
    }
}
