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
Zdal only logs "数据源key=…在数据源dataSourcePool配置中不存在": the group is unusable and failover silently does not happen. The zone-aware loader (`internal-ldc`) never reads `failOverGroupRuleMap` (it derives failover groups from `master_<i>` / `failover_<i>` names, RUNTIME-SEMANTICS.md 4.13), so this rule applies to the public loader only (fact 2.9). The public loader checks the map at startup (RUNTIME-SEMANTICS.md 2.9): a single member must name a selector key (its trimmed name); with several members each name is compared **untrimmed**, so `master_0:10, failover_0:0` fails on ` failover_0`; the failure is "数据源key按分组权重配置错误,zdal初始化失败！".

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
            // 2.9: with several members each name is compared untrimmed, so `a:10, b:0` names ` b`.
            let raw: Vec<&str> = e.value.split(',').map(|i| i.split(':').next().unwrap_or(i)).collect();
            let several = items.len() > 1;
            for (i, it) in items.into_iter().enumerate() {
                if Model::deferred(&it.key) {
                    continue;
                }
                if ds.pool_keys.contains_key(&it.key) {
                    let Some(r) = raw.get(i).filter(|r| several && r.len() != it.key.len()) else { continue };
                    let loc = m.sub_loc(&e.loc, &e.value, it.off, it.len);
                    let r = r.to_string();
                    out.emit(&RULE, || {
                        at(m, &RULE, &loc, format!("`{r}` keeps its spaces: with several members the loader compares names untrimmed, so it is not a pool key of `{}`: \"数据源key按分组权重配置错误,zdal初始化失败！\"", ds.name))
                            .with_help("write the members without spaces around `,` and `:`")
                    });
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
