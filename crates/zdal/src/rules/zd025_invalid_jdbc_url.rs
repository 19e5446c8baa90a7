//! ZD025 invalid-jdbc-url: a `jdbcUrl` that is blank or names no supported database.

use precheck_core::{RuleMeta, Severity};

use crate::spring::Kind;

use super::{at};
use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD025",
    "invalid-jdbc-url",
    Severity::Error,
    "a `jdbcUrl` that is blank or names no supported database",
    r#"## What it does
Reports a `PhysicalDataSourceBean` whose `jdbcUrl` is missing, blank, or contains none of `oracle`, `mysql`, `db2` (which is how Zdal picks the driver).

## Why
Zdal refuses to start: "the jdbcUrl is invalidate,must contain [oracle,mysql,db2]".

## Example
```xml
<property name="jdbcUrl" value="jdbc:postgresql://db:5432/order" />
```

## Use instead
Use a MySQL, Oracle or DB2 JDBC URL.
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        for &p in &ds.physicals {
            if m.kind(p) != Kind::Physical {
                continue;
            }
            let found = m.str_prop(p, "jdbcUrl");
            let url = found.map_or("", |(v, _)| v.trim());
            let lower = url.to_ascii_lowercase();
            if Model::deferred(url) || ["oracle", "mysql", "db2"].iter().any(|v| lower.contains(v)) {
                continue;
            }
            let loc = found.map_or(m.beans[p].at(), |(_, l)| l).clone();
            let what = if url.is_empty() { "blank".to_string() } else { format!("`{url}`") };
            out.emit(&RULE, || {
                at(
                    m,
                    &RULE,
                    &loc,
                    format!("`jdbcUrl` is {what}: \"the jdbcUrl is invalidate,must contain [oracle,mysql,db2]\""),
                )
                .with_help("use a jdbc:mysql, jdbc:oracle or jdbc:db2 URL")
            });
        }
    }
}
