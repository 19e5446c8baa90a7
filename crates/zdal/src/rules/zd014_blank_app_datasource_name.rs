//! ZD014 blank-app-datasource-name: an `AppDataSourceBean` whose `appDataSourceName` is blank.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD014",
    "blank-app-datasource-name",
    Severity::Error,
    "an `AppDataSourceBean` whose `appDataSourceName` is blank",
    r#"## What it does
Reports an `AppDataSourceBean` with a missing or blank `appDataSourceName`.

## Why
Zdal refuses to start: "the appDataSourceName is null".

## Example
```xml
<property name="appDataSourceName" value=" " />
```

## Use instead
Set `appDataSourceName` to the `appDsName` the application's `ZdalDataSource` asks for.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        if ds.name.is_empty() {
            let loc = m.str_prop(ds.bean, "appDataSourceName").map_or(m.beans[ds.bean].at(), |(_, l)| l).clone();
            out.emit(&RULE, || {
                at(m, &RULE, &loc, "`appDataSourceName` is blank: \"the appDataSourceName is null\"")
                    .with_help("set `appDataSourceName`")
            });
        }
    }
}
