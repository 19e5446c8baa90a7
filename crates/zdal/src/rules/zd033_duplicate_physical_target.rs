//! ZD033 duplicate-physical-target: two physical data sources with the same `jdbcUrl` and `userName`.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::Model;
use precheck_xml::beans::BeanId;
use std::collections::HashMap;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD033",
    "duplicate-physical-target",
    Severity::Info,
    "two physical data sources with the same `jdbcUrl` and `userName`",
    r#"## What it does
Reports a physical data source whose (`jdbcUrl`, `userName`) equals another one's in the same AppDataSource.

## Why
Usually a copy-paste: two pools to one database double the connections and hide that a shard or replica is missing.

## Example
```xml
<property name="jdbcUrl" value="jdbc:mysql://db:3306/order_0" />   <!-- in ds0 and ds1 -->
```

## Use instead
Point each physical data source at its own database.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        let mut seen: HashMap<(String, String), BeanId> = HashMap::new();
        for &p in &ds.physicals {
            let Some((url, loc)) = m.str_prop(p, "jdbcUrl") else { continue };
            let user = m.str_prop(p, "userName").map_or("", |(u, _)| u.trim());
            if url.trim().is_empty() || Model::deferred(url) {
                continue;
            }
            let key = (url.trim().to_string(), user.to_string());
            match seen.get(&key) {
                Some(&first) if first != p => {
                    let first_loc = m.str_prop(first, "jdbcUrl").map_or(m.beans[first].at(), |(_, l)| l).clone();
                    out.emit(&RULE, || {
                        at(
                            m,
                            &RULE,
                            loc,
                            format!(
                                "`{}` is already the target of another physical data source with user `{user}`",
                                url.trim()
                            ),
                        )
                        .with_label(m.span(&first_loc), "same database here")
                        .with_help("point each physical data source at its own database, or remove the copy")
                    });
                }
                Some(_) => {}
                None => {
                    seen.insert(key, p);
                }
            }
        }
    }
}
