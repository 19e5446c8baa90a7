//! ZD040 db-in-several-groups: a logical DB listed in two groups, or twice in one.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::grammar;
use crate::model::Model;
use precheck_xml::beans::Loc;
use std::collections::HashMap;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD040",
    "db-in-several-groups",
    Severity::Warning,
    "a logical DB listed in two groups, or twice in one",
    r#"## What it does
Reports a database that appears in more than one group of `groupDataSourceRuleMap`, or twice in one group.

## Why
Its weight counts twice and routing gets confusing: a shard's traffic lands on another shard's database.

## Example
```xml
<entry key="group_0" value="ds0:r10w10,ds1:r10w0" />
<entry key="group_1" value="ds1:r10w10,ds2:r10w0" />
```

## Use instead
List every database in exactly one group.
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
        let mut seen: HashMap<String, Loc> = HashMap::new();
        for e in entries {
            let Ok(items) = grammar::parse_weights(&e.value) else { continue };
            for it in items {
                let loc = m.sub_loc(&e.loc, &e.value, it.off, it.len);
                match seen.get(&it.ds) {
                    Some(first) => {
                        let first = first.clone();
                        out.emit(&RULE, || {
                            at(m, &RULE, &loc, format!("`{}` is listed in more than one group place", it.ds))
                                .with_label(m.span(&first), "also listed here")
                                .with_help("list every database in exactly one group")
                        });
                    }
                    None => {
                        seen.insert(it.ds.clone(), loc);
                    }
                }
            }
        }
    }
}
