//! SQL068 naming-fk: a FOREIGN KEY constraint without a name starting with `fk_`.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};
use crate::ddl::Ddl;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL068",
    "naming-fk",
    Severity::Warning,
    "FOREIGN KEY constraint unnamed or not named with the `fk_` prefix of `index-prefixes`",
    r#"## What it does
Reports a table-level `FOREIGN KEY` in CREATE TABLE or ALTER TABLE ADD whose constraint name (from
`CONSTRAINT name`, else the `FOREIGN KEY name (…)` index name) is missing or does not start with
`[sql] index-prefixes`'s `foreign` prefix (default `fk_`). Inline column `REFERENCES`, which MySQL
ignores, is not a constraint and is SQL012's alone. Works on statements sqlparser cannot parse.

## Why
An unnamed constraint gets a generated name (`t_ibfk_1`) that differs between environments, so a later
`DROP FOREIGN KEY` written against one fails on another (Bytebase NAMING_INDEX_FK; SQL012 asks for no
foreign keys at all).

## Example
```sql
ALTER TABLE pay_order ADD FOREIGN KEY (user_id) REFERENCES user (id);
```

## Use instead
`ALTER TABLE pay_order ADD CONSTRAINT fk_pay_order_user_id FOREIGN KEY (user_id) REFERENCES user (id);`
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if !matches!(cx.ddl, Some(Ddl::Create(_) | Ddl::Alter(_))) {
        return;
    }
    let prefix = cx.settings.cfg.index_prefixes.foreign.to_ascii_lowercase();
    let toks = cx.toks();
    for (i, t) in toks.iter().enumerate() {
        if !(t.is("FOREIGN") && toks.get(i + 1).is_some_and(|k| k.is("KEY"))) {
            continue;
        }
        // `CONSTRAINT name FOREIGN KEY`, else `FOREIGN KEY name (`.
        let constraint = i
            .checked_sub(2)
            .and_then(|j| toks.get(j))
            .filter(|c| c.is("CONSTRAINT"))
            .and_then(|_| toks.get(i - 1))
            .and_then(|n| n.word().map(|w| (w.to_string(), n.start, n.end)));
        let index_name = toks.get(i + 2).and_then(|n| n.word().map(|w| (w.to_string(), n.start, n.end)));
        match constraint.or(index_name) {
            None => {
                out.add(
                    &RULE,
                    (t.start, toks.get(i + 1).map_or(t.end, |k| k.end)),
                    "unnamed foreign key constraint".into(),
                    "name it `CONSTRAINT fk_<table>_<column> FOREIGN KEY …`",
                );
            }
            Some((name, s, e)) if !name.to_ascii_lowercase().starts_with(&prefix) => {
                out.add(
                    &RULE,
                    (s, e),
                    format!("foreign key name `{name}` does not start with `{prefix}`"),
                    "rename the constraint with the house prefix",
                );
            }
            Some(_) => {}
        }
    }
}
