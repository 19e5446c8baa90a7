//! ZD013 duplicate-app-datasource-name: two AppDataSources of one app with the same `appDataSourceName`.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::Model;
use std::collections::HashMap;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD013",
    "duplicate-app-datasource-name",
    Severity::Error,
    "two AppDataSources of one app with the same `appDataSourceName`",
    r#"## What it does
Reports an `AppDataSourceBean` whose `appDataSourceName` is already used by another data source of the same app.

## Why
Zdal refuses to start: "the appDataSourceList has same appDataSourceName of …". This is the public loader's check (RUNTIME-SEMANTICS.md 3.9); the zone-aware loader has no duplicate check (fact 4.7), so it is not applied under `internal-ldc`.

## Example
```xml
<property name="appDataSourceName" value="orderDs" />   <!-- in two AppDataSourceBeans -->
```

## Use instead
Give each AppDataSource its own name.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    let mut seen: HashMap<(usize, &str), usize> = HashMap::new();
    for ds in &m.app_ds {
        if ds.zone_aware {
            continue; // [Z] has no bounds, vendor or duplicate checks (RUNTIME-SEMANTICS.md 4.7).
        }
        if ds.name.is_empty() {
            continue;
        }
        match seen.get(&(ds.pair, ds.name.as_str())) {
            Some(&first) if first != ds.bean => {
                let loc = m.str_prop(ds.bean, "appDataSourceName").map_or(m.beans[ds.bean].at(), |(_, l)| l).clone();
                let first_loc = m.str_prop(first, "appDataSourceName").map_or(m.beans[first].at(), |(_, l)| l).clone();
                out.emit(&RULE, || {
                    at(m, &RULE, &loc, format!("`appDataSourceName` `{}` is used twice: \"the appDataSourceList has same appDataSourceName of {}\"", ds.name, ds.name))
                        .with_label(m.span(&first_loc), "first used here")
                        .with_help("give each AppDataSource its own name")
                });
            }
            Some(_) => {}
            None => {
                seen.insert((ds.pair, ds.name.as_str()), ds.bean);
            }
        }
    }
}
