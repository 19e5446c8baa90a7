//! ZD070 zone-mismatch: a `ZdalAppBean.idcName` that differs from the zone in its file name.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD070",
    "zone-mismatch",
    Severity::Error,
    "a `ZdalAppBean.idcName` that differs from the zone in its file name",
    r#"## What it does
Reports a zone-aware ds file `{appName}-{dbmode}-{zone}-ds.xml` whose `ZdalAppBean` declares an `idcName` other than `{zone}`.

## Why
The zone-aware loader builds the file name from `ZdalDataSource.zone`, which must equal the `idcName` inside the file. A file copied from another zone without updating `idcName` loads under one zone's name and routes with another zone's identity: the wrong zone configuration is used (the zone analogue of ZD005).

## Example
```xml
<!-- order-dev-gz01-ds.xml -->
<property name="idcName" value="gz00" />
```

## Use instead
```xml
<property name="idcName" value="gz01" />
```
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for pair in &m.pairs {
        let (Some(ds), Some(app), Some(name)) = (pair.ds, pair.app, &pair.name) else { continue };
        if !pair.profile.zone_aware() {
            continue;
        }
        let Some(zone) = &name.zone else { continue };
        let Some((value, loc)) = m.str_prop(app, "idcName") else { continue };
        let v = value.trim();
        if v.is_empty() || Model::deferred(v) || Model::deferred(zone) || v == zone {
            continue;
        }
        let file = m.files[ds].name().to_string();
        out.emit(&RULE, || {
            at(m, &RULE, loc, format!("`idcName` is `{v}` but the file name `{file}` says zone `{zone}`"))
                .with_help(format!("set `idcName` to `{zone}`, or rename the file after zone `{v}`"))
        });
    }
}
