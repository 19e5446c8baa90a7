//! ZD055 invalid-tb-suffix: a `tbSuffix` that does not parse.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::grammar::{self, SuffixError};
use crate::model::Model;
use precheck_xml::beans::BeanId;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD055",
    "invalid-tb-suffix",
    Severity::Error,
    "a `tbSuffix` that does not parse",
    r#"## What it does
Parses `tbSuffix` as `SuffixManager` does: `type:[pad from-pad to]`, one `:` (three parts for the groovy types), brackets, exactly one `-`, digits on both sides, the same padding and width on both ends (except the `_0-_16` form), and an end above the start.

## Why
`TableRule.ParseException` at startup ("padding different", …).

## Example
```xml
<property name="tbSuffix" value="resetForEachDB:[_00-_9]" />
```

## Use instead
Write the range with the same padding and width on both ends: `[_00-_09]`.
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
        let Some((s, loc)) = &info.suffix else { continue };
        if Model::deferred(s) {
            continue;
        }
        if let Err(SuffixError::Invalid(_, msg)) = grammar::parse_suffix(s) {
            out.emit(&RULE, || {
                at(m, &RULE, loc, format!("`tbSuffix` `{s}` does not parse: {msg}"))
                    .with_help("write `type:[_00-_09]` with the same padding and width on both ends")
            });
        }
    }
}
