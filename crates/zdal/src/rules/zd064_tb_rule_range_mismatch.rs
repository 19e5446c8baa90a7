//! ZD064 tb-rule-range-mismatch: a tb rule whose result range does not fit the tables per database.

use super::{at};
use precheck_core::Sink;
use crate::catalogue::tables_per_db;
use crate::grammar::{self, Eval};
use crate::model::Model;
use precheck_xml::beans::BeanId;
use precheck_core::{RuleMeta, Severity};

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD064",
    "tb-rule-range-mismatch",
    Severity::Error,
    "a tb rule whose result range does not fit the tables per database",
    r#"## What it does
For tb rules in the recognised subset, derives the range of table indexes the rule returns and compares it with the tables per database k (resetForEachDB: to-from+1; throughAllDB: (to-from+1)/N): a maximum of k or more is an error, tables never used a warning.

## Why
An index out of range fails at runtime ("cant find table by target index", RUNTIME-SEMANTICS.md 5.13); unused tables hold no data. For the range suffix types the result must be a **position** "0".."k-1" in the database's table list, not the suffix number: with `throughAllDB:[_00-_15]` over 2 databases, the second database holds `_08`..`_15` and is addressed as 0..7 (facts 5.13, 5.16; `twoColumnForEachDB` gives every database the full product of its two ranges).

## Example
```xml
<property name="tbSuffix" value="resetForEachDB:[_0-_3]" />
<value>#user_id#.longValue() % 8</value>
```

## Use instead
Make the modulus match the number of tables per database.
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
        let count: u64 = info.suffix.as_ref().and_then(|(s, _)| tables_per_db(s, n)).unwrap_or(0);
        if count == 0 {
            continue;
        }
        for (expr, loc) in &info.tb_rules {
            let (_, replaced) = grammar::tokens(expr);
            let Eval::Range(lo, hi) = grammar::eval(&replaced) else { continue };
            let max = count as i64 - 1;
            if hi > max || lo < 0 {
                out.emit(&RULE, || at(m, &RULE, loc, format!("rule returns {lo}..={hi} but there are only {count} tables per database (0..={max}): \"cant find table by target index\" for some keys")).with_help("make the rule's modulus match the number of tables per database: it returns a position in the database's tables, not a suffix number"));
            } else if lo > 0 || hi < max {
                out.emit(&RULE, || {
                    at(
                        m,
                        &RULE,
                        loc,
                        format!("rule returns {lo}..={hi} of {count} tables per database: the others are never used"),
                    )
                    .with_severity(Severity::Warning)
                    .with_help("make the rule's modulus match the number of tables per database")
                });
            }
        }
    }
}
