//! ZD057 two-column-range-count: a `twoColumnForEachDB` suffix without exactly two ranges.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::grammar::{self, SuffixError};
use crate::model::Model;
use precheck_xml::beans::BeanId;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD057",
    "two-column-range-count",
    Severity::Error,
    "a `twoColumnForEachDB` suffix without exactly two ranges",
    r#"## What it does
Reports a `twoColumnForEachDB` tbSuffix with other than two comma-separated ranges.

## Why
Zdal refuses to start: "twoColumnForEachDB must have two range".

## Example
```xml
<property name="tbSuffix" value="twoColumnForEachDB:[_0-_9]" />
```

## Use instead
Give both ranges: `twoColumnForEachDB:[_0-_9],[_0-_9]`.
"#,
)
.repo();

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
        if let Err(SuffixError::RangeCount(n)) = grammar::parse_suffix(s) {
            out.emit(&RULE, || {
                at(
                    m,
                    &RULE,
                    loc,
                    format!("`twoColumnForEachDB` with {n} range(s): \"twoColumnForEachDB must have two range\""),
                )
                .with_help("write two ranges: `twoColumnForEachDB:[_0-_9],[_0-_9]`")
            });
        }
    }
}
