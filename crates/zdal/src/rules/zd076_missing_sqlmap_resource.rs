//! ZD076 missing-sqlmap-resource: a `SqlMapClientFactoryBean` whose sqlmap config or sqlMap resources do not exist.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::{FileKind, Model};
use precheck_xml::beans::{Kind, Loc};
use crate::wiring;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD076",
    "missing-sqlmap-resource",
    Severity::Error,
    "a `SqlMapClientFactoryBean` whose sqlmap config or sqlMap resources do not exist",
    r#"## What it does
Follows the `configLocation` of each iBatis `SqlMapClientFactoryBean` in an application context that wires Zdal to its sqlmap config, and each `<sqlMap resource="…">` of that config to its file. A `classpath:` location is looked for under every folder of the repository. It reports a config that does not exist and a sqlMap resource that does not exist. Locations outside the classpath, patterns and `${…}` placeholders are not followed.

## Why
iBatis reads the config and every sqlMap when the factory bean is built: a missing resource stops the Spring context, and the application does not start.

## Example
```xml
<sqlMap resource="sqlmap/OrderDAO.xml" />   <!-- the file is sqlmap/OrderDao.xml -->
```

## Use instead
```xml
<sqlMap resource="sqlmap/OrderDao.xml" />
```
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for (b, bean) in m.beans.iter().enumerate() {
        if m.files[bean.file].kind != FileKind::Context || bean.is_abstract {
            continue;
        }
        let chain = wiring::chain(m, b);
        let kind = chain.iter().find_map(|&c| m.beans[c].class.as_ref().map(|(class, _)| Kind::of_class(class)));
        if kind != Some(Kind::SqlMapClientFactory) {
            continue;
        }
        let Some((location, loc)) = wiring::setting(m, &chain, "configLocation") else { continue };
        let Some(rel) = m.classpath_relative(&location) else { continue };
        let Some(path) = m.resolve_classpath(&location) else {
            if rel.to_ascii_lowercase().ends_with(".xml") {
                out.emit(&RULE, || {
                    at(
                        m,
                        &RULE,
                        &loc,
                        format!("sqlmap config `{location}` does not exist: the sqlMapClient cannot be built"),
                    )
                    .with_help("point `configLocation` at the sqlmap config, or add it")
                });
            }
            continue;
        };
        let Some(cfg) = m.files.iter().position(|f| *f.path == *path) else { continue };
        let Some(doc) = &m.files[cfg].doc else { continue };
        for e in &doc.elems {
            if e.local() != "sqlMap" {
                continue;
            }
            let Some(attr) = e.attr("resource") else { continue };
            let resource = attr.value.trim();
            let Some(rrel) = m.classpath_relative(resource) else { continue };
            if !rrel.to_ascii_lowercase().ends_with(".xml") || m.resolve_classpath(resource).is_some() {
                continue;
            }
            let at_loc = Loc { file: cfg, range: attr.value_range.clone() };
            out.emit(&RULE, || {
                at(
                    m,
                    &RULE,
                    &at_loc,
                    format!("sqlMap resource `{resource}` does not exist: the sqlMapClient cannot be built"),
                )
                .with_help("fix the `resource` path, or add the sqlMap file")
                .with_label(m.span(&loc), "sqlmap config used here")
            });
        }
    }
}
