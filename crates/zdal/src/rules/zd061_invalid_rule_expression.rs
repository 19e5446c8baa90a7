//! ZD061 invalid-rule-expression: a rule expression that cannot compile (E), or calls application code precheck cannot verify (I).

use super::{at};
use precheck_core::Sink;
use crate::grammar;
use crate::model::Model;
use precheck_xml::beans::BeanId;
use precheck_core::{RuleMeta, Severity};

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD061",
    "invalid-rule-expression",
    Severity::Error,
    "a rule expression that cannot compile (E), or calls application code precheck cannot verify (I)",
    r#"## What it does
Replaces each `#…#` token of a db or tb rule with an identifier and checks that brackets and quotes balance (E). A call into an application class (`com.example.ShardParser.dbIndex(#user_id#)`) is reported as information: its result cannot be checked statically.

## Why
Groovy's `CompilationFailedException` at startup; an application class may be missing from the classpath or return an index out of range.

## Example
```xml
<value>(#user_id#.longValue() % 4</value>
```

## Use instead
Balance the brackets; prefer arithmetic on the column (`#user_id#.longValue() % 4`) over application calls.
"#,
)
.opt_in().repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    let mut ids: Vec<&BeanId> = m.table_rules.keys().collect();
    ids.sort();
    for &b in ids {
        let info = &m.table_rules[&b];
        if m.beans[b].is_abstract {
            continue;
        }
        for (expr, loc) in info.db_rules.iter().chain(&info.tb_rules) {
            let (_, replaced) = grammar::tokens(expr);
            if let Some((_, msg)) = grammar::balance(&replaced) {
                out.emit(&RULE, || {
                    at(m, &RULE, loc, format!("rule expression does not compile: {msg}"))
                        .with_help("balance the brackets and quotes of the Groovy expression")
                });
            } else if let Some((_, call)) = grammar::app_call(&replaced) {
                out.emit(&RULE, || {
                    at(m, &RULE, loc, format!("rule calls application code `{call}`: its result is unverifiable"))
                        .with_severity(Severity::Info)
                        .with_help("check that the class is on the classpath and returns an index in range")
                });
            }
        }
    }
}
