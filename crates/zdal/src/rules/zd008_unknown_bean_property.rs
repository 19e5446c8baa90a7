//! ZD008 unknown-bean-property: a property that the Zdal bean class does not have (E under `oss`, W under `internal-ldc`).

use super::{at};
use precheck_core::Sink;
use crate::model::FileKind;
use crate::model::Model;
use precheck_xml::beans::Kind;
use precheck_core::{RuleMeta, Severity};

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD008",
    "unknown-bean-property",
    Severity::Error,
    "a property that the Zdal bean class does not have (E under `oss`, W under `internal-ldc`)",
    r#"## What it does
Checks the properties of every Zdal configuration bean (`ZdalAppBean`, `AppDataSourceBean`, `PhysicalDataSourceBean`, `AppRule`, `ShardRule`, `TableRule`) against the class's setters (zdal.md §3). The zone-aware properties (`idcName`, `zoneError`, `zoneDSSet`, `maxReadThreshold`, …) are accepted under the `internal-ldc` profile and reported under `oss`. Under `internal-ldc` other unknown properties are warnings, since the internal client is not public.

## Why
Spring throws `NotWritablePropertyException` and the application does not start. Spring rejects any property without a setter (RUNTIME-SEMANTICS.md 1.14). The public loader's `PhysicalDataSourceBean` has no `driverClass` setter: it derives the driver from the URL (facts 1.12, 3.2), so `driverClass` fails startup under `oss`; the zone-aware one accepts it (fact 4.8).

## Example
```xml
<property name="maxconn" value="10" />   <!-- the setter is maxConn -->
```

## Use instead
Spell the property as §3 lists it (names are case-sensitive), or remove it.
"#,
).repo();

fn known(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::ZdalApp => &["appName", "dbmode", "appDataSourceList"],
        Kind::AppDs => &[
            "appDataSourceName",
            "dataBaseType",
            "configType",
            "physicalDataSourceSet",
            "groupDataSourceRuleMap",
            "failOverGroupRuleMap",
            "appRule",
        ],
        Kind::Physical => &[
            "name",
            "logicDbNameSet",
            "jdbcUrl",
            "userName",
            "password",
            "minConn",
            "maxConn",
            "blockingTimeoutMillis",
            "idleTimeoutMinutes",
            "preparedStatementCacheSize",
            "queryTimeout",
            "connectionProperties",
            "prefill",
        ],
        Kind::AppRule => &["readwriteRule", "masterRule", "slaveRule"],
        Kind::ShardRule => &["tableRules", "defaultDbIndex"],
        Kind::TableRule => &[
            "dbIndexes",
            "dbIndexArray",
            "dbIndexPrefix",
            "dbIndexCount",
            "dbRules",
            "dbRuleArray",
            "dbRuleList",
            "tbRules",
            "tbRuleArray",
            "tbSuffix",
            "ruleParames",
            "dbRuleParames",
            "tbRuleParames",
            "uniqueKeys",
            "allowReverseOutput",
            "needRowCopy",
            "disableFullTableScan",
            "tbSuffixFrom",
            "tbSuffixTo",
            "tbSuffixWidth",
            "tbSuffixPadding",
            "tbNumForEachDb",
            "tbPreffix",
            "shardingRules",
        ],
        _ => &[],
    }
}

fn zone(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::ZdalApp => &["idcName"],
        Kind::AppDs => &["zoneError", "zoneDSSet"],
        // [M] has no `driverClass` setter (RUNTIME-SEMANTICS.md 1.12); [Z] has a plain one (4.8).
        Kind::Physical => &["maxReadThreshold", "maxWriteThreshold", "failoverRule", "driverClass"],
        Kind::ShardRule => &["dbtype"],
        Kind::TableRule => &["logicTableName"],
        _ => &[],
    }
}

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for (b, bean) in m.beans.iter().enumerate() {
        let kind = m.kind(b);
        if !kind.is_config_bean() || m.files[bean.file].kind == FileKind::Context {
            continue;
        }
        let profile = m.profile_of_file(bean.file);
        for prop in &bean.props {
            let name = prop.name.as_str();
            if known(kind).contains(&name) {
                continue;
            }
            let class = bean.class.as_ref().map_or("the bean class", |(c, _)| c.rsplit('.').next().unwrap_or(c));
            if zone(kind).contains(&name) {
                if profile.zone_aware() {
                    continue;
                }
                out.emit(&RULE, || {
                    at(m, &RULE, &prop.loc, format!("`{name}` is a property of the zone-aware client only; the open-source `{class}` has no such setter"))
                        .with_help("remove it, or set `profile = \"internal-ldc\"` in `[zdal]` if this configuration is for the zone-aware client")
                });
                continue;
            }
            let sev = if profile.zone_aware() { Severity::Warning } else { Severity::Error };
            let close = known(kind).iter().chain(zone(kind)).find(|k| k.eq_ignore_ascii_case(name));
            let help = match close {
                Some(k) => format!("did you mean `{k}`? property names are case-sensitive"),
                None => format!("remove it; `{class}` has no such property"),
            };
            out.emit(&RULE, || {
                at(
                    m,
                    &RULE,
                    &prop.loc,
                    format!("`{class}` has no property `{name}`: `NotWritablePropertyException` at startup"),
                )
                .with_severity(sev)
                .with_help(help)
            });
        }
    }
}
