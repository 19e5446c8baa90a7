//! ZD016 invalid-config-type: a `configType` the loader generation does not know (RUNTIME-SEMANTICS.md 2.1, 4.4).

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::{ConfigType, TypeOf};
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD016",
    "invalid-config-type",
    Severity::Error,
    "a `configType` the loader generation does not know",
    r#"## What it does
Reports an `AppDataSourceBean` whose `configType` is missing or unknown to the loader it is judged by, case-insensitively. The public loader (`oss` profile) knows `GROUP`, `SHARD`, `SHARD_GROUP` and `SHARD_FAILOVER` and no alias (RUNTIME-SEMANTICS.md 2.1, 2.2). The zone-aware loader (`internal-ldc`) also knows `RW` and `LOAD_BALANCE` (read as GROUP), `SHARD_RW` (read as SHARD_GROUP), and `ATOM`, `OB`, `HBase`, `Neo4J`, `TAIR` (fact 4.4).

## Why
The loader refuses to start: "The DataSourceConfigType … has not been supported yet,must to be [group,shard,shard_group,shard_failover]." (2.1; the zone-aware text ends after "yet.", 4.4). A blank value gives "The DataSourceConfigType can not be null or empty."

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
        if ConfigType::type_of(value, ds.zone_aware) != TypeOf::Unknown {
            continue;
        }
        let loc = found.map_or(m.beans[ds.bean].at(), |(_, l)| l).clone();
        let shown = if value.is_empty() { "null" } else { value };
        let help = if !ds.zone_aware && ConfigType::type_of(value, true) != TypeOf::Unknown {
            "this type exists only in the zone-aware client: use `GROUP` (for `RW`), or set `profile = \"internal-ldc\"` in `[zdal]`"
        } else if ds.zone_aware {
            "use GROUP (or RW, LOAD_BALANCE), SHARD, SHARD_GROUP (or SHARD_RW), SHARD_FAILOVER, or ATOM/OB/HBase/Neo4J/TAIR"
        } else {
            "use GROUP, SHARD, SHARD_GROUP or SHARD_FAILOVER"
        };
        out.emit(&RULE, || {
            let loader = if ds.zone_aware { "the zone-aware loader" } else { "the public loader" };
            at(m, &RULE, &loc, format!("configType `{shown}` of `{}` is unknown to {loader}: \"The DataSourceConfigType {shown} has not been supported yet\"", ds.name))
                .with_help(help)
        });
    }
}
