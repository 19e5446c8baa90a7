//! ZD032 duplicate-logical-db: one logical DB name mapped to two physical data sources.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::Logical;
use crate::model::Model;
use std::collections::HashMap;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD032",
    "duplicate-logical-db",
    Severity::Warning,
    "one logical DB name mapped to two physical data sources",
    r#"## What it does
Collects the logical DB names of an AppDataSource (each physical bean's `logicDbNameSet`, or its `name`) and reports a name that two physical beans claim.

## Why
The loader maps logical → physical in a HashMap: the later bean silently wins and traffic goes to an unexpected database.

## Example
```xml
<value>failover_0</value>   <!-- in the logicDbNameSet of two physical beans -->
```

## Use instead
Give every logical DB name to exactly one physical data source.
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        let mut seen: HashMap<&str, &Logical> = HashMap::new();
        for l in &ds.logical {
            match seen.get(l.name.as_str()) {
                Some(first) if first.physical != l.physical => {
                    out.emit(&RULE, || {
                        at(m, &RULE, &l.loc, format!("logical DB `{}` is mapped to two physical data sources in `{}`: the later one silently wins", l.name, ds.name))
                            .with_label(m.span(&first.loc), "also mapped here")
                            .with_help("give the logical name to one physical data source only")
                    });
                }
                Some(_) => {}
                None => {
                    seen.insert(&l.name, l);
                }
            }
        }
    }
}
