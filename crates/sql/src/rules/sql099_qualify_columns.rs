//! SQL099 qualify-columns: an unqualified column in a query that reads several tables.

use std::collections::HashSet;

use precheck_core::{RuleMeta, Severity};
use sqlparser::tokenizer::Token;

use super::{Origin, Out, StmtCx};
use crate::query;
use crate::stmt::Tok;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL099",
    "qualify-columns",
    Severity::Warning,
    "unqualified column in a query over several tables",
    r#"## What it does
For each SELECT whose FROM clause names two or more tables (joins, comma lists, derived tables), reports the
column references written without their table or alias (`status` instead of `c.status`) in the select list,
ON, WHERE, GROUP BY, HAVING and ORDER BY of that SELECT. One finding per SELECT, at its first unqualified
column, says how many there are. Select-list aliases used in ORDER BY/HAVING, the columns of `USING (…)`
(which cannot be qualified), function names, keywords and literals are not columns. A word that is also a
common SQL keyword (`date`, `year`, `mode`…) is taken as the keyword.

## Why
Which table an unqualified column comes from is decided by the current schema: when a column of the same
name is later added to the other table, the query fails with "Column 'status' in where clause is ambiguous"
(or, in a subquery, silently binds to the outer table). The Alibaba manual makes the qualifier mandatory for
queries over several tables (sqlfluff RF02).

## Example
```sql
SELECT c.id, name FROM coupon c JOIN shop s ON s.id = c.shop_id WHERE status = 1;
```

## Use instead
```sql
SELECT c.id, s.name FROM coupon c JOIN shop s ON s.id = c.shop_id WHERE c.status = 1;
```
"#,
)
.opt_in();

/// Words that are not column references where this rule meets them.
const NOT_COLUMNS: &[&str] = &[
    "SELECT", "FROM", "WHERE", "AND", "OR", "XOR", "NOT", "NULL", "IS", "IN", "AS", "ON", "JOIN", "LEFT", "RIGHT",
    "INNER", "OUTER", "FULL", "CROSS", "NATURAL", "STRAIGHT_JOIN", "USING", "GROUP", "BY", "ORDER", "ASC", "DESC",
    "LIMIT", "OFFSET", "HAVING", "CASE", "WHEN", "THEN", "ELSE", "END", "DISTINCT", "DISTINCTROW", "ALL", "ANY",
    "SOME", "EXISTS", "LIKE", "BETWEEN", "REGEXP", "RLIKE", "ESCAPE", "DIV", "MOD", "BINARY", "COLLATE", "TRUE",
    "FALSE", "UNKNOWN", "INTERVAL", "DAY", "MONTH", "YEAR", "HOUR", "MINUTE", "SECOND", "WEEK", "QUARTER",
    "MICROSECOND", "DAY_SECOND", "DAY_MINUTE", "DAY_HOUR", "YEAR_MONTH", "HOUR_SECOND", "HOUR_MINUTE",
    "MINUTE_SECOND", "UNION", "WINDOW", "OVER", "PARTITION", "ROWS", "RANGE", "PRECEDING", "FOLLOWING", "CURRENT",
    "ROW", "UNBOUNDED", "CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME", "LOCALTIME", "LOCALTIMESTAMP",
    "CURRENT_USER", "SYSDATE", "ROWNUM", "LEVEL", "DUAL", "FOR", "UPDATE", "SHARE", "LOCK", "MODE", "NOWAIT",
    "SKIP", "LOCKED", "SEPARATOR", "LEADING", "TRAILING", "BOTH", "CHAR", "CHARACTER", "SIGNED", "UNSIGNED",
    "INTEGER", "INT", "DECIMAL", "DATE", "DATETIME", "TIME", "JSON", "DOUBLE", "FLOAT", "BOOLEAN", "AGAINST",
    "ROLLUP", "WITH", "SQL_CALC_FOUND_ROWS", "SQL_NO_CACHE", "HIGH_PRIORITY", "SQL_BUFFER_RESULT", "USE", "FORCE",
    "IGNORE", "INDEX", "KEY", "INTO", "VALUES", "SET", "NULLS", "FIRST", "LAST", "ESCAPE", "PRIOR", "CONNECT",
    "START", "NOCYCLE", "SIBLINGS", "SEPARATOR", "ASCII", "UNICODE", "UTF8", "UTF8MB4", "EXCEPT", "INTERSECT",
    "MINUS", "LATERAL", "QUALIFY", "OF",
];

fn is_column_word(toks: &[Tok], i: usize) -> bool {
    let t = &toks[i];
    let Token::Word(w) = &t.t else { return false };
    if w.value.starts_with("__mb_") || w.value.starts_with('@') || w.value.is_empty() {
        return false;
    }
    let next = toks.get(i + 1).map(|n| &n.t);
    if matches!(next, Some(Token::LParen | Token::Period)) || (i > 0 && toks[i - 1].t == Token::Period) {
        return false;
    }
    if i > 0 && (toks[i - 1].is("AS") || toks[i - 1].is("COLLATE") || toks[i - 1].is("INTERVAL")) {
        return false;
    }
    w.quote_style.is_some() || !NOT_COLUMNS.iter().any(|k| w.value.eq_ignore_ascii_case(k))
}

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if cx.origin == Origin::MapperMin || !cx.is_dml() {
        return;
    }
    let toks = cx.toks();
    let close = query::matching(toks);
    let encl = query::enclosing(toks);
    for lv in query::levels(toks) {
        let Some(from) = lv.from else { continue };
        let f = query::from_clause(toks, &close, from);
        if f.tables.len() < 2 {
            continue;
        }
        // Table names and aliases, and the tokens that name them.
        let mut naming: HashSet<usize> = HashSet::new();
        for r in &f.tables {
            if !r.derived {
                naming.extend(r.first..=r.last);
            }
            naming.extend(r.alias);
        }
        // Select-list aliases (`expr AS a`, `expr a`).
        let mut aliases: HashSet<String> = HashSet::new();
        for (i, _) in query::select_aliases(toks, &close, &lv) {
            aliases.insert(toks[i].word().unwrap_or("").to_ascii_lowercase());
            naming.insert(i);
        }
        let mut first = None;
        let mut count = 0;
        for i in query::own_tokens(toks, &close, lv.select + 1, lv.end) {
            if naming.contains(&i) || !is_column_word(toks, i) {
                continue;
            }
            // `USING (a, b)`: the join columns cannot be qualified; `USE INDEX (idx_a)` names an index.
            let list_of = |k: &str| encl[i].is_some_and(|o| o > 0 && toks[o - 1].is(k));
            if list_of("USING") || list_of("INDEX") || list_of("KEY") {
                continue;
            }
            let w = toks[i].word().unwrap_or("").to_ascii_lowercase();
            if aliases.contains(&w) {
                continue;
            }
            count += 1;
            first.get_or_insert(i);
        }
        if let Some(i) = first {
            let t = &toks[i];
            let more = if count > 1 { format!(" (and {} more)", count - 1) } else { String::new() };
            out.add(
                &RULE,
                (t.start, t.end),
                format!(
                    "column `{}`{more} is not qualified in a query over {} tables",
                    t.word().unwrap_or(""),
                    f.tables.len()
                ),
                "prefix every column with its table's alias",
            );
        }
    }
}
