//! ZD068 unknown-zone-error-mode: a zone-aware AppDataSource whose `zoneError` is missing or neither
//! `EXCEPTOIN` nor `LOG` (RUNTIME-SEMANTICS.md 4.9).

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD068",
    "unknown-zone-error-mode",
    Severity::Error,
    "a zone-aware AppDataSource whose `zoneError` is missing or neither `EXCEPTOIN` nor `LOG`",
    r#"## What it does
Reports an AppDataSource judged by the zone-aware loader (`internal-ldc` profile) that has no `zoneError`, or one that is not one of the two values the loader knows, case-insensitively: `EXCEPTOIN` (sic, the client's own spelling) and `LOG`. The correctly spelled `EXCEPTION` is one of the rejected values.

## Why
`zoneError` is mandatory in the zone-aware loader: `populateZdalConfig` converts it before anything else, and an absent value, `EXCEPTION` or any other value fails startup with "ERROR ## the zoneError = … is invalidate" (RUNTIME-SEMANTICS.md 4.9). The public loader has no such property (ZD008 reports it there).

## Example
```xml
<property name="zoneError" value="EXCEPTION" />
```

## Use instead
```xml
<property name="zoneError" value="EXCEPTOIN" />
```
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        if !ds.zone_aware {
            continue; // ZD008 reports the property itself under the oss profile.
        }
        let Some((value, loc)) = m.str_prop(ds.bean, "zoneError") else {
            let loc = m.beans[ds.bean].at().clone();
            out.emit(&RULE, || {
                at(m, &RULE, &loc, format!("`{}` has no `zoneError`, which the zone-aware loader requires: \"ERROR ## the zoneError = null is invalidate\"", ds.name))
                    .with_help("add `<property name=\"zoneError\" value=\"EXCEPTOIN\" />` (sic) to refuse other zones' data, or `LOG` to only log it")
            });
            continue;
        };
        let v = value.trim();
        if Model::deferred(v) || v.eq_ignore_ascii_case("EXCEPTOIN") || v.eq_ignore_ascii_case("LOG") {
            continue;
        }
        let (message, help) = if v.eq_ignore_ascii_case("EXCEPTION") {
            (
                format!(
                    "`zoneError` `{v}` of `{}` is not the loader's constant `EXCEPTOIN` (sic): \"ERROR ## the zoneError = {v} is invalidate\"",
                    ds.name
                ),
                "write `EXCEPTOIN` as the zone-aware client spells it",
            )
        } else {
            (
                format!("`zoneError` `{v}` of `{}` is neither `EXCEPTOIN` nor `LOG`: \"ERROR ## the zoneError = {v} is invalidate\"", ds.name),
                "set `zoneError` to `EXCEPTOIN` (sic) to refuse other zones' data, or `LOG` to only log it",
            )
        };
        out.emit(&RULE, || at(m, &RULE, loc, message).with_help(help));
    }
}
