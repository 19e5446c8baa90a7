//! ZD068 unknown-zone-error-mode: a `zoneError` that is neither `EXCEPTOIN` nor `LOG`.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD068",
    "unknown-zone-error-mode",
    Severity::Warning,
    "a `zoneError` that is neither `EXCEPTOIN` nor `LOG`",
    r#"## What it does
Reports a zone-aware AppDataSource whose `zoneError` is not one of the two values the zone-aware client knows: `EXCEPTOIN` (sic, the client's own spelling) and `LOG`. The correctly spelled `EXCEPTION` gets a note to verify against the Zdal version in use.

## Why
The client compares the value against its misspelled constant: any other value, `EXCEPTION` included in the builds that carry the typo, does not select the exception mode, so a request for another zone's data is not refused.

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
        if !m.pairs[ds.pair].profile.zone_aware() {
            continue; // ZD008 reports the property itself under the oss profile.
        }
        let Some((value, loc)) = m.str_prop(ds.bean, "zoneError") else { continue };
        let v = value.trim();
        if Model::deferred(v) || v == "EXCEPTOIN" || v == "LOG" {
            continue;
        }
        let (message, help) = if v.eq_ignore_ascii_case("EXCEPTION") {
            (
                format!(
                    "`zoneError` `{v}` of `{}` is not the client's constant `EXCEPTOIN` (sic): verify against your Zdal version",
                    ds.name
                ),
                "write `EXCEPTOIN` as the zone-aware client spells it, unless your Zdal version fixed the spelling",
            )
        } else {
            (
                format!("`zoneError` `{v}` of `{}` is neither `EXCEPTOIN` nor `LOG`", ds.name),
                "set `zoneError` to `EXCEPTOIN` (sic) to refuse other zones' data, or `LOG` to only log it",
            )
        };
        out.emit(&RULE, || at(m, &RULE, loc, message).with_help(help));
    }
}
