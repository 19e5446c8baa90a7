//! ZD005 file-name-mismatch: `ZdalAppBean.appName` or `dbmode` that differ from the ds file name.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD005",
    "file-name-mismatch",
    Severity::Error,
    "`ZdalAppBean.appName` or `dbmode` that differ from the ds file name",
    r#"## What it does
The loader builds the file name `{appName}-{dbmode}[-{zone}]-ds.xml` and then compares the bean's `appName` and `dbmode` with what it asked for. Reports a `ZdalAppBean` whose `appName` or `dbmode` differ from the parts of its file name, or a ds file whose name the loader can never build (it does not end in `-ds.xml`).

## Why
Zdal refuses to start: "the configured appName is … are not match …" (the same for dbMode). The public loader compares both `appName` and `dbmode` with the requested values, the file's dbmode lower-cased (RUNTIME-SEMANTICS.md 1.2, 1.6); the zone-aware loader compares `dbmode` and `idcName` exactly but not `appName` (fact 4.3), so under `internal-ldc` only `dbmode` is checked here (ZD070 checks `idcName`).

## Example
```xml
<!-- order-dev-ds.xml -->
<property name="dbmode" value="test" />
```

## Use instead
Rename the file or fix the property so that both say the same.
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for pair in &m.pairs {
        let (Some(ds), Some(app)) = (pair.ds, pair.app) else { continue };
        let f = &m.files[ds];
        let Some(name) = &pair.name else {
            let loc = m.beans[app].at().clone();
            out.emit(&RULE, || {
                at(
                    m,
                    &RULE,
                    &loc,
                    format!(
                        "`{}` is a Zdal ds file, but the loader only reads files named `{{appName}}-{{dbmode}}-ds.xml`",
                        f.name()
                    ),
                )
                .with_help("rename the file after the app's `appName` and `dbmode`")
            });
            continue;
        };
        let dbmode = if pair.profile.zone_aware() {
            name.dbmode.clone()
        } else {
            match &name.zone {
                Some(z) => format!("{}-{z}", name.dbmode),
                None => name.dbmode.clone(),
            }
        };
        for (prop, want, what) in [("appName", name.app.clone(), "appName"), ("dbmode", dbmode, "dbMode")] {
            if prop == "appName" && pair.profile.zone_aware() {
                continue; // [Z] does not compare appName (RUNTIME-SEMANTICS.md 4.3).
            }
            let Some((value, loc)) = m.str_prop(app, prop) else { continue };
            let value = value.trim();
            if value.is_empty() || Model::deferred(value) || value == want {
                continue;
            }
            out.emit(&RULE, || {
                at(m, &RULE, loc, format!("`{prop}` is `{value}` but the file name says `{want}`: \"the configured {what} is {value} are not match\""))
                    .with_help(format!("set `{prop}` to `{want}`, or rename `{}`", f.name()))
            });
        }
    }
}
