//! ZD025 invalid-jdbc-url: a `jdbcUrl` that is blank or names no supported database.

use precheck_core::{RuleMeta, Severity};

use precheck_xml::beans::Kind;

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
Zdal refuses to start: "the jdbcUrl is invalidate,must contain [oracle,mysql,db2]". The public loader takes the driver from the first of `oracle`, `mysql`, `db2` found in the URL, case-sensitively (RUNTIME-SEMANTICS.md 3.2), so `jdbc:MySQL:` fails too. The zone-aware loader only asserts a non-blank URL (facts 4.7, 4.8), so under `internal-ldc` only a blank URL is reported.

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
            // 3.2: [M] picks the driver from a case-sensitive substring; [Z] only asserts a URL (4.7, 4.8).
            let vendor = ["oracle", "mysql", "db2"].iter().any(|v| url.contains(v));
            if Model::deferred(url) || (!url.is_empty() && (ds.zone_aware || vendor)) {
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
