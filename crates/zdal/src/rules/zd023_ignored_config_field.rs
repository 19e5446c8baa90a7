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
Only the fields of its type are read: `appRule` is ignored on GROUP; `groupDataSourceRuleMap` on SHARD and SHARD_FAILOVER; `failOverGroupRuleMap` everywhere but SHARD_FAILOVER. Reports such a field.

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
            ConfigType::ShardFailover => &["groupDataSourceRuleMap"],
            ConfigType::ShardGroup => &["failOverGroupRuleMap"],
        };
        for name in ignored {
            let Some(p) = m.prop(ds.bean, name) else { continue };
            out.emit(&RULE, || {
                at(m, &RULE, &p.loc, format!("`{name}` is ignored: `{}` is {}", ds.name, ct.as_str()))
                    .with_help("remove it, or change `configType` to the type that reads it")
            });
        }
    }
}
