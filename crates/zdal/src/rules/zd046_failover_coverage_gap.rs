//! ZD046 failover-coverage-gap: a shard with no failover group, or a failover member no rule uses.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::grammar;
use crate::model::ConfigType;
use crate::model::Model;
use crate::model::Role;
use precheck_xml::beans::Loc;
use std::collections::{HashMap, HashSet};

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD046",
    "failover-coverage-gap",
    Severity::Warning,
    "a shard with no failover group, or a failover member no rule uses",
    r#"## What it does
For a SHARD_FAILOVER data source, reports a dbIndex of the write rule that is in no failover group, and a failover group member that no table rule's dbIndexes use.

## Why
The shard has no failover when its master fails, or the configuration is dead and misleads. The zone-aware loader (`internal-ldc`) never reads `failOverGroupRuleMap` (it derives failover groups from `master_<i>` / `failover_<i>` names, RUNTIME-SEMANTICS.md 4.13), so this rule applies to the public loader only (fact 2.9).

## Example
```xml
<property name="dbIndexes" value="master_0,failover_0,master_1,failover_1,master_2" />   <!-- no group has master_2 -->
```

## Use instead
Add a failover group for every shard, and remove groups no rule uses.
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
        let mut members: HashMap<String, Loc> = HashMap::new();
        for e in entries {
            let Ok(items) = grammar::parse_failover(&e.value) else { continue };
            for it in items {
                members.entry(it.key.clone()).or_insert_with(|| m.sub_loc(&e.loc, &e.value, it.off, it.len));
            }
        }
        let mut used = HashSet::new();
        for t in &ds.tables {
            let Some(info) = t.table_rule.and_then(|tr| m.table_rules.get(&tr)) else { continue };
            let Some(idx) = &info.db_indexes else { continue };
            for (d, loc) in &idx.items {
                used.insert(d.clone());
                if t.role != Role::Slave && ds.pool_keys.contains_key(d) && !members.contains_key(d) {
                    out.emit(&RULE, || {
                        at(m, &RULE, loc, format!("dbIndex `{d}` is in no failover group of `{}`", ds.name))
                            .with_label(m.span(map_loc), "failover groups declared here")
                            .with_help("add a failover group for this shard")
                    });
                }
            }
        }
        if !ds.tables.is_empty() {
            let mut keys: Vec<(&String, &Loc)> = members.iter().collect();
            keys.sort_by_key(|(k, _)| k.as_str());
            for (k, loc) in keys {
                if !used.contains(k) {
                    out.emit(&RULE, || {
                        at(m, &RULE, loc, format!("failover member `{k}` is used by no table rule's dbIndexes"))
                            .with_help("remove it, or add it to the dbIndexes of the rule it stands in for")
                    });
                }
            }
        }
    }
}
