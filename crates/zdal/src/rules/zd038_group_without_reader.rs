//! ZD038 group-without-reader: a group of several databases in which none takes reads.

use precheck_core::{RuleMeta, Severity};

use crate::grammar;

use super::{at};
use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD038",
    "group-without-reader",
    Severity::Warning,
    "a group of several databases in which none takes reads",
    r#"## What it does
Reports a group with more than one member where every member has read weight 0.

## Why
Reads cannot select a data source: every SELECT on the group fails.

## Example
```xml
<entry key="group_0" value="ds0:r0w10,ds1:r0w0" />
```

## Use instead
Give at least one member a read weight.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        if ds.config.is_some_and(|c| !c.grouped()) {
            continue;
        }
        let Some((map_loc, entries)) = &ds.groups else { continue };
        let _ = map_loc;
        for e in entries {
            let Ok(items) = grammar::parse_weights(&e.value) else { continue };
            if items.len() > 1 && items.iter().all(|i| i.r == 0) {
                out.emit(&RULE, || {
                    at(m, &RULE, &e.loc, format!("group `{}` has no reader: every member has read weight 0", e.key))
                        .with_help("give at least one member a read weight, e.g. `r10`")
                });
            }
        }
    }
}
