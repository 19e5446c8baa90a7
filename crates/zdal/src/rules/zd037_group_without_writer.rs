//! ZD037 group-without-writer: a group of several databases in which none takes writes.

use precheck_core::{RuleMeta, Severity};

use crate::grammar;

use super::{at};
use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD037",
    "group-without-writer",
    Severity::Error,
    "a group of several databases in which none takes writes",
    r#"## What it does
Reports a group with more than one member where every member has write weight 0 (`ds0:r1w0,ds1:r1w0`).

## Why
Writes cannot select a data source: every INSERT/UPDATE/DELETE on the group fails.

## Example
```xml
<entry key="group_0" value="ds0:r10w0,ds1:r10w0" />
```

## Use instead
Give the master a write weight: `ds0:r10w10,ds1:r10w0`.
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
            if items.len() > 1 && items.iter().all(|i| i.w == 0) {
                out.emit(&RULE, || {
                    at(m, &RULE, &e.loc, format!("group `{}` has no writer: every member has write weight 0", e.key))
                        .with_help("give the master a write weight, e.g. `w10`")
                });
            }
        }
    }
}
