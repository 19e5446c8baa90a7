//! ZD063 db-rule-range-mismatch: a db rule whose result range does not fit the number of dbIndexes.

use super::{at};
use precheck_core::Sink;
use crate::grammar::{self, Eval};
use crate::model::Model;
use precheck_xml::beans::BeanId;
use precheck_core::{RuleMeta, Severity};

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD063",
    "db-rule-range-mismatch",
    Severity::Error,
    "a db rule whose result range does not fit the number of dbIndexes",
    r#"## What it does
For db rules in the recognised subset (`% M`, `.intdiv(k)`, `Integer.valueOf`, `substring`, constants), derives the range of indexes the rule returns and compares it with the dbIndex count N: a maximum of N or more is an error, databases never reached a warning.

## Why
An index out of range fails for some keys at runtime ("不能根据key: X取到对应的表名…"); unreachable databases hold no data. The result is split on `,` and each piece must be a **position** "0".."N-1" in the dbIndexes list, not a number taken from a dbIndex name (RUNTIME-SEMANTICS.md 5.12).

## Example
```xml
<property name="dbIndexes" value="master_0,master_1" />
<value>#user_id#.longValue() % 4</value>
```

## Use instead
Make the modulus (or the division) match the number of databases.
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    let mut ids: Vec<&BeanId> = m.table_rules.keys().collect();
    ids.sort();
    for &b in ids {
        let info = &m.table_rules[&b];
        if m.beans[b].is_abstract {
            continue;
        }
        let n = info.db_indexes.as_ref().map_or(0, |d| d.count());
        let count: u64 = n as u64;
        if count == 0 {
            continue;
        }
        for (expr, loc) in &info.db_rules {
            let (_, replaced) = grammar::tokens(expr);
            let Eval::Range(lo, hi) = grammar::eval(&replaced) else { continue };
            let max = count as i64 - 1;
            if hi > max || lo < 0 {
                out.emit(&RULE, || at(m, &RULE, loc, format!("rule returns {lo}..={hi} but there are only {count} dbIndexes (0..={max}): \"不能根据key取到对应的表名\" for some keys")).with_help("make the rule's modulus match the number of dbIndexes"));
            } else if lo > 0 || hi < max {
                out.emit(&RULE, || {
                    at(
                        m,
                        &RULE,
                        loc,
                        format!("rule returns {lo}..={hi} of {count} dbIndexes: the others are never used"),
                    )
                    .with_severity(Severity::Warning)
                    .with_help("make the rule's modulus match the number of dbIndexes")
                });
            }
        }
    }
}
