//! ZD082 failover-key-pairs: a zone-aware SHARD_FAILOVER whose master and failover logical names do not
//! pair up as `master_<i>` / `failover_<i>` (RUNTIME-SEMANTICS.md 4.13).

use precheck_core::{RuleMeta, Severity, Sink};

use super::at;
use crate::model::{ConfigType, Model};

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD082",
    "failover-key-pairs",
    Severity::Error,
    "a zone-aware SHARD_FAILOVER whose logical names do not pair as `master_<i>` / `failover_<i>`",
    r#"## What it does
Under the zone-aware loader (`internal-ldc`), checks a SHARD_FAILOVER AppDataSource (declared, or a SHARD the loader promotes) that has both master and failover logical names. A physical bean's `logicDbNameSet` names are master names unless its `failoverRule` is something other than `master` (RUNTIME-SEMANTICS.md 4.8). For N master names, the loader expects `master_<i>` and `failover_<i>` for every i below N, with i zero-padded to the number of digits of N − 1 (fact 4.13).

## Why
The loader builds the failover groups itself (`group_<i>` = `master_<i>:10,failover_<i>:0`) and fails startup with "The datasource map configure error!masterKey:…,failoverKey:…" when a pair is missing (fact 4.13). It never reads `failOverGroupRuleMap`.

## Example
```xml
<!-- masters master_0, master_1; failovers failover_0, backup_1 -->
<property name="failoverRule" value="failover" />
<property name="logicDbNameSet"><set><value>backup_1</value></set></property>
```

## Use instead
Name the failover logical DBs `failover_0`, `failover_1`, … to match the masters.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        if !ds.zone_aware || ds.config != Some(ConfigType::ShardFailover) {
            continue;
        }
        let masters: Vec<&str> = ds.logical.iter().filter(|l| !l.failover).map(|l| l.name.as_str()).collect();
        let failovers: Vec<&str> = ds.logical.iter().filter(|l| l.failover).map(|l| l.name.as_str()).collect();
        if masters.is_empty() || failovers.is_empty() || ds.logical.iter().any(|l| Model::deferred(&l.name)) {
            continue;
        }
        let n = masters.len();
        // Digits of the largest index, as the loader pads (one master: no padding needed, `_0`).
        let width = (n - 1).to_string().len();
        for i in 0..n {
            let (mk, fk) = (format!("master_{i:0width$}"), format!("failover_{i:0width$}"));
            if masters.contains(&mk.as_str()) && failovers.contains(&fk.as_str()) {
                continue;
            }
            let loc = m.prop(ds.bean, "physicalDataSourceSet").map_or(m.beans[ds.bean].at(), |p| &p.loc).clone();
            out.emit(&RULE, || {
                at(m, &RULE, &loc, format!("`{}` has master and failover logical names, but not the pair `{mk}` / `{fk}`: \"The datasource map configure error!masterKey:{mk},failoverKey:{fk}\"", ds.name))
                    .with_help(format!("name the logical DBs `master_<i>` and `failover_<i>` for i below {n}: masters are {}, failovers {}", masters.join(", "), failovers.join(", ")))
            });
            break; // the loader stops at the first missing pair
        }
    }
}
