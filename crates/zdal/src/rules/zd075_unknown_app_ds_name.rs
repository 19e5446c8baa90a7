//! ZD075 unknown-app-ds-name: a `ZdalDataSource.appDsName` that its ds file does not define.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::Model;
use crate::wiring;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD075",
    "unknown-app-ds-name",
    Severity::Error,
    "a `ZdalDataSource.appDsName` that its ds file does not define",
    r#"## What it does
Follows each `ZdalDataSource` of an application context to the ds file the loader reads, `{appName}-{dbmode}[-{zone}]-ds.xml`, and reports an `appDsName` that is not the `appDataSourceName` of any AppDataSource listed by that file's `ZdalAppBean`. Data sources whose ds file is not in the repository are left to ZD003.

## Why
`getZdalConfiguration` finds no AppDataSource of that name and returns null: the data source fails to initialise and the application does not start.

## Example
```xml
<property name="appDsName" value="orderDs" />   <!-- the ds file defines `orderDataSource` -->
```

## Use instead
```xml
<property name="appDsName" value="orderDataSource" />
```
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for zds in wiring::zdal_data_sources(m) {
        let (Some((app, _)), Some((dbmode, _)), Some((want, loc))) = (&zds.app_name, &zds.dbmode, &zds.app_ds_name)
        else {
            continue;
        };
        let zone = zds.zone.as_ref().map(|(z, _)| z.as_str()).filter(|z| !z.is_empty());
        if [app.as_str(), dbmode, want, zone.unwrap_or("")].iter().any(|s| Model::deferred(s))
            || app.is_empty()
            || want.is_empty()
        {
            continue;
        }
        let pairs: Vec<usize> = (0..m.pairs.len())
            .filter(|&p| {
                m.pairs[p]
                    .name
                    .as_ref()
                    .is_some_and(|n| n.app == *app && n.dbmode == *dbmode && n.zone.as_deref() == zone)
            })
            .collect();
        let Some(&first) = pairs.first() else { continue };
        if m.app_ds.iter().chain(&m.non_jdbc).any(|ds| pairs.contains(&ds.pair) && ds.name == *want) {
            continue;
        }
        let names: Vec<&str> =
            m.app_ds.iter().filter(|ds| pairs.contains(&ds.pair)).map(|ds| ds.name.as_str()).collect();
        let Some(ds_file) = m.pairs[first].ds else { continue };
        let file = m.files[ds_file].name().to_string();
        let other = m.pairs[first]
            .app
            .map(|a| m.prop(a, "appDataSourceList").map_or(m.beans[a].at().clone(), |p| p.loc.clone()));
        let help = if names.is_empty() {
            format!("list an AppDataSource named `{want}` in `{file}`")
        } else {
            format!("use one of the AppDataSources of `{file}`: {}", names.join(", "))
        };
        out.emit(&RULE, || {
            let f = at(m, &RULE, loc, format!("`appDsName` `{want}` is not an `appDataSourceName` of `{file}`: the data source cannot be configured"))
                .with_help(help);
            match &other {
                Some(l) => f.with_label(m.span(l), "AppDataSources of the app listed here"),
                None => f,
            }
        });
    }
}
