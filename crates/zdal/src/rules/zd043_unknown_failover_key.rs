//! ZD043 unknown-failover-key: a failover member that is not a pool key.

use precheck_core::{RuleMeta, Severity};

use crate::grammar;
use crate::model::ConfigType;

use super::{at};
use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD043",
    "unknown-failover-key",
    Severity::Error,
    "a failover member that is not a pool key",
    r#"## What it does
Checks every member of a `failOverGroupRuleMap` value against the data source's pool keys (its logical DB names).

## Why
Zdal only logs "数据源key=…在数据源dataSourcePool配置中不存在": the group is unusable and failover silently does not happen. The zone-aware loader (`internal-ldc`) never reads `failOverGroupRuleMap` (it derives failover groups from `master_<i>` / `failover_<i>` names, RUNTIME-SEMANTICS.md 4.13), so this rule applies to the public loader only (fact 2.9).

## Example
```xml
<entry key="group_0" value="master_0:10,fialover_0:0" />
```

## Use instead
Use a logical DB name of this AppDataSource.
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        if ds.zone_aware {
            continue; // [Z] never reads failOverGroupRuleMap (RUNTIME-SEMANTICS.md 4.13).
        }
        if ds.config.is_some_and(|c| c != ConfigType::ShardFailover) {
            continue;
        }
        let Some((map_loc, entries)) = &ds.failovers else { continue };
        let _ = map_loc;
        for e in entries {
            let Ok(items) = grammar::parse_failover(&e.value) else { continue };
            for it in items {
                if Model::deferred(&it.key) || ds.pool_keys.contains_key(&it.key) {
                    continue;
                }
                let loc = m.sub_loc(&e.loc, &e.value, it.off, it.len);
                out.emit(&RULE, || {
                    at(
                        m,
                        &RULE,
                        &loc,
                        format!(
                            "`{}` is not a pool key of `{}`: \"数据源key={}在数据源dataSourcePool配置中不存在\"",
                            it.key, ds.name, it.key
                        ),
                    )
                    .with_help("use a logical DB name (a physical `name` or a `logicDbNameSet` entry)")
                });
            }
        }
    }
}
