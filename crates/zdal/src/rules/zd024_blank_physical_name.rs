//! ZD024 blank-physical-name: a physical data source whose `name` is blank.

use precheck_core::{RuleMeta, Severity};

use precheck_xml::beans::Kind;

use super::{at};
use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD024",
    "blank-physical-name",
    Severity::Error,
    "a physical data source whose `name` is blank",
    r#"## What it does
Reports a `PhysicalDataSourceBean` with a missing or blank `name`.

## Why
Zdal refuses to start: "the physicalDataSource's name is null". This is the public loader's check (RUNTIME-SEMANTICS.md 3.1); the zone-aware loader asserts only `jdbcUrl` on physical beans (fact 4.7), so it is not applied under `internal-ldc`.

## Example
```xml
<property name="name" value="" />
```

## Use instead
Name the physical data source; weights, failover groups and rules refer to it by that name.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        if ds.zone_aware {
            continue; // [Z] has no bounds, vendor or duplicate checks (RUNTIME-SEMANTICS.md 4.7).
        }
        for &p in &ds.physicals {
            if m.kind(p) != Kind::Physical {
                continue;
            }
            match m.str_prop(p, "name") {
                Some((v, _)) if !v.trim().is_empty() => {}
                found => {
                    let loc = found.map_or(m.beans[p].at(), |(_, l)| l).clone();
                    out.emit(&RULE, || {
                        at(
                            m,
                            &RULE,
                            &loc,
                            "`name` of the physical data source is blank: \"the physicalDataSource's name is null\"",
                        )
                        .with_help("set `name`")
                    });
                }
            }
        }
    }
}
