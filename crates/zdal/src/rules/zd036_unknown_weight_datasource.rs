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
Checks that every member of a `groupDataSourceRuleMap` value names a logical DB of the same AppDataSource (a physical bean's `name`, or an entry of its `logicDbNameSet`).

## Why
Zdal refuses to start: "The dataSource can't be null,dsName=…".

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
                if Model::deferred(&it.ds) || ds.logical.iter().any(|l| l.name == it.ds) {
                    continue;
                }
                let loc = m.sub_loc(&e.loc, &e.value, it.off, it.len);
                let set = m.prop(ds.bean, "physicalDataSourceSet").map(|p| p.loc.clone());
                out.emit(&RULE, || {
                    let f = at(
                        m,
                        &RULE,
                        &loc,
                        format!(
                            "`{}` is not a data source of `{}`: \"The dataSource can't be null,dsName={}\"",
                            it.ds, ds.name, it.ds
                        ),
                    )
                    .with_help("use the `name` of a physical data source of this AppDataSource");
                    match &set {
                        Some(l) => f.with_label(m.span(l), "physical data sources listed here"),
                        None => f,
                    }
                });
            }
        }
    }
}
