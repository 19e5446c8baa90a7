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
    "`dataBaseType` that the loader generation cannot build pools for",
    r#"## What it does
Reports an `AppDataSourceBean` whose `dataBaseType` is missing or one the loader cannot start with, case-insensitively. The public loader (`oss`) accepts `oracle`, `mysql` and `db2` (RUNTIME-SEMANTICS.md 3.6). The zone-aware loader (`internal-ldc`) builds pools only for `mysql` and `oracle` (fact 4.10): `DB2` is unknown to it, and `TAIR`, `OB`, `HBase`, `Neo4J` pass the type check but fail pool creation.

## Why
The public loader refuses to start: "Invalid DBType:X must to be [oracle,mysql,db2]" (3.6). The zone-aware one fails with "Invalid SqlType:X", or with "ERROR ## the DbType must be mysql/oracle." inside "create dsName = … dataSource failured" (4.10, 3.11).

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
        let known: &[&str] = if ds.zone_aware { &["oracle", "mysql"] } else { &["oracle", "mysql", "db2"] };
        if Model::deferred(value) || known.contains(&value.to_ascii_lowercase().as_str()) {
            continue;
        }
        let loc = found.map_or(m.beans[ds.bean].at(), |(_, l)| l).clone();
        let shown = if value.is_empty() { "null" } else { value };
        out.emit(&RULE, || {
            at(
                m,
                &RULE,
                &loc,
                if ds.zone_aware {
                    format!("`dataBaseType` of `{}` is `{shown}`: the zone-aware loader builds pools only for mysql and oracle", ds.name)
                } else {
                    format!(
                        "`dataBaseType` of `{}` is `{shown}`: \"Invalid DBType:{shown} must to be [oracle,mysql,db2]\"",
                        ds.name
                    )
                },
            )
            .with_help(if ds.zone_aware { "set `dataBaseType` to MYSQL or ORACLE" } else { "set `dataBaseType` to MYSQL, ORACLE or DB2" })
        });
    }
}
