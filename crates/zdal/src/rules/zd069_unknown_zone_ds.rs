//! ZD069 unknown-zone-ds: a `zoneDSSet` entry that is not a logical DB name of its AppDataSource.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::Model;
use precheck_xml::beans::Value;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD069",
    "unknown-zone-ds",
    Severity::Warning,
    "a `zoneDSSet` entry that is not a logical DB name of its AppDataSource",
    r#"## What it does
Reports an entry of a zone-aware AppDataSource's `zoneDSSet` that names nothing the zone-aware loader knows. The set may hold master logical names, failover logical names (`logicDbNameSet` entries), and, with a group map, `<group>_w` / `<group>_r` keys such as `group_0_r` (RUNTIME-SEMANTICS.md 4.15).

## Why
The loader ignores an unknown entry (fact 4.15), so it restricts nothing; at query time a statement whose target key is missing from a non-empty set is refused under `EXCEPTOIN` ("非本zone内的数据源", fact 4.16). The database meant to be allowed, often the one whose name was mistyped, is treated as belonging to another zone.

## Example
```xml
<property name="zoneDSSet">
  <set>
    <value>master_O</value>   <!-- the letter O, not zero -->
  </set>
</property>
```

## Use instead
List only logical DB names of the AppDataSource, e.g. `master_0`.
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        if !ds.zone_aware || (ds.logical.is_empty() && ds.pool_keys.is_empty()) {
            continue;
        }
        let Some(Value::List { items, .. }) = m.prop(ds.bean, "zoneDSSet").map(|p| &p.value) else { continue };
        for item in items {
            let Value::Text { text, loc } = item else { continue };
            let name = text.trim();
            if name.is_empty()
                || Model::deferred(name)
                || ds.logical.iter().any(|l| l.name == name)
                || ds.pool_keys.contains_key(name)
            {
                continue;
            }
            let mut known: Vec<&str> = ds.logical.iter().map(|l| l.name.as_str()).collect();
            for k in ds.pool_keys.keys() {
                if !known.contains(&k.as_str()) {
                    known.push(k);
                }
            }
            out.emit(&RULE, || {
                at(m, &RULE, loc, format!("`zoneDSSet` entry `{name}` is neither a logical DB name nor a group key of `{}`: the loader ignores it", ds.name))
                    .with_help(format!("list only logical DB names or `<group>_r`/`_w` keys of `{}`: {}", ds.name, known.join(", ")))
            });
        }
    }
}
