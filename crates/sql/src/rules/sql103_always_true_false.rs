//! SQL103 always-true-false: a comparison of two constants that decides the whole condition.

use precheck_core::{RuleMeta, Severity};
use sqlparser::tokenizer::Token;

use super::{Origin, Out, StmtCx, clause_ranges};
use crate::stmt::Tok;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL103",
    "always-true-false",
    Severity::Warning,
    "constant comparison (`1=1`, `1=0`) that makes a condition always true or always false",
    r#"## What it does
Finds comparisons of two literals (`1 = 1`, `1 <> 1`, `'a' = 'a'`, `1 = 0`) in WHERE, ON and HAVING, and
reports those that decide their condition:
- always true next to `OR` (`status = ? OR 1 = 1`): the whole OR is true, the other branch filters nothing;
- always false next to `AND` (`id = ? AND 1 = 0`) in a script: the AND never matches (in a mapper this is
  the guard of an `<otherwise>AND 1 = 0</otherwise>` that matches nothing on purpose, and is not reported);
- always true as the entire WHERE of an UPDATE or DELETE (`DELETE FROM t WHERE 1 = 1`): every row changes,
  reported as an error.

Not reported, because they are the standard idioms of dynamic SQL and change nothing: `WHERE 1 = 1 AND …` (a
prefix that lets every optional `<if>` start with `AND`), `WHERE 1 = 0 OR …` (the same for OR lists), and
`WHERE 1 = 0` alone (an empty result on purpose, as in `CREATE TABLE … AS SELECT … WHERE 1 = 0` or an
`<otherwise>1 = 0</otherwise>`). In a mapper the rendering with every condition on is checked; a WHERE that
vanishes when the conditions are off is SQL039's.

## Why
A constant that absorbs its condition is either a leftover from debugging or an injected `OR 1=1`: the
statement reads or changes far more (or fewer) rows than its text suggests (SOAR RES.006/RES.007; sqlfluff
ST10).

## Example
```sql
UPDATE coupon SET status = 0 WHERE shop_id = ? OR 1 = 1;
```

## Use instead
Remove the constant comparison, or write the intent (`WHERE shop_id = ?`).
"#,
)
.opt_in();

/// The value of a literal token, for comparison: numbers as numbers, strings as text.
enum Lit<'a> {
    Num(f64),
    Str(&'a str),
}

fn lit(t: &Tok) -> Option<Lit<'_>> {
    match &t.t {
        Token::Number(n, _) => n.parse().ok().map(Lit::Num),
        Token::SingleQuotedString(s) | Token::DoubleQuotedString(s) => Some(Lit::Str(s)),
        _ => None,
    }
}

fn compare(a: &Lit<'_>, op: &Token, b: &Lit<'_>) -> Option<bool> {
    let ord = match (a, b) {
        (Lit::Num(x), Lit::Num(y)) => x.partial_cmp(y)?,
        (Lit::Str(x), Lit::Str(y)) => x.cmp(y),
        _ => return None,
    };
    use std::cmp::Ordering::{Equal, Greater, Less};
    Some(match op {
        Token::Eq | Token::DoubleEq => ord == Equal,
        Token::Neq => ord != Equal,
        Token::Lt => ord == Less,
        Token::Gt => ord == Greater,
        Token::LtEq => ord != Greater,
        Token::GtEq => ord != Less,
        _ => return None,
    })
}

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if cx.origin == Origin::MapperMin || !cx.is_dml() {
        return;
    }
    let toks = cx.toks();
    let write = matches!(cx.stmt.verb().as_str(), "UPDATE" | "DELETE");
    let mut seen = std::collections::HashSet::new();
    for (s, e) in clause_ranges(toks, &["WHERE", "ON", "HAVING"]) {
        if s == 0 {
            continue;
        }
        for i in s..e.saturating_sub(2) {
            let (Some(a), Some(b)) = (lit(&toks[i]), lit(&toks[i + 2])) else { continue };
            let Some(value) = compare(&a, &toks[i + 1].t, &b) else { continue };
            let prev = &toks[i - 1];
            let next = toks.get(i + 3).filter(|_| i + 3 < e);
            let d = toks[i].depth;
            let prev_or = prev.is("OR") && prev.depth == d;
            let prev_and = prev.is("AND") && prev.depth == d;
            let next_or = next.is_some_and(|n| n.is("OR") && n.depth == d);
            let next_and = next.is_some_and(|n| n.is("AND") && n.depth == d);
            // Operands of AND bind tighter: `x OR 1=1 AND y` is `x OR (1=1 AND y)`.
            let in_or = (prev_or && !next_and) || (next_or && !prev_and);
            let in_and = prev_and || next_and;
            let whole = s == i && next.is_none() && toks[s - 1].is("WHERE") && d == toks[s - 1].depth;
            let (msg, sev) = if value && in_or {
                ("always true next to `OR`: the whole condition is true", None)
            } else if !value && in_and && !in_or && cx.origin == Origin::Script {
                ("always false next to `AND`: the condition never matches", None)
            } else if value && whole && write {
                ("the whole WHERE, always true: every row changes", Some(Severity::Error))
            } else {
                continue;
            };
            if !seen.insert(i) {
                continue;
            }
            let text = cx.stmt.text.get(toks[i].start..toks[i + 2].end).unwrap_or("");
            let message = format!("`{text}` is {msg}");
            let range = (toks[i].start, toks[i + 2].end);
            let help = "remove the constant comparison, or write the condition meant";
            match sev {
                Some(sev) => out.add_at(&RULE, sev, range, message, help),
                None => {
                    out.add(&RULE, range, message, help);
                }
            }
        }
    }
}
