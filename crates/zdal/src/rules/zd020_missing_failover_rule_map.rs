//! ZD020 missing-failover-rule-map: a SHARD_FAILOVER data source without `failOverGroupRuleMap`.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::ConfigType;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD020",
    "missing-failover-rule-map",
    Severity::Error,
    "a SHARD_FAILOVER data source without `failOverGroupRuleMap`",
    r#"## What it does
Reports a `SHARD_FAILOVER` AppDataSource without `failOverGroupRuleMap`.

## Why
Zdal refuses to start: "…is Shard_failover,must have failOverGroupRuleMap…". The zone-aware loader (`internal-ldc`) never reads `failOverGroupRuleMap` (it derives failover groups from `master_<i>` / `failover_<i>` names, RUNTIME-SEMANTICS.md 4.13), so this rule applies to the public loader only (fact 2.9).

## Example
```xml
<property name="configType" value="SHARD_FAILOVER" />
<!-- no failOverGroupRuleMap -->
```

## Use instead
Add the map: one entry per group, e.g. `group_0` → `master_0:10,failover_0:0`.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        if ds.zone_aware {
            continue; // [Z] never reads failOverGroupRuleMap (RUNTIME-SEMANTICS.md 4.13).
        }
        let Some(ct) = ds.config else { continue };
        if !matches!(ct, ConfigType::ShardFailover) || m.prop(ds.bean, "failOverGroupRuleMap").is_some() {
            continue;
        }
        let loc = m.str_prop(ds.bean, "configType").map_or(m.beans[ds.bean].at(), |(_, l)| l).clone();
        out.emit(&RULE, || {
            at(m, &RULE, &loc, format!("`{}` is {} but has no `failOverGroupRuleMap`: \"is Shard_failover,must have failOverGroupRuleMap\"", ds.name, ct.as_str())).with_help("add `failOverGroupRuleMap`")
        });
    }
}
