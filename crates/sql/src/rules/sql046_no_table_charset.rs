//! SQL046 no-table-charset: ALTER TABLE changing the table's default charset without converting it.

use precheck_core::{RuleMeta, Severity};
use sqlparser::tokenizer::Token;

use super::{Out, StmtCx};
use crate::ddl::Ddl;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL046",
    "no-table-charset",
    Severity::Warning,
    "ALTER TABLE … [DEFAULT] CHARSET=x: changes only the default for new columns",
    r#"## What it does
Reports `ALTER TABLE t [DEFAULT] CHARSET=x` / `CHARACTER SET x` (a table option), which changes the
table's *default* character set only. `ALTER TABLE … CONVERT TO CHARACTER SET x` is not reported: it
converts the existing columns. CREATE TABLE's charset is SQL016's (the allow-list). MySQL only.

## Why
The statement looks like a conversion but leaves every existing column in its old charset: only
columns added later get the new one, so the table ends up with mixed charsets and "Illegal mix of
collations" in joins (SOAR ALT.001; Bytebase TABLE_DISALLOW_SET_CHARSET, goInception enable_set_charset).

## Example
```sql
ALTER TABLE user DEFAULT CHARSET=utf8mb4;
```

## Use instead
```sql
ALTER TABLE user CONVERT TO CHARACTER SET utf8mb4;
```
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let Some(Ddl::Alter(a)) = cx.ddl else { return };
    let toks = cx.toks();
    // The specifications after the table name, on the statement's own level.
    let Some(from) = toks.iter().position(|t| t.start >= a.name.end) else { return };
    let mut spec_first = true;
    let mut converting = false;
    let mut i = from;
    while let Some(t) = toks.get(i) {
        i += 1;
        if t.depth != 0 {
            continue;
        }
        if t.t == Token::Comma {
            spec_first = true;
            converting = false;
            continue;
        }
        if spec_first {
            converting = t.is("CONVERT");
            spec_first = false;
            // `MODIFY c varchar(10) CHARACTER SET x` is a column's (SQL047), not the table's.
            if t.is("MODIFY") || t.is("CHANGE") || t.is("ADD") || t.is("ALTER") {
                skip_spec(toks, &mut i);
                spec_first = true;
                continue;
            }
        }
        let charset = t.is("CHARSET") || (t.is("CHARACTER") && toks.get(i).is_some_and(|n| n.is("SET")));
        if charset && !converting {
            out.add(
                &RULE,
                (t.start, t.end),
                format!("changing the default charset of `{}` does not convert its existing columns", a.name.value),
                "use `CONVERT TO CHARACTER SET x` to convert the columns too",
            );
            return;
        }
    }
}

/// Moves `i` to the comma that ends the current specification (on level 0), or the end.
fn skip_spec(toks: &[crate::stmt::Tok], i: &mut usize) {
    while let Some(t) = toks.get(*i) {
        if t.depth == 0 && t.t == Token::Comma {
            return;
        }
        *i += 1;
    }
}
