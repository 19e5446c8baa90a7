//! ZD077 undecided-profile: the `auto` profile cannot tell which loader generation reads a ds/rule pair.

use precheck_core::{RuleMeta, Severity, Sink};

use super::at;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD077",
    "undecided-profile",
    Severity::Info,
    "the loader generation of a ds/rule pair cannot be decided from its files",
    r#"## What it does
Under `profile = "auto"`, each ds/rule pair is judged by the loader generation its files point to (RUNTIME-SEMANTICS.md, "Snapshots"): the public loader reads `{appName}-{dbmode}-ds.xml` and knows none of the zone-aware properties; the zone-aware loader reads `{appName}-{dbmode}-{idc}-ds.xml` and requires `zoneError` (fact 4.9). When the evidence conflicts (zone-aware properties in a file named the public way) or cannot be read (the appName is a `${…}` placeholder, so a name such as `my-app-dev-ds.xml` splits two ways), this rule says so once per pair, with the reason and the profile the pair is judged by all the same.

## Why
The two generations accept and reject different configurations (a `driverClass` property, `zoneError`, `RW`, how group members and logical names resolve), so the rules that depend on the generation may be judging the file by the wrong loader.

## Example
```xml
<!-- order-dev-ds.xml: a public-loader name, but a zone-aware property -->
<property name="zoneError" value="LOG" />
```

## Use instead
Name the file the way its loader looks for it (`order-dev-gz00-ds.xml` for the zone-aware one), or set `profile = "oss"` or `profile = "internal-ldc"` in `[zdal]`.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for pair in &m.pairs {
        let (Some(reason), Some(ds)) = (&pair.undecided, pair.ds) else { continue };
        let loc = pair.app.map_or_else(|| precheck_xml::beans::Loc { file: ds, range: 0..0 }, |a| m.beans[a].at().clone());
        out.emit(&RULE, || {
            at(
                m,
                &RULE,
                &loc,
                format!(
                    "the Zdal loader generation of `{}` cannot be decided: {reason}; judged by the `{}` profile",
                    m.files[ds].name(),
                    pair.profile.as_str()
                ),
            )
            .with_help("name the file as its loader expects, or set `profile` in `[zdal]` to `oss` or `internal-ldc`")
        });
    }
}
