//! SQL080 implicit-conversion: a string column compared with a number (needs the schema).

use precheck_core::{RuleMeta, Severity};
use sqlparser::tokenizer::Token;

use super::{Origin, Out, StmtCx, clause_ranges};
use crate::routing::shape::{Shape, TableRef};
use crate::stmt::Tok;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL080",
    "implicit-conversion",
    Severity::Warning,
    "string column compared with a number: implicit conversion, index unusable",
    r#"## What it does
In WHERE, ON and HAVING, reports a comparison (`=`, `<>`, `<`, `>`, `<=`, `>=`, `IN (…)`) between a column of a
string type (`char`, `varchar`, `text` …) and a number literal, e.g. `phone = 13800000000`. The column types
come from the schema: precheck replays the repository's migrations (CREATE/ALTER in migration order, then the
earlier statements of the same script); a column or table the replay does not know is not reported, nor a
parameter (`?`, `#{x}`), whose type only the driver knows. The opposite direction (`id = '42'` on a numeric
column) is harmless: MySQL converts the constant once, and is not reported.

## Why
To compare a string with a number MySQL converts every row's string to a number: the index on the column
cannot be used (a full scan), and strings that are not numbers convert to 0, so `code = 0` matches every code
that does not start with a digit (goInception, SOAR ARG.003, Alibaba manual: 隐式转换导致索引失效).

## Example
```sql
CREATE TABLE member (id bigint unsigned NOT NULL AUTO_INCREMENT, mobile varchar(20) NOT NULL, PRIMARY KEY (id));
SELECT id FROM member WHERE mobile = 13800000000;
```

## Use instead
```sql
SELECT id FROM member WHERE mobile = '13800000000';
```
"#,
)
.opt_in();

const STRING_TYPES: &[&str] =
    &["char", "varchar", "tinytext", "text", "mediumtext", "longtext", "nchar", "nvarchar", "varchar2", "nvarchar2"];

fn is_op(t: &Token) -> bool {
    matches!(t, Token::Eq | Token::Neq | Token::Lt | Token::Gt | Token::LtEq | Token::GtEq | Token::DoubleEq)
}

/// The column reference ending at token `i` (`col` or `q . col`): (qualifier, column, first token).
fn column_at(toks: &[Tok], i: usize) -> Option<(Option<String>, String, usize)> {
    let t = toks.get(i)?;
    let col = t.word()?.to_ascii_lowercase();
    if toks.get(i + 1).is_some_and(|n| n.t == Token::LParen) {
        return None;
    }
    if i >= 2 && toks[i - 1].t == Token::Period {
        let q = toks[i - 2].word()?.to_ascii_lowercase();
        return Some((Some(q), col, i - 2));
    }
    Some((None, col, i))
}

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if cx.origin == Origin::MapperMin {
        return;
    }
    let (Some(ast), Some(schema), Some(first)) = (&cx.stmt.ast, cx.schema, cx.toks().first()) else { return };
    let Some(shape) = Shape::of(ast, &cx.stmt.text, (first.start, first.end)) else { return };
    let tables: Vec<&TableRef> = shape.tables.iter().chain(&shape.sub_tables).collect();
    let type_of = |q: &Option<String>, col: &str| -> Option<String> {
        let candidates: Vec<&&TableRef> = match q {
            Some(q) => tables.iter().filter(|t| t.alias.as_deref() == Some(q.as_str()) || t.name == *q).collect(),
            None => tables.iter().collect(),
        };
        let mut found = candidates.iter().filter_map(|t| schema.tables.get(&t.name)?.columns.get(col));
        let c = found.next()?;
        // An unqualified name in two tables is ambiguous: not judged.
        if found.next().is_some() {
            return None;
        }
        Some(c.ty.to_ascii_lowercase())
    };
    let toks = cx.toks();
    let mut seen = std::collections::HashSet::new();
    for (s, e) in clause_ranges(toks, &["WHERE", "ON", "HAVING"]) {
        for i in s..e {
            let t = &toks[i];
            // `col op number`, `number op col`, `col IN (number, …)`
            let (col_end, num) = if is_op(&t.t) && i > s {
                if matches!(toks.get(i + 1).map(|n| &n.t), Some(Token::Number(..))) {
                    (i - 1, i + 1)
                } else if matches!(toks[i - 1].t, Token::Number(..)) && i + 1 < e && toks.get(i + 2).is_none_or(|n| n.t != Token::Period) {
                    (i + 1, i - 1)
                } else {
                    continue;
                }
            } else if t.is("IN")
                && i > s
                && toks.get(i + 1).is_some_and(|n| n.t == Token::LParen)
                && matches!(toks.get(i + 2).map(|n| &n.t), Some(Token::Number(..)))
            {
                let c = if i >= 2 && toks[i - 1].is("NOT") { i - 2 } else { i - 1 };
                (c, i + 2)
            } else {
                continue;
            };
            let Some((q, col, from)) = column_at(toks, col_end) else { continue };
            let Some(ty) = type_of(&q, &col) else { continue };
            if !STRING_TYPES.contains(&ty.as_str()) || !seen.insert(from) {
                continue;
            }
            let n = &toks[num];
            let number = cx.stmt.text.get(n.start..n.end).unwrap_or("");
            out.add(
                &RULE,
                (toks[from].start, toks[col_end].end),
                format!("`{col}` is `{ty}`, compared with the number {number}: every row is converted, no index"),
                "quote the value (`'…'`) so it is compared as a string",
            );
        }
    }
}
