//! ZD034 useless-statement-cache: `preparedStatementCacheSize` on a MySQL data source, where it has no effect.

use precheck_core::{RuleMeta, Severity};

use precheck_xml::beans::Kind;

use super::{at};
use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD034",
    "useless-statement-cache",
    Severity::Info,
    "`preparedStatementCacheSize` on a MySQL data source, where it has no effect",
    r#"## What it does
Reports `preparedStatementCacheSize` > 0 on a physical data source of a MySQL AppDataSource.

## Why
The pool's statement cache is not used with MySQL: the setting does nothing and misleads tuning.

## Example
```xml
<property name="preparedStatementCacheSize" value="100" />
```

## Use instead
Remove it, or tune the driver's `cachePrepStmts` in `connectionProperties` instead.
"#,
)
.opt_in()
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        for &p in &ds.physicals {
            if m.kind(p) != Kind::Physical {
                continue;
            }
            if ds.db_type.as_deref() != Some("mysql") {
                continue;
            }
            let Some((v, loc)) = m.str_prop(p, "preparedStatementCacheSize") else { continue };
            if v.trim().parse::<i64>().is_ok_and(|n| n > 0) {
                out.emit(&RULE, || {
                    at(m, &RULE, loc, format!("`preparedStatementCacheSize` {} has no effect with MySQL", v.trim()))
                        .with_help("remove it, or use the driver's `cachePrepStmts`")
                });
            }
        }
    }
}
