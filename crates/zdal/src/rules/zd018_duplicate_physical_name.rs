//! ZD018 duplicate-physical-name: two physical data sources with the same `name` in one AppDataSource.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::Model;
use precheck_xml::beans::BeanId;
use std::collections::HashMap;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD018",
    "duplicate-physical-name",
    Severity::Error,
    "two physical data sources with the same `name` in one AppDataSource",
    r#"## What it does
Reports a `PhysicalDataSourceBean` whose `name` is already used by another physical data source of the same AppDataSource. A copy-pasted bean whose `name` was not changed is the usual cause.

## Why
Zdal refuses to start: "the physicalDataSourceSet has same name of …". This is the public loader's check (RUNTIME-SEMANTICS.md 3.7); the zone-aware loader has no duplicate check and the last bean of a name wins (fact 4.7), so it is not applied under `internal-ldc`.

## Example
```xml
<bean id="failoverDs" class="com.alipay.zdal.client.config.bean.PhysicalDataSourceBean">
  <property name="name" value="master_4" />   <!-- already the name of masterDs4 -->
```

## Use instead
Give every physical data source its own `name`.
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        if ds.zone_aware {
            continue; // [Z] has no bounds, vendor or duplicate checks (RUNTIME-SEMANTICS.md 4.7).
        }
        let mut seen: HashMap<String, BeanId> = HashMap::new();
        for &p in &ds.physicals {
            let Some((name, loc)) = m.str_prop(p, "name") else { continue };
            let name = name.trim();
            if name.is_empty() {
                continue;
            }
            match seen.get(name) {
                Some(&first) if first != p => {
                    let first_loc = m.str_prop(first, "name").map_or(m.beans[first].at(), |(_, l)| l).clone();
                    out.emit(&RULE, || {
                        at(m, &RULE, loc, format!("physical data source name `{name}` is used twice in `{}`: \"the physicalDataSourceSet has same name of {}\"", ds.name, ds.name))
                            .with_label(m.span(&first_loc), "first used here")
                            .with_help("give each physical data source its own `name`")
                    });
                }
                Some(_) => {}
                None => {
                    seen.insert(name.to_string(), p);
                }
            }
        }
    }
}
