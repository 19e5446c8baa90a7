//! ZD059 suffix-width-too-large: a table suffix wider than 8 digits.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::grammar::{self, SuffixError};
use crate::model::Model;
use precheck_xml::beans::BeanId;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD059",
    "suffix-width-too-large",
    Severity::Error,
    "a table suffix wider than 8 digits",
    r#"## What it does
Reports a tbSuffix range whose numbers are wider than 8 digits.

## Why
Zdal refuses to start: "占位符不能超过8位".

## Example
```xml
<property name="tbSuffix" value="resetForEachDB:[_000000000-_000000009]" />
```

## Use instead
Use at most 8 digits.
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
        if let Err(SuffixError::TooWide(_)) = grammar::parse_suffix(s) {
            out.emit(&RULE, || {
                at(m, &RULE, loc, format!("`tbSuffix` `{s}` is wider than 8 digits: \"占位符不能超过8位\""))
                    .with_help("use at most 8 digits")
            });
        }
    }
}
