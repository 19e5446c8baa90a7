//! ZD039 ignored-single-weight: an explicit weight on a single-member group, which Zdal ignores.

use precheck_core::{RuleMeta, Severity};

use crate::grammar;

use super::{at};
use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD039",
    "ignored-single-weight",
    Severity::Warning,
    "an explicit weight on a single-member group, which Zdal ignores",
    r#"## What it does
A group with one member sends both reads and writes to it whatever its weight says. Reports a single member written with a 0 weight (`ds0:r10w0`).

## Why
The weight promises that writes do not go to that database; they do.

## Example
```xml
<entry key="group_0" value="ds0:r10w0" />
```

## Use instead
Drop the weight (`ds0`), or add the other members of the group.
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
            let Ok(items) = grammar::parse_weights(&e.value) else { continue };
            if let [it] = items.as_slice() {
                if it.explicit && (it.r == 0 || it.w == 0) {
                    out.emit(&RULE, || {
                        at(
                            m,
                            &RULE,
                            &e.loc,
                            format!(
                                "group `{}` has one member, so its weight is ignored: `{}` takes both reads and writes",
                                e.key, it.ds
                            ),
                        )
                        .with_help("drop the weight, or add the other members")
                    });
                }
            }
        }
    }
}
