//! ZD017 empty-physical-datasource-set: an AppDataSource without physical data sources.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::Model;
use precheck_xml::beans::Value;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD017",
    "empty-physical-datasource-set",
    Severity::Error,
    "an AppDataSource without physical data sources",
    r#"## What it does
Reports an `AppDataSourceBean` whose `physicalDataSourceSet` is missing or empty.

## Why
Zdal refuses to start: "the physicalDataSourceSet is empty of …". The public loader checks it (RUNTIME-SEMANTICS.md 3.7); the zone-aware loader ends in a NullPointerException when the set is unset (fact 4.12).

## Example
```xml
<property name="physicalDataSourceSet"><set/></property>
```

## Use instead
List the `PhysicalDataSourceBean`s of the data source.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        let prop = m.prop(ds.bean, "physicalDataSourceSet");
        let empty = match prop.map(|p| &p.value) {
            Some(Value::List { items, .. }) => items.is_empty(),
            Some(Value::Ref { .. } | Value::Bean { .. }) => false,
            _ => true,
        };
        if empty {
            let loc = prop.map_or(m.beans[ds.bean].at(), |p| &p.loc).clone();
            out.emit(&RULE, || {
                at(
                    m,
                    &RULE,
                    &loc,
                    format!(
                        "`physicalDataSourceSet` of `{}` is empty: \"the physicalDataSourceSet is empty of {}\"",
                        ds.name, ds.name
                    ),
                )
                .with_help("add a `<ref bean=…/>` for each PhysicalDataSourceBean")
            });
        }
    }
}
