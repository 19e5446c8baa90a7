//! ZD023 ignored-config-field: a field that the data source's `configType` never reads.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::ConfigType;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD023",
    "ignored-config-field",
    Severity::Warning,
    "a field that the data source's `configType` never reads",
    r#"## What it does
Only the fields of its type are read: `appRule` is ignored on GROUP; `groupDataSourceRuleMap` on SHARD and SHARD_FAILOVER; `failOverGroupRuleMap` everywhere but SHARD_FAILOVER, and under the zone-aware loader on SHARD_FAILOVER too, which builds its groups from the `master_<i>`/`failover_<i>` logical names and never reads the map (RUNTIME-SEMANTICS.md 4.13). Reports such a field.

## Why
The configuration says something that does not happen: a reader believes reads are weighted or failover is set up when it is not.

## Example
```xml
<property name="configType" value="SHARD" />
<property name="failOverGroupRuleMap">…</property>
```

## Use instead
Remove the field, or change `configType` to the type that uses it.
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        let Some(ct) = ds.config else { continue };
        let ignored: &[&str] = match ct {
            ConfigType::Group | ConfigType::Rw => &["appRule", "failOverGroupRuleMap"],
            ConfigType::Shard => &["groupDataSourceRuleMap", "failOverGroupRuleMap"],
            // The zone-aware loader pairs `master_<i>`/`failover_<i>` itself (4.13).
            ConfigType::ShardFailover if m.profile_of_file(m.beans[ds.bean].file).zone_aware() => {
                &["groupDataSourceRuleMap", "failOverGroupRuleMap"]
            }
            ConfigType::ShardFailover => &["groupDataSourceRuleMap"],
            ConfigType::ShardGroup => &["failOverGroupRuleMap"],
        };
        for name in ignored {
            let Some(p) = m.prop(ds.bean, name) else { continue };
            if ct == ConfigType::ShardFailover && *name == "failOverGroupRuleMap" {
                out.emit(&RULE, || {
                    let message = format!(
                        "`{name}` is ignored: the zone-aware loader groups `{}`'s `master_<i>` with `failover_<i>` itself",
                        ds.name
                    );
                    at(m, &RULE, &p.loc, message).with_help("remove it; name the logical data sources `master_<i>`/`failover_<i>`")
                });
                continue;
            }
            out.emit(&RULE, || {
                at(m, &RULE, &p.loc, format!("`{name}` is ignored: `{}` is {}", ds.name, ct.as_str()))
                    .with_help("remove it, or change `configType` to the type that reads it")
            });
        }
    }
}
