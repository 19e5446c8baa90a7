//! ZD015 invalid-database-type: `dataBaseType` that is not oracle, mysql or db2.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD015",
    "invalid-database-type",
    Severity::Error,
    "`dataBaseType` that is not oracle, mysql or db2",
    r#"## What it does
Reports an `AppDataSourceBean` whose `dataBaseType` is missing or not `oracle`, `mysql` or `db2` (any case).

## Why
Zdal refuses to start: "Invalid DBType:X must to be [oracle,mysql,db2]".

## Example
```xml
<property name="dataBaseType" value="postgres" />
```

## Use instead
Use `MYSQL`, `ORACLE` or `DB2`.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        let found = m.str_prop(ds.bean, "dataBaseType");
        let value = found.map_or("", |(v, _)| v.trim());
        if Model::deferred(value) || ["oracle", "mysql", "db2"].contains(&value.to_ascii_lowercase().as_str()) {
            continue;
        }
        let loc = found.map_or(m.beans[ds.bean].at(), |(_, l)| l).clone();
        let shown = if value.is_empty() { "null" } else { value };
        out.emit(&RULE, || {
            at(
                m,
                &RULE,
                &loc,
                format!(
                    "`dataBaseType` of `{}` is `{shown}`: \"Invalid DBType:{shown} must to be [oracle,mysql,db2]\"",
                    ds.name
                ),
            )
            .with_help("set `dataBaseType` to MYSQL, ORACLE or DB2")
        });
    }
}
