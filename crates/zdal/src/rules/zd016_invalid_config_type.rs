//! ZD016 invalid-config-type: `configType` that is not GROUP, SHARD, SHARD_GROUP or SHARD_FAILOVER (RW under `internal-ldc`).

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::ConfigType;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD016",
    "invalid-config-type",
    Severity::Error,
    "`configType` that is not GROUP, SHARD, SHARD_GROUP or SHARD_FAILOVER (RW under `internal-ldc`)",
    r#"## What it does
Reports an `AppDataSourceBean` whose `configType` is missing or unknown. `RW` is the zone-aware client's read/write split: accepted under the `internal-ldc` profile, reported under `oss`.

## Why
Zdal refuses to start: "…has not been supported yet,must to be [group,shard,shard_group,shard_failover]."

## Example
```xml
<property name="configType" value="SHARDING" />
```

## Use instead
Use `GROUP`, `SHARD`, `SHARD_GROUP` or `SHARD_FAILOVER`.
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        let found = m.str_prop(ds.bean, "configType");
        let value = found.map_or("", |(v, _)| v.trim());
        if Model::deferred(value) {
            continue;
        }
        let ok = match ConfigType::parse(value) {
            Some(ConfigType::Rw) => m.pairs[ds.pair].profile.zone_aware(),
            Some(_) => true,
            None => false,
        };
        if ok {
            continue;
        }
        let loc = found.map_or(m.beans[ds.bean].at(), |(_, l)| l).clone();
        let shown = if value.is_empty() { "null" } else { value };
        let help = if ConfigType::parse(value) == Some(ConfigType::Rw) {
            "`RW` exists only in the zone-aware client: use `GROUP`, or set `profile = \"internal-ldc\"` in `[zdal]`"
        } else {
            "use GROUP, SHARD, SHARD_GROUP or SHARD_FAILOVER"
        };
        out.emit(&RULE, || {
            at(m, &RULE, &loc, format!("configType `{shown}` of `{}` \"has not been supported yet,must to be [group,shard,shard_group,shard_failover].\"", ds.name))
                .with_help(help)
        });
    }
}
