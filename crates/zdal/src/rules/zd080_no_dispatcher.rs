//! ZD080 no-dispatcher: a zone-aware AppDataSource whose type builds no dispatcher (RUNTIME-SEMANTICS.md 4.6).

use precheck_core::{RuleMeta, Severity, Sink};

use super::at;
use crate::model::{AppDs, ConfigType, Model, Role};
use precheck_xml::beans::Kind;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD080",
    "no-dispatcher",
    Severity::Error,
    "a zone-aware AppDataSource whose type builds no dispatcher",
    r#"## What it does
Under the zone-aware loader (`internal-ldc`), reports an `AppDataSourceBean` whose `configType` loads but builds no selectors and no rule dispatcher. A `SHARD` is promoted to SHARD_GROUP when it has a `groupDataSourceRuleMap`, else to SHARD_FAILOVER when a physical bean contributes a master logical name (RUNTIME-SEMANTICS.md 4.5); a SHARD that is neither stays SHARD and is an error here. `ATOM`, `OB`, `HBase`, `Neo4J` and `TAIR` get an info saying they are not checked; the non-JDBC ones (`TAIR`, `HBase`, `Neo4J`) get no JDBC rule at all (no URL, pool or credential checks), only the generic bean checks.

## Why
The zone-aware loader builds selectors and rules only for SHARD_FAILOVER, SHARD_GROUP and GROUP (fact 4.6): startup succeeds, and every statement fails with "没有分库规则或sqlDispatcher为null，请检查配置或SQL" (fact 5.21). In the zone-aware loader a physical bean without `logicDbNameSet` contributes no logical name (fact 4.8), which is how a SHARD is usually left unpromoted.

A `readwriteRule` is also reported when its AppRule bean lacks `init-method="init"`: the zone-aware loader never calls `AppRule.init()` itself, so the rule is never cloned into master and slave rules and there is no dispatcher (fact 4.14).

## Example
```xml
<property name="configType" value="SHARD" />
<!-- no groupDataSourceRuleMap, and no physical bean has a logicDbNameSet -->
```

## Use instead
Give the physical beans a `logicDbNameSet` (master logical names such as `master_0`), or a `groupDataSourceRuleMap`.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in m.app_ds.iter().chain(&m.non_jdbc) {
        if ds.zone_aware && !ds.inert {
            readwrite_without_init(m, ds, out);
        }
        if !ds.zone_aware || !ds.inert {
            continue;
        }
        let Some((value, loc)) = m.str_prop(ds.bean, "configType") else { continue };
        let value = value.trim().to_string();
        if ds.config == Some(ConfigType::Shard) {
            let set = m.prop(ds.bean, "physicalDataSourceSet").map(|p| p.loc.clone());
            out.emit(&RULE, || {
                let f = at(m, &RULE, loc, format!("`{}` is SHARD with no `groupDataSourceRuleMap` and no master logical name, so the zone-aware loader builds no dispatcher: every statement fails with \"没有分库规则或sqlDispatcher为null\"", ds.name))
                    .with_help("give the physical beans a `logicDbNameSet` (e.g. `master_0`), or add a `groupDataSourceRuleMap`");
                match &set {
                    Some(l) => f.with_label(m.span(l), "no physical bean here has a `logicDbNameSet`"),
                    None => f,
                }
            });
        } else {
            out.emit(&RULE, || {
                at(m, &RULE, loc, format!("`{}` is `{value}`, which the zone-aware loader loads without building a JDBC dispatcher: not checked", ds.name))
                    .with_severity(Severity::Info)
                    .with_help("nothing to do if this data source is not used for SQL")
            });
        }
    }
}

/// [Z] never calls `AppRule.init()` itself (4.14): a `readwriteRule` is cloned into the master and slave
/// rules only when the AppRule bean runs `init` as its `init-method`; otherwise there is no dispatcher.
fn readwrite_without_init(m: &Model, ds: &AppDs, out: &mut Sink<'_>) {
    let Some(ar) = ds.app_rule.filter(|&b| m.kind(b) == Kind::AppRule) else { return };
    if !ds.config.is_some_and(|c| c.sharded()) || m.init_method(ar) == Some("init") {
        return;
    }
    let Some(rw) = m.prop(ar, Role::ReadWrite.prop()) else { return };
    if m.prop(ar, Role::Master.prop()).is_some() || m.prop(ar, Role::Slave.prop()).is_some() {
        return; // ZD047's conflict
    }
    let loc = rw.loc.clone();
    let tag = m.beans[ar].at().clone();
    out.emit(&RULE, || {
        at(m, &RULE, &loc, format!("`{}` uses a `readwriteRule`, but its AppRule does not declare `init-method=\"init\"`: the zone-aware loader never initialises it, so there is no dispatcher and every statement fails with \"没有分库规则或sqlDispatcher为null\"", ds.name))
            .with_label(m.span(&tag), "AppRule declared here")
            .with_help("add `init-method=\"init\"` to the AppRule bean")
    });
}
