//! ZD012 empty-app-datasource-list: a `ZdalAppBean` without any AppDataSource.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::Model;
use precheck_xml::beans::Value;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD012",
    "empty-app-datasource-list",
    Severity::Error,
    "a `ZdalAppBean` without any AppDataSource",
    r#"## What it does
Reports a `ZdalAppBean` whose `appDataSourceList` is missing or empty.

## Why
Zdal refuses to start: "the appDataSource is empty of …".

## Example
```xml
<property name="appDataSourceList"><list/></property>
```

## Use instead
List the `AppDataSourceBean`s of the app: `<list><ref bean="orderDataSource"/></list>`.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for pair in &m.pairs {
        let Some(app) = pair.app else { continue };
        let (empty, loc) = match m.prop(app, "appDataSourceList") {
            None => (true, m.beans[app].at().clone()),
            Some(p) => match &p.value {
                Value::List { items, .. } => (items.is_empty(), p.loc.clone()),
                Value::Null { .. } | Value::Other { .. } => (true, p.loc.clone()),
                _ => (false, p.loc.clone()),
            },
        };
        if empty {
            let app_name = m.beans[app].id().unwrap_or("").to_string();
            out.emit(&RULE, || {
                at(
                    m,
                    &RULE,
                    &loc,
                    format!(
                        "`appDataSourceList` of `{app_name}` is empty: \"the appDataSource is empty of {app_name}\""
                    ),
                )
                .with_help("add a `<ref bean=…/>` for each AppDataSourceBean")
            });
        }
    }
}
