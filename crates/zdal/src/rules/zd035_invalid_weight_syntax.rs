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
The loader reads weights leniently (RUNTIME-SEMANTICS.md 2.10): other characters are ignored, a member with an empty weight reads as r0w0 and one with more than one `:` as r10w10p0q0, so the database silently gets other traffic than written (warning). An overflowing number throws at startup, and a blank value or member is an unknown data source, "The dsName can't be null!" (fact 2.8): those are errors.

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
                // 2.10: the loader reads weights leniently (stray characters ignored, an empty or doubled `:`
                // gives defaults); only an overflow throws, and a blank member is an unknown one (2.8).
                let fails = msg.contains("too large") || msg.contains("is empty") || msg.contains("no data-source name");
                let sev = if fails { Severity::Error } else { Severity::Warning };
                out.emit(&RULE, || {
                    at(m, &RULE, &loc, format!("weight of group `{}`: {msg}", e.key))
                        .with_severity(sev)
                        .with_help("write members as `ds:r10w10`, separated by `,`")
                });
            }
        }
    }
}
