//! ZD078 missing-zone-ds-set: a zone-aware AppDataSource without `zoneDSSet` (RUNTIME-SEMANTICS.md 4.12).

use precheck_core::{RuleMeta, Severity, Sink};

use super::at;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD078",
    "missing-zone-ds-set",
    Severity::Error,
    "a zone-aware AppDataSource without `zoneDSSet`",
    r#"## What it does
Reports an `AppDataSourceBean` judged by the zone-aware loader (`internal-ldc` profile) that does not set `zoneDSSet`. An empty `<set/>` is fine: it means no zone restriction.

## Why
The zone-aware loader reads the set unconditionally; left unset it is null and startup ends in a NullPointerException (RUNTIME-SEMANTICS.md 4.12). The public loader has no such property.

## Example
```xml
<bean id="orderDs" class="com.alipay.zdal.client.config.bean.AppDataSourceBean">
  <property name="zoneError" value="LOG" />
  <!-- no zoneDSSet -->
</bean>
```

## Use instead
```xml
<property name="zoneDSSet"><set/></property>
```
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        if !ds.zone_aware || m.prop(ds.bean, "zoneDSSet").is_some() {
            continue;
        }
        let loc = m.beans[ds.bean].at().clone();
        out.emit(&RULE, || {
            at(m, &RULE, &loc, format!("`{}` has no `zoneDSSet`: the zone-aware loader fails startup with a NullPointerException", ds.name))
                .with_help("add `<property name=\"zoneDSSet\"><set/></property>` (empty: no zone restriction), or list the zone's logical DBs")
        });
    }
}
