//! SQL005 where-no-function-on-column: a function or arithmetic on a column in WHERE.

use precheck_core::{RuleMeta, Severity};
use sqlparser::tokenizer::Token;

use super::{Out, StmtCx, clause_ranges, close_of, is_comparison};
use crate::stmt::Tok;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL005",
    "where-no-function-on-column",
    Severity::Warning,
    "function or arithmetic applied to a column in WHERE",
    r#"## What it does
Reports a WHERE condition whose column side is wrapped in a function (`DATE(gmt_create) = ?`) or in
arithmetic (`amount + 1 > ?`).

## Why
MySQL cannot use an index on a column it has to compute first: the query scans the table (Bytebase,
SOAR FUN.001).

## Example
```sql
SELECT id FROM user_order WHERE DATE(gmt_create) = '2024-01-01';
```

## Use instead
```sql
SELECT id FROM user_order WHERE gmt_create >= '2024-01-01' AND gmt_create < '2024-01-02';
```
"#,
)
.opt_in();

/// Words that look like identifiers but are not columns inside a function's arguments.
const NOT_COLUMNS: &[&str] = &[
    "INTERVAL",
    "DAY",
    "MONTH",
    "YEAR",
    "HOUR",
    "MINUTE",
    "SECOND",
    "WEEK",
    "QUARTER",
    "AS",
    "NULL",
    "TRUE",
    "FALSE",
    "CURRENT_TIMESTAMP",
    "CURRENT_DATE",
    "CURRENT_TIME",
    "SEPARATOR",
    "DISTINCT",
    "AND",
    "OR",
    "NOT",
    "UNSIGNED",
    "SIGNED",
    "CHAR",
    "CHARACTER",
    "USING",
    "FROM",
    "FOR",
    "BOTH",
    "LEADING",
    "TRAILING",
    "DATE",
    "DATETIME",
    "DECIMAL",
    "SELECT",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "IS",
    "IN",
    "LIKE",
];

/// Words that may stand before `(` in a condition without being a function on a column.
const NOT_FUNCTIONS: &[&str] =
    &["EXISTS", "NOT", "IN", "AND", "OR", "WHERE", "VALUES", "SELECT", "ROW", "ANY", "ALL", "SOME"];

fn is_column(toks: &[Tok], i: usize) -> bool {
    let t = &toks[i];
    let Token::Word(w) = &t.t else { return false };
    let call = toks.get(i + 1).is_some_and(|n| n.t == Token::LParen);
    !call && (w.quote_style.is_some() || !NOT_COLUMNS.iter().any(|k| w.value.eq_ignore_ascii_case(k)))
}

fn starts_operand(t: &Tok) -> bool {
    t.is("WHERE") || t.is("AND") || t.is("OR") || t.is("NOT") || t.t == Token::LParen
}

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if !cx.is_dml() {
        return;
    }
    let toks = cx.toks();
    for (s, e) in clause_ranges(toks, &["WHERE"]) {
        for i in s..e {
            if !starts_operand(&toks[i - 1]) {
                continue;
            }
            let t = &toks[i];
            let Some(name) = t.word() else { continue };
            if toks.get(i + 1).is_some_and(|n| n.t == Token::LParen) {
                if t.quoted() || NOT_FUNCTIONS.iter().any(|k| name.eq_ignore_ascii_case(k)) {
                    continue;
                }
                let close = close_of(toks, i + 1);
                let has_column = (i + 2..close.saturating_sub(1)).any(|j| is_column(toks, j));
                if has_column && toks.get(close).is_some_and(is_comparison) {
                    out.add(
                        &RULE,
                        (t.start, toks[close - 1].end),
                        format!("`{name}(…)` on a column in WHERE: the index on it cannot be used"),
                        "compare the bare column with a computed value or range",
                    );
                }
            } else if is_column(toks, i)
                && toks.get(i + 1).is_some_and(|n| matches!(n.t, Token::Plus | Token::Minus | Token::Mul | Token::Div))
                && toks.get(i + 3).is_some_and(is_comparison)
            {
                out.add(
                    &RULE,
                    (t.start, toks[i + 2].end),
                    format!("arithmetic on column `{name}` in WHERE: the index on it cannot be used"),
                    "move the arithmetic to the other side of the comparison",
                );
            }
        }
    }
}
