//! SQL086 no-cross-db: one statement over tables of different databases (schemas).

use precheck_core::{RuleMeta, Severity};

use sqlparser::tokenizer::Token;

use super::{Origin, Out, StmtCx};
use crate::query;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL086",
    "no-cross-db",
    Severity::Warning,
    "statement joining tables of different databases",
    r#"## What it does
Collects the tables a statement names (FROM and JOIN lists of every SELECT, the UPDATE table list, the
`INSERT INTO` / `REPLACE INTO` / `DELETE FROM` table) with their database qualifier (`db.t`; an unqualified
table is in the connection's default database) and reports the first table whose database differs from that
of the statement's first table. A statement on one database, qualified or not, is not reported.

## Why
A query across databases couples two systems (usually owned by two services) at the SQL level: it breaks
as soon as one database moves to another instance, is split or sharded, and it needs grants on both (SOAR
JOI.008).

## Example
```sql
SELECT o.id, u.name FROM order_db.user_order o JOIN user_db.user u ON u.id = o.user_id;
```

## Use instead
Read each database through its own service (or query), and join in the application.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if cx.origin == Origin::MapperMin || !cx.is_dml() {
        return;
    }
    let toks = cx.toks();
    let close = query::matching(toks);
    let verb = cx.stmt.verb();
    // (database or "", token range of the name)
    let mut refs: Vec<(String, usize, usize)> = Vec::new();
    let mut clauses: Vec<usize> = query::levels(toks).iter().filter_map(|l| l.from).collect();
    match verb.as_str() {
        "UPDATE" => clauses.insert(0, 0),
        "DELETE" => clauses.extend(cx.stmt.find_top(0, "FROM")),
        "INSERT" | "REPLACE" => {
            if let Some(into) = cx.stmt.find_top(0, "INTO").filter(|&i| toks.get(i + 1).is_some_and(|n| n.word().is_some())) {
                let first = into + 1;
                let mut last = first;
                while toks.get(last + 1).is_some_and(|p| p.t == Token::Period)
                    && toks.get(last + 2).is_some_and(|w| w.word().is_some())
                {
                    last += 2;
                }
                let db = if last >= first + 2 { toks[last - 2].word().unwrap_or("").to_ascii_lowercase() } else { String::new() };
                refs.push((db, first, last));
            }
        }
        _ => {}
    }
    clauses.sort_unstable();
    clauses.dedup();
    for kw in clauses {
        let f = query::from_clause(toks, &close, kw);
        for r in f.tables.iter().filter(|r| !r.derived) {
            refs.push((r.qualifier(toks).unwrap_or_default(), r.first, r.last));
        }
    }
    let Some((db0, ..)) = refs.first().cloned() else { return };
    if let Some((db, first, last)) = refs.iter().find(|(db, ..)| *db != db0) {
        let shown = |d: &str| if d.is_empty() { "the default database".to_string() } else { format!("`{d}`") };
        out.add(
            &RULE,
            (toks[*first].start, toks[*last].end),
            format!("this table is in {}, the statement's first table in {}", shown(db), shown(&db0)),
            "query each database on its own and join in the application",
        );
    }
}
