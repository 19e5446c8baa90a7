//! ZD044 zero-failover-weights: a failover group whose weights are all 0.

use precheck_core::{RuleMeta, Severity};

use crate::grammar;
use crate::model::ConfigType;

use super::{at};
use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD044",
    "zero-failover-weights",
    Severity::Error,
    "a failover group whose weights are all 0",
    r#"## What it does
Reports a failover group whose member weights sum to 0.

## Why
The first statement routed to the group fails: "没有可用的数据源了，权重全部为0！". The zone-aware loader (`internal-ldc`) never reads `failOverGroupRuleMap` (it derives failover groups from `master_<i>` / `failover_<i>` names, RUNTIME-SEMANTICS.md 4.13), so this rule applies to the public loader only (fact 2.9).

## Example
```xml
<entry key="group_0" value="master_0:0,failover_0:0" />
```

## Use instead
Give the active member a positive weight: `master_0:10,failover_0:0`.
"#,
)
.repo();

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
            if items.iter().map(|i| i.weight).sum::<i64>() == 0 {
                out.emit(&RULE, || {
                    at(
                        m,
                        &RULE,
                        &e.loc,
                        format!(
                            "every weight of failover group `{}` is 0: \"没有可用的数据源了，权重全部为0！\"",
                            e.key
                        ),
                    )
                    .with_help("give the active member a positive weight")
                });
            }
        }
    }
}
