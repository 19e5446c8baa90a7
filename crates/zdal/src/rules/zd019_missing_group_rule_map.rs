//! ZD019 missing-group-rule-map: a SHARD_GROUP data source without `groupDataSourceRuleMap`.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::ConfigType;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD019",
    "missing-group-rule-map",
    Severity::Error,
    "a SHARD_GROUP data source without `groupDataSourceRuleMap`",
    r#"## What it does
Reports a `SHARD_GROUP` AppDataSource without `groupDataSourceRuleMap`: its pool keys (`group_0_r`, `group_0_w`, …) come from that map.

## Why
Zdal refuses to start: "…is Shard_Group,must have groupDataSourceRuleMap…". The public loader requires the map for SHARD_GROUP (RUNTIME-SEMANTICS.md 3.8) and loads a GROUP without one; the zone-aware loader reads it for GROUP (with its aliases `RW`, `LOAD_BALANCE`) and SHARD_GROUP (with `SHARD_RW`) alike, and an unset map ends startup in a NullPointerException (fact 4.12).

## Example
```xml
<property name="configType" value="SHARD_GROUP" />
<!-- no groupDataSourceRuleMap -->
```

## Use instead
Add the map: one entry per group, e.g. `group_0` → `ds0:r10w10,ds1:r10w0`.
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        let Some(ct) = ds.config else { continue };
        // [M] requires the map for SHARD_GROUP (3.8) and loads GROUP without one; [Z] reads it for GROUP and
        // SHARD_GROUP alike and ends in a NullPointerException when it is unset (4.12).
        let needs = ct == ConfigType::ShardGroup || (ds.zone_aware && ct == ConfigType::Group);
        if !needs || m.prop(ds.bean, "groupDataSourceRuleMap").is_some() {
            continue;
        }
        let loc = m.str_prop(ds.bean, "configType").map_or(m.beans[ds.bean].at(), |(_, l)| l).clone();
        out.emit(&RULE, || {
            at(m, &RULE, &loc, format!("`{}` is {} but has no `groupDataSourceRuleMap`: \"is Shard_Group,must have groupDataSourceRuleMap\"", ds.name, ct.as_str())).with_help("add `groupDataSourceRuleMap`")
        });
    }
}
