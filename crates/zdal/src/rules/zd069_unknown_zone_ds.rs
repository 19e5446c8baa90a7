//! ZD069 unknown-zone-ds: a `zoneDSSet` entry that is not a logical DB name of its AppDataSource.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::Model;
use crate::spring::Value;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD069",
    "unknown-zone-ds",
    Severity::Warning,
    "a `zoneDSSet` entry that is not a logical DB name of its AppDataSource",
    r#"## What it does
Reports an entry of a zone-aware AppDataSource's `zoneDSSet` that is not a logical DB name (a physical data source's `name` or `logicDbNameSet` entry) of the same AppDataSource.

## Why
`zoneDSSet` lists the logical databases this zone may use. The client tolerates an unknown name, but it then restricts nothing: the database meant to be allowed (often the one whose name was mistyped) is treated as belonging to another zone.

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
        if !m.pairs[ds.pair].profile.zone_aware() || ds.logical.is_empty() {
            continue;
        }
        let Some(Value::List { items, .. }) = m.prop(ds.bean, "zoneDSSet").map(|p| &p.value) else { continue };
        for item in items {
            let Value::Text { text, loc } = item else { continue };
            let name = text.trim();
            if name.is_empty() || Model::deferred(name) || ds.logical.iter().any(|l| l.name == name) {
                continue;
            }
            let known: Vec<&str> = ds.logical.iter().map(|l| l.name.as_str()).collect();
            out.emit(&RULE, || {
                at(m, &RULE, loc, format!("`zoneDSSet` entry `{name}` is not a logical DB name of `{}`", ds.name))
                    .with_help(format!("list only logical DB names of `{}`: {}", ds.name, known.join(", ")))
            });
        }
    }
}
