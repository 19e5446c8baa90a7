//! ZD003 missing-config-file: a `ZdalDataSource` whose ds and rule files are not in the repository.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::Model;
use crate::wiring;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD003",
    "missing-config-file",
    Severity::Error,
    "a `ZdalDataSource` whose ds and rule files are not in the repository",
    r#"## What it does
Follows each `ZdalDataSource` of an application context (its `parent=` beans resolved) to the files the loader builds from it: `{appName}-{dbmode}[-{zone}]-ds.xml` and `-rule.xml` in `configPath`. A `classpath:` path is looked for under every folder of the repository (`src/main/resources`, test resources, …); without a `configPath` the file name is looked for anywhere. It reports a data source for which neither file exists. A `configPath` outside the repository (an absolute or `file:` path) cannot be checked and gets an information note instead.

## Why
The loader reads whichever of the two files exist; with neither it stops with "There is no local Zdal configuration files for …" and the application does not start. A renamed app, a changed `dbmode` or `zone`, or a file left out of the commit all lead there.

## Example
```xml
<property name="appName" value="order" />
<property name="dbmode" value="test" />   <!-- only order-dev-ds.xml exists -->
```

## Use instead
Name the app, dbmode and zone of a configuration that exists, or add `order-test-ds.xml`.
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for zds in wiring::zdal_data_sources(m) {
        let (Some((app, app_loc)), Some((dbmode, _))) = (&zds.app_name, &zds.dbmode) else { continue };
        let zone = zds.zone.as_ref().map(|(z, _)| z.as_str()).filter(|z| !z.is_empty());
        let path = zds.config_path.as_ref().filter(|(p, _)| !p.is_empty());
        if app.is_empty()
            || dbmode.is_empty()
            || [app.as_str(), dbmode, zone.unwrap_or(""), path.map_or("", |(p, _)| p.as_str())]
                .iter()
                .any(|s| Model::deferred(s))
        {
            continue;
        }
        let stem = match zone {
            Some(z) => format!("{app}-{dbmode}-{z}"),
            None => format!("{app}-{dbmode}"),
        };
        let names = [format!("{stem}-ds.xml"), format!("{stem}-rule.xml")];
        // The folder the files must be in, relative to a classpath root; None: anywhere.
        let folder = match path {
            None => None,
            Some((p, loc)) => {
                let rel = p.strip_prefix("classpath*:").or_else(|| p.strip_prefix("classpath:"));
                match rel {
                    Some(r) => Some(r.trim_matches('/').to_string()),
                    None => {
                        let id = m.beans[zds.bean].id().unwrap_or("(inner bean)").to_string();
                        out.emit(&RULE, || {
                            at(m, &RULE, loc, format!("`configPath` `{p}` of `ZdalDataSource` `{id}` is outside the repository: `{stem}-ds.xml` cannot be checked"))
                                .with_severity(Severity::Info)
                                .with_help("use a `classpath:` location to have the configuration files checked")
                        });
                        continue;
                    }
                }
            }
        };
        let found = m.xml_paths.iter().any(|p| {
            names.iter().any(|n| {
                let want = match &folder {
                    Some(f) if !f.is_empty() => format!("{f}/{n}"),
                    _ => n.clone(),
                };
                p.as_ref() == want || p.ends_with(&format!("/{want}"))
            })
        });
        if found {
            continue;
        }
        let loc = path.map_or(app_loc, |(_, l)| l).clone();
        let place = match &folder {
            Some(f) if !f.is_empty() => format!(" in `classpath:{f}`"),
            _ => String::new(),
        };
        let id = m.beans[zds.bean].id().unwrap_or("(inner bean)").to_string();
        let bean_loc = m.beans[zds.bean].at().clone();
        // A setting inherited from a `parent=` bean: point at the data source too.
        let own = m.beans[zds.bean].props.iter().any(|p| p.value.loc() == &loc);
        out.emit(&RULE, || {
            let f = at(m, &RULE, &loc, format!("`ZdalDataSource` `{id}` needs `{stem}-ds.xml` or `{stem}-rule.xml`, but neither exists{place}: \"There is no local Zdal configuration files for {app}\""))
                .with_help("fix `appName`, `dbmode`, `zone` or `configPath`, or add the missing configuration file");
            if own {
                f
            } else {
                f.with_label(m.span(&bean_loc), "data source defined here")
            }
        });
    }
}
