//! ZD049 app-rule-lacks-master: a Zdal data source that receives writes but has no masterRule.

use precheck_core::{Finding, RuleMeta, Severity};

use crate::routing::{RouteCx, RouteOut};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "ZD049",
    "app-rule-lacks-master",
    Severity::Error,
    "Zdal AppDataSource that SQL writes to but whose AppRule has no masterRule (no AppRule at all: warning)",
    r#"## What it does
Reports, on the AppDataSource bean of the Zdal configuration, a data source that some write SQL (INSERT,
UPDATE, DELETE) of the repository is bound to, but whose AppRule has no masterRule and no readwriteRule
(an error), or that is sharded (`SHARD`, `SHARD_GROUP`, `SHARD_FAILOVER`) without any AppRule (a warning).
A label points at the write statement. It needs the Zdal configuration of the repository and the SQL, so
the SQL check implements it; ZD106 reports the same gap on each write statement.

## Why
Zdal dispatches writes with the master rule; without one every write fails with "分库不支持写入。请检查配置
或SQL". A read-only rule set is fine only for a data source nobody writes to.

## Example
```xml
<bean id="orderRule" class="com.alipay.zdal.rule.config.beans.AppRule">
  <property name="slaveRule" ref="orderShardRule"/>
</bean>
```
with `INSERT INTO orders …` in a mapper wired to this data source.

## Use instead
```xml
<bean id="orderRule" class="com.alipay.zdal.rule.config.beans.AppRule">
  <property name="masterRule" ref="orderShardRule"/>
  <property name="slaveRule" ref="orderShardRule"/>
</bean>
```
"#,
)
.opt_in();

pub fn check(cx: &RouteCx<'_>, out: &mut RouteOut<'_>) {
    let v = cx.full();
    if !out.on(&RULE) || !v.shape.verb.is_write() || cx.ds.has_master_rule {
        return;
    }
    let first = cx.first();
    let (sev, what) = if cx.ds.has_rule {
        (Severity::Error, "its AppRule has no masterRule")
    } else if cx.sharded_ds() {
        (Severity::Warning, "it has no AppRule at all")
    } else {
        return;
    };
    let f = Finding::new(
        &RULE,
        cx.ds.location.clone(),
        format!(
            "the data source {} receives writes to `{}`, but {what}: every write fails with \"分库不支持写入。请检查配置或SQL\"",
            cx.ds_name(),
            first.name
        ),
    )
    .with_severity(sev)
    .with_help("add a masterRule (or a readwriteRule) to the AppRule of this data source")
    .with_label(out.span(v, first.at), format!("`{}` statement on `{}` bound to it here", v.shape.verb.word(), first.name));
    out.push(f);
}
