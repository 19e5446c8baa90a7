//! ZD083 table-rule-without-init: a public-loader TableRule that needs `init` but does not run it
//! (RUNTIME-SEMANTICS.md 5.7).

use precheck_core::{RuleMeta, Severity, Sink};

use super::at;
use crate::model::{DbIndexForm, Model};
use precheck_xml::beans::BeanId;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD083",
    "table-rule-without-init",
    Severity::Error,
    "a TableRule that needs `init` but does not declare `init-method=\"init\"`",
    r#"## What it does
Under the public loader (`oss`), reports a `TableRule` bean without `init-method="init"` (its own, a parent's, or the file's `default-init-method`) that relies on what `init` does: a `dbIndexPrefix` + `dbIndexCount`, or tb rules together with a `tbSuffix`.

## Why
`TableRule.init` runs only as the bean's init-method. Without it the prefix and count never expand, and the tbSuffix is never parsed, and both end in a NullPointerException at startup (RUNTIME-SEMANTICS.md 5.7). Plain dbIndexes without tb rules work without it.

## Example
```xml
<bean id="ordersRule" class="com.alipay.zdal.rule.config.beans.TableRule">
  <property name="dbIndexPrefix" value="master_" />
  <property name="dbIndexCount" value="2" />
</bean>
```

## Use instead
```xml
<bean id="ordersRule" class="com.alipay.zdal.rule.config.beans.TableRule" init-method="init">
```
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    let mut ids: Vec<&BeanId> = m.table_rules.keys().collect();
    ids.sort();
    for &b in ids {
        let info = &m.table_rules[&b];
        let zone_aware = m.pair_of(b).is_some_and(|p| m.pairs[p].profile.zone_aware());
        if zone_aware || m.beans[b].is_abstract || m.init_method(b) == Some("init") {
            continue; // 5.7 is the public loader's; the zone-aware rule module is not in the digest
        }
        let prefix = info.db_indexes.as_ref().is_some_and(|d| d.form == DbIndexForm::Prefix);
        let suffix = !info.tb_rules.is_empty() && info.suffix.is_some();
        if !prefix && !suffix {
            continue;
        }
        let what = if prefix { "`dbIndexPrefix` + `dbIndexCount` never expand" } else { "its `tbSuffix` is never parsed" };
        let loc = m.beans[b].at().clone();
        out.emit(&RULE, || {
            at(m, &RULE, &loc, format!("TableRule without `init-method=\"init\"`: {what}, and startup ends in a NullPointerException"))
                .with_help("add `init-method=\"init\"` to the TableRule bean")
        });
    }
}
