//! SQL100 alias-as: a table or column alias without `AS`.

use precheck_core::{RuleMeta, Severity};

use super::{Origin, Out, StmtCx};
use crate::query;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL100",
    "alias-as",
    Severity::Warning,
    "table or column alias without `AS`",
    r#"## What it does
Reports an alias written without `AS`: a table alias in a FROM / JOIN list (`FROM coupon c`) or a select-list
alias (`SELECT COUNT(*) n`), in every SELECT, subquery and DELETE / UPDATE table list.

## Why
`coupon c` and `COUNT(*) n` read like a missing comma: `SELECT a b FROM t` silently renames `a` to `b` where
`SELECT a, b` was meant, and nothing fails. An explicit `AS` makes every alias visible (Alibaba manual,
recommended: aliases with `as`; SOAR ALI.001; sqlfluff AL01/AL02).

## Example
```sql
SELECT c.id, COUNT(*) n FROM coupon c GROUP BY c.id;
```

## Use instead
```sql
SELECT c.id, COUNT(*) AS n FROM coupon AS c GROUP BY c.id;
```
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if cx.origin == Origin::MapperMin || !cx.is_dml() {
        return;
    }
    let toks = cx.toks();
    let close = query::matching(toks);
    let levels = query::levels(toks);
    let mut clauses: Vec<usize> = levels.iter().filter_map(|l| l.from).collect();
    match cx.stmt.verb().as_str() {
        "UPDATE" => clauses.push(0),
        "DELETE" => clauses.extend(cx.stmt.find_top(0, "FROM")),
        _ => {}
    }
    let mut found: Vec<(usize, &str)> = Vec::new();
    for lv in &levels {
        found.extend(query::select_aliases(toks, &close, lv).into_iter().filter(|a| !a.1).map(|a| (a.0, "column")));
    }
    clauses.sort_unstable();
    clauses.dedup();
    for kw in clauses {
        let f = query::from_clause(toks, &close, kw);
        found.extend(f.tables.iter().filter(|r| !r.alias_as).filter_map(|r| r.alias).map(|a| (a, "table")));
    }
    found.sort_unstable();
    found.dedup_by_key(|f| f.0);
    for (i, what) in found {
        let t = &toks[i];
        out.add(
            &RULE,
            (t.start, t.end),
            format!("{what} alias `{}` without `AS`", t.word().unwrap_or("")),
            "write the alias with `AS`",
        );
    }
}
