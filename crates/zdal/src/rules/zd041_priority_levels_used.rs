//! ZD041 priority-levels-used: groups that use several read or write priority levels (P/Q).

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::grammar;
use crate::model::Model;
use std::collections::HashSet;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD041",
    "priority-levels-used",
    Severity::Info,
    "groups that use several read or write priority levels (P/Q)",
    r#"## What it does
Lists the groups whose members use more than one `p` (read priority) or `q` (write priority) value.

## Why
Priority failover (lower number tried first) is easy to misread: a member with weight but a higher level gets no traffic until the others fail.

## Example
```xml
<entry key="group_0" value="ds0:r10w10p0,ds1:r10w0p1" />
```

## Use instead
Nothing, if intended; document the levels next to the map.
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        if ds.config.is_some_and(|c| !c.grouped()) {
            continue;
        }
        let Some((map_loc, entries)) = &ds.groups else { continue };
        let _ = map_loc;
        let mut names = Vec::new();
        for e in entries {
            let Ok(items) = grammar::parse_weights(&e.value) else { continue };
            let p: HashSet<u32> = items.iter().map(|i| i.p).collect();
            let q: HashSet<u32> = items.iter().map(|i| i.q).collect();
            if p.len() > 1 || q.len() > 1 {
                names.push(format!("`{}`", e.key));
            }
        }
        if !names.is_empty() {
            out.emit(&RULE, || at(m, &RULE, map_loc, format!("priority levels in use in {}: members with a higher P/Q only get traffic when the lower levels fail", names.join(", "))).with_help("document the intended failover order next to the map"));
        }
    }
}
