//! ZD045 db-in-several-failovers: a database in more than one failover group.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::grammar;
use crate::model::ConfigType;
use crate::model::Model;
use precheck_xml::beans::Loc;
use std::collections::HashMap;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD045",
    "db-in-several-failovers",
    Severity::Warning,
    "a database in more than one failover group",
    r#"## What it does
Reports a pool key listed in more than one failover group.

## Why
Failover becomes ambiguous: one database stands in for two shards. The zone-aware loader (`internal-ldc`) never reads `failOverGroupRuleMap` (it derives failover groups from `master_<i>` / `failover_<i>` names, RUNTIME-SEMANTICS.md 4.13), so this rule applies to the public loader only (fact 2.9).

## Example
```xml
<entry key="group_0" value="master_0:10,failover_0:0" />
<entry key="group_1" value="master_1:10,failover_0:0" />
```

## Use instead
Give each shard its own failover database (a logical name of its own in `logicDbNameSet`).
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
        let mut seen: HashMap<String, Loc> = HashMap::new();
        for e in entries {
            let Ok(items) = grammar::parse_failover(&e.value) else { continue };
            for it in items {
                let loc = m.sub_loc(&e.loc, &e.value, it.off, it.len);
                match seen.get(&it.key) {
                    Some(first) => {
                        let first = first.clone();
                        out.emit(&RULE, || {
                            at(m, &RULE, &loc, format!("`{}` is in more than one failover group", it.key))
                                .with_label(m.span(&first), "also here")
                                .with_help("give each shard its own failover database")
                        });
                    }
                    None => {
                        seen.insert(it.key.clone(), loc);
                    }
                }
            }
        }
    }
}
