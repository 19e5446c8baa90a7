//! SQL081 where-max-logical-operators: an OR chain in a condition with more operands than the limit.

use std::collections::HashMap;

use precheck_core::{RuleMeta, Severity};

use super::{Origin, Out, StmtCx, clause_ranges};
use crate::query;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL081",
    "where-max-logical-operators",
    Severity::Warning,
    "an OR chain in WHERE with more operands than `where-max-logical-operators` (default 10)",
    r#"## What it does
Counts the operands of each OR chain in a WHERE, ON or HAVING condition (`a OR b OR c` is three; each
parenthesised group is its own chain, subqueries are counted on their own) and reports a chain with more
than `[sql] where-max-logical-operators` operands (default 10), at its first `OR`.

## Why
A long OR chain is hard to read and to get right (one misplaced `AND` changes every row it matches), and
MySQL can only use an index for it through index merge or a range per branch; when the branches compare one
column, `col IN (…)` says the same and is planned as one range scan (Bytebase
STATEMENT_WHERE_MAXIMUM_LOGICAL_OPERATOR_COUNT, which counts OR operands the same way; SOAR ARG.008).

## Example
```sql
SELECT id FROM coupon WHERE code = 'A' OR code = 'B' OR code = 'C' OR code = 'D' OR code = 'E' OR code = 'F'
  OR code = 'G' OR code = 'H' OR code = 'I' OR code = 'J' OR code = 'K';
```

## Use instead
```sql
SELECT id FROM coupon WHERE code IN ('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K');
```
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if cx.origin == Origin::MapperMin || !cx.is_dml() {
        return;
    }
    let max = cx.settings.cfg.where_max_logical_operators;
    let toks = cx.toks();
    let encl = query::enclosing(toks);
    // Operands per chain: a chain is the ORs of one clause directly inside one parenthesis (or none).
    let mut chains: HashMap<(usize, Option<usize>), (usize, usize)> = HashMap::new();
    for (c, (s, e)) in clause_ranges(toks, &["WHERE", "ON", "HAVING"]).into_iter().enumerate() {
        for i in s..e {
            if toks[i].is("OR") {
                let entry = chains.entry((c, encl[i])).or_insert((i, 1));
                entry.1 += 1;
            }
        }
    }
    let mut found: Vec<(usize, usize)> = chains.into_values().filter(|&(_, n)| n > max).collect();
    found.sort_unstable();
    let mut last_at = None;
    for (at, n) in found {
        // Nested clauses (a subquery's WHERE inside a WHERE) are each counted once.
        if last_at == Some(at) {
            continue;
        }
        last_at = Some(at);
        let t = &toks[at];
        out.add(
            &RULE,
            (t.start, t.end),
            format!("{n} conditions joined by OR; the limit is {max}"),
            "compare one column with `IN (…)`, or split the condition",
        );
    }
}
