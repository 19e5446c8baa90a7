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
The loader reads whichever of the two files exist; with neither it stops with "There is no local Zdal configuration files for …" and the application does not start (RUNTIME-SEMANTICS.md 1.2, 1.3, 4.1). A renamed app, a changed `dbmode` or `zone`, or a file left out of the commit all lead there. Both loaders lower-case the requested dbmode, the zone-aware one the zone too (facts 1.2, 4.2). A data source without `zone` whose app has only zone-named files is not checked (info): the zone-aware loader then takes the zone from the `com.alipay.ldc.zone` system property, else `gz00a` (fact 4.2).

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
        // The loaders lower-case the requested dbmode and zone (RUNTIME-SEMANTICS.md 1.2, 4.2).
        let dbmode = dbmode.to_lowercase();
        let stem = match zone {
            Some(z) => format!("{app}-{dbmode}-{}", z.to_lowercase()),
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
        // No `zone` set, but zone-named files of the app exist: the zone-aware loader takes the zone from the
        // `com.alipay.ldc.zone` system property (else `gz00a`) at runtime (4.2), so which file it reads is
        // not in the repository: not checked.
        if zone.is_none() {
            let prefix = format!("{stem}-");
            let zoned = m.xml_paths.iter().find(|p| {
                let name = p.rsplit('/').next().unwrap_or(p);
                name.starts_with(&prefix) && (name.ends_with("-ds.xml") || name.ends_with("-rule.xml"))
            });
            if let Some(zoned) = zoned {
                let loc = path.map_or(app_loc, |(_, l)| l).clone();
                let id = m.beans[zds.bean].id().unwrap_or("(inner bean)").to_string();
                let zoned = zoned.to_string();
                out.emit(&RULE, || {
                    at(m, &RULE, &loc, format!("`ZdalDataSource` `{id}` sets no `zone`: the zone-aware loader reads `{stem}-<zone>-ds.xml` with the zone of the `com.alipay.ldc.zone` system property (else `gz00a`), which is not in the repository: not checked (`{zoned}` exists)"))
                        .with_severity(Severity::Info)
                        .with_help("set `zone` on the data source to have its configuration files checked")
                });
                continue;
            }
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
