//! ZD074 incomplete-zdal-datasource: a `ZdalDataSource` without `appName` or `appDsName`.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::Model;
use crate::wiring;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD074",
    "incomplete-zdal-datasource",
    Severity::Error,
    "a `ZdalDataSource` without `appName` or `appDsName`",
    r#"## What it does
Reports a concrete `ZdalDataSource` bean of an application context whose `appName` or `appDsName` is missing or blank once the `parent=` beans of its file are resolved (abstract parents commonly supply `dbmode`, `zone` and `configPath`, but the name of the app and of its AppDataSource must come from somewhere).

## Why
`ZdalDataSource.init()` checks both names first and throws an `IllegalArgumentException`: the Spring context, and so the application, does not start.

## Example
```xml
<bean id="orderDataSource" parent="abstractZdalDataSource">
  <property name="appName" value="order" />
</bean>
```

## Use instead
```xml
<bean id="orderDataSource" parent="abstractZdalDataSource">
  <property name="appName" value="order" />
  <property name="appDsName" value="orderDataSource" />
</bean>
```
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for zds in wiring::zdal_data_sources(m) {
        let id = m.beans[zds.bean].id().unwrap_or("(inner bean)").to_string();
        for (prop, setting) in [("appName", &zds.app_name), ("appDsName", &zds.app_ds_name)] {
            let (loc, what) = match setting {
                Some((v, _)) if !v.is_empty() => continue,
                Some((_, loc)) => (loc.clone(), "blank"),
                None => (m.beans[zds.bean].at().clone(), "not set"),
            };
            out.emit(&RULE, || {
                at(
                    m,
                    &RULE,
                    &loc,
                    format!("`{prop}` of `ZdalDataSource` `{id}` is {what}: `IllegalArgumentException` at startup"),
                )
                .with_help(format!("set `{prop}` on `{id}` or on its `parent=` bean"))
            });
        }
    }
}
