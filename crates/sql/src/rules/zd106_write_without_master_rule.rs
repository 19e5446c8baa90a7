//! ZD106 write-without-master-rule: INSERT/UPDATE/DELETE through an AppDataSource without a masterRule.

use precheck_core::{RuleMeta, Severity};

use crate::routing::{RouteCx, RouteOut};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "ZD106",
    "write-without-master-rule",
    Severity::Error,
    "INSERT, UPDATE or DELETE through a Zdal AppDataSource whose AppRule has no masterRule",
    r#"## What it does
Reports, on the statement, a write (INSERT, UPDATE, DELETE) bound to a Zdal AppDataSource whose AppRule has
a slaveRule but neither a masterRule nor a readwriteRule. It needs the Zdal configuration of the repository
(ds and rule XML) and the binding of the statement to its data source. ZD049 reports the same gap on the
data source itself.

## Why
Zdal dispatches writes with the master rule. Without one, every write fails at runtime with
"分库不支持写入。请检查配置或SQL".

## Example
```xml
<bean id="orderRule" class="com.alipay.zdal.rule.config.beans.AppRule">
  <property name="slaveRule" ref="orderShardRule"/>
</bean>
```
```sql
INSERT INTO orders (id, user_id) VALUES (?, ?);
```

## Use instead
Add `<property name="masterRule" ref="orderShardRule"/>` (or a readwriteRule) to the AppRule, or write
through a data source that has one.
"#,
)
.opt_in();

pub fn check(cx: &RouteCx<'_>, out: &mut RouteOut<'_>) {
    let v = cx.full();
    if !v.shape.verb.is_write() || !cx.ds.has_rule || cx.ds.has_master_rule {
        return;
    }
    let first = cx.first();
    let table = cx.target().map(|t| (t, format!("rule of `{}` declared here (a slaveRule only)", t.table)));
    out.add(
        &RULE,
        RULE.default_severity,
        cx,
        v,
        first.at,
        table,
        format!(
            "`{}` is written through the data source {}, whose AppRule has no masterRule: Zdal fails with \"分库不支持写入。请检查配置或SQL\"",
            first.name,
            cx.ds_name()
        ),
        "add a masterRule (or a readwriteRule) to the AppRule, or write through another data source".to_string(),
    );
}
