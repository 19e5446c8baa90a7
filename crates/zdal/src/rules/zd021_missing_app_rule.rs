//! ZD021 missing-app-rule: a sharded data source without `appRule`.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::ConfigType;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD021",
    "missing-app-rule",
    Severity::Error,
    "a sharded data source without `appRule`",
    r#"## What it does
Reports a `SHARD`, `SHARD_GROUP` or `SHARD_FAILOVER` AppDataSource without `appRule`.

## Why
Zdal refuses to start: "…must have sharding rule of AppRule…". The public loader requires it for every SHARD type (RUNTIME-SEMANTICS.md 3.8); the zone-aware loader ends in a NullPointerException without it (fact 4.12), and promotes a SHARD to SHARD_GROUP or SHARD_FAILOVER first (4.5).

## Example
```xml
<property name="configType" value="SHARD" />
<!-- no appRule -->
```

## Use instead
Add `<property name="appRule" ref="…"/>` pointing at the AppRule of the rule file.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        let Some(ct) = ds.config else { continue };
        if !matches!(ct, ConfigType::Shard | ConfigType::ShardGroup | ConfigType::ShardFailover)
            || m.prop(ds.bean, "appRule").is_some()
        {
            continue;
        }
        let loc = m.str_prop(ds.bean, "configType").map_or(m.beans[ds.bean].at(), |(_, l)| l).clone();
        out.emit(&RULE, || {
            at(
                m,
                &RULE,
                &loc,
                format!(
                    "`{}` is {} but has no `appRule`: \"must have sharding rule of AppRule\"",
                    ds.name,
                    ct.as_str()
                ),
            )
            .with_help("add `appRule`")
        });
    }
}
