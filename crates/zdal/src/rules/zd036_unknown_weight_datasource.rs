//! ZD036 unknown-weight-datasource: a group weight member that is not a logical DB of the data source.

use precheck_core::{RuleMeta, Severity};

use crate::grammar;

use super::{at};
use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD036",
    "unknown-weight-datasource",
    Severity::Error,
    "a group weight member that is not a logical DB of the data source",
    r#"## What it does
Checks that every member of a `groupDataSourceRuleMap` value names a data source of the same AppDataSource, the way the loader generation resolves it. The public loader (`oss`) resolves members by **logical** name: an entry of a physical bean's `logicDbNameSet`, or the bean's `name` when the set is empty (its default logical name; RUNTIME-SEMANTICS.md 1.9, 2.8). The zone-aware loader (`internal-ldc`) resolves them by **physical** `name` (fact 4.8).

## Why
The public loader refuses to start: "The dsName can't be null!" (fact 2.8); the zone-aware one finds no pool for the member.

## Example
```xml
<entry key="group_0" value="master_0:r10w10,slave_O:r10w0" />
```

## Use instead
Use the `name` of a physical data source of this AppDataSource.
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
            for it in items {
                let known = if ds.zone_aware {
                    ds.physicals.iter().any(|&p| m.str_prop(p, "name").is_some_and(|(n, _)| n.trim() == it.ds))
                } else {
                    ds.logical.iter().any(|l| l.name == it.ds)
                };
                if Model::deferred(&it.ds) || known {
                    continue;
                }
                let loc = m.sub_loc(&e.loc, &e.value, it.off, it.len);
                let set = m.prop(ds.bean, "physicalDataSourceSet").map(|p| p.loc.clone());
                out.emit(&RULE, || {
                    let f = at(
                        m,
                        &RULE,
                        &loc,
                        if ds.zone_aware {
                            format!("`{}` is not the `name` of a physical data source of `{}`: the zone-aware loader resolves group members by physical name", it.ds, ds.name)
                        } else {
                            format!("`{}` is not a logical DB name of `{}`: \"The dsName can't be null!\"", it.ds, ds.name)
                        },
                    )
                    .with_help(if ds.zone_aware {
                        "use the `name` of a physical data source of this AppDataSource"
                    } else {
                        "use a logical DB name of this AppDataSource (a `logicDbNameSet` entry, or the `name` of a bean without one)"
                    });
                    match &set {
                        Some(l) => f.with_label(m.span(l), "physical data sources listed here"),
                        None => f,
                    }
                });
            }
        }
    }
}
