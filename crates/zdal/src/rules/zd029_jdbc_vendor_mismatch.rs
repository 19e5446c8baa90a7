//! ZD029 jdbc-vendor-mismatch: a `jdbcUrl` for another database than the data source's `dataBaseType`.

use precheck_core::{RuleMeta, Severity};

use precheck_xml::beans::Kind;

use super::{at};
use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD029",
    "jdbc-vendor-mismatch",
    Severity::Warning,
    "a `jdbcUrl` for another database than the data source's `dataBaseType`",
    r#"## What it does
Compares the database named in each physical data source's `jdbcUrl` with the owning AppDataSource's `dataBaseType`.

## Why
The driver follows the URL, but Zdal's SQL parser and dialect follow `dataBaseType`: paging, sequences and hints are generated for the wrong database.

## Example
```xml
<property name="dataBaseType" value="ORACLE" />
…
<property name="jdbcUrl" value="jdbc:mysql://db:3306/order" />
```

## Use instead
Make `dataBaseType` and the URLs agree.
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        for &p in &ds.physicals {
            if m.kind(p) != Kind::Physical {
                continue;
            }
            let Some(db) = ds.db_type.as_deref() else { continue };
            let Some((url, loc)) = m.str_prop(p, "jdbcUrl") else { continue };
            let lower = url.to_ascii_lowercase();
            let Some(vendor) = ["oracle", "mysql", "db2"].into_iter().find(|v| lower.contains(v)) else { continue };
            if vendor != db && ["oracle", "mysql", "db2"].contains(&db) {
                let db_loc = m.str_prop(ds.bean, "dataBaseType").map(|(_, l)| l.clone());
                out.emit(&RULE, || {
                    let f = at(
                        m,
                        &RULE,
                        loc,
                        format!("`jdbcUrl` is a {vendor} URL but `{}` declares `dataBaseType` {db}", ds.name),
                    )
                    .with_help("make `dataBaseType` and the URL name the same database");
                    match &db_loc {
                        Some(l) => f.with_label(m.span(l), "dataBaseType declared here"),
                        None => f,
                    }
                });
            }
        }
    }
}
