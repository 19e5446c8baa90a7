//! ZD035 invalid-weight-syntax: a group weight value that does not parse (`ds0:#`, `ds0:r10:w10`, empty).

use precheck_core::{RuleMeta, Severity};

use crate::grammar;

use super::{at};
use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD035",
    "invalid-weight-syntax",
    Severity::Error,
    "a group weight value that does not parse (`ds0:#`, `ds0:r10:w10`, empty)",
    r#"## What it does
Parses every `groupDataSourceRuleMap` value strictly: `ds[:weight]` members separated by `,`, a weight made of `r`, `w`, `p`, `q` each followed by optional digits.

## Why
Strict Zdal builds throw at startup; lenient ones silently read the weight as r0w0, so a database gets no traffic.

## Example
```xml
<entry key="group_0" value="ds0:r10:w10,ds1:r10w0" />
```

## Use instead
Write `ds0:r10w10,ds1:r10w0`.
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        if ds.config.is_some_and(|c| !c.grouped()) {
            continue;
        }
        let Some((map_loc, entries)) = &ds.groups else { continue };
        let _ = map_loc;
        for e in entries {
            if let Err((off, msg)) = grammar::parse_weights(&e.value) {
                let loc = m.sub_loc(&e.loc, &e.value, off, e.value.len().saturating_sub(off).min(1));
                out.emit(&RULE, || {
                    at(m, &RULE, &loc, format!("weight of group `{}`: {msg}", e.key))
                        .with_help("write members as `ds:r10w10`, separated by `,`")
                });
            }
        }
    }
}
