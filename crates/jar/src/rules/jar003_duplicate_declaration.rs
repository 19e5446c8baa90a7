//! JAR003 duplicate-declaration: one `g:a:type:classifier` declared twice in one dependency list of a POM.

use std::collections::BTreeMap;
use std::sync::Arc;

use precheck_core::{Finding, RuleMeta, Severity, Sink};

use crate::analysis::Analysis;
use crate::pom::RawDep;

pub static RULE: RuleMeta = RuleMeta::new(
    "jar",
    "JAR003",
    "duplicate-declaration",
    Severity::Error,
    "the same dependency is declared twice in one POM's `<dependencies>` or `<dependencyManagement>`",
    "## What it does\nReports a `groupId:artifactId:type:classifier` declared twice in the same \
`<dependencies>` or `<dependencyManagement>` list of a POM (or of one of its profiles), as maven-enforcer's \
`banDuplicatePomDependencyVersions` does. Different versions are an error, the same version a warning.\n\n## Why\n\
Maven only warns `'dependencies.dependency.(groupId:artifactId:type:classifier)' must be unique` and silently uses \
the **last** declaration: reordering the list changes what runs.\n\n## Example\n```xml\n<dependency><artifactId>json\
</artifactId><version>1.0</version></dependency>\n<dependency><artifactId>json</artifactId><version>2.0</version>\
</dependency>\n```\n\n## Use instead\nKeep one declaration with the version you mean.\n",
)
.repo();

fn list(an: &Analysis<'_>, path: &Arc<str>, what: &str, deps: &[RawDep], out: &mut Sink) {
    let mut seen: BTreeMap<(String, String, String, String), &RawDep> = BTreeMap::new();
    for d in deps {
        let k = (
            d.group.clone(),
            d.artifact.clone(),
            d.kind.clone().unwrap_or_else(|| "jar".into()),
            d.classifier.clone().unwrap_or_default(),
        );
        let Some(first) = seen.get(&k).copied() else {
            seen.insert(k, d);
            continue;
        };
        let v1 = first.version.as_ref().map_or("", |v| v.value.as_str());
        let v2 = d.version.as_ref().map_or("", |v| v.value.as_str());
        let ga = format!("{}:{}", d.group, d.artifact);
        let (Some(span), Some(first_span)) = (an.span(path, d.start, d.end), an.span(path, first.start, first.end))
        else {
            continue;
        };
        let (sev, detail) = if v1 == v2 {
            (Severity::Warning, format!("with the same version {}", if v1.is_empty() { "(managed)" } else { v1 }))
        } else {
            (
                Severity::Error,
                format!("with versions {} and {}; Maven uses the last one, {}", show(v1), show(v2), show(v2)),
            )
        };
        let f = Finding::new(&RULE, span, format!("`{ga}` is declared twice in `<{what}>` {detail}"))
            .with_severity(sev)
            .with_label(first_span, "first declared here")
            .with_help("remove one of the two declarations")
            .with_fingerprint_key(format!("{what}\0{ga}\0{}", k.2.as_str()).as_bytes());
        out.push(f);
        seen.insert(k, d);
    }
}

fn show(v: &str) -> &str {
    if v.is_empty() { "(managed)" } else { v }
}

pub fn check(an: &Analysis<'_>, out: &mut Sink) {
    if !out.enabled(&RULE) {
        return;
    }
    for (path, raw) in &an.poms {
        list(an, path, "dependencies", &raw.body.dependencies, out);
        list(an, path, "dependencyManagement", &raw.body.managed, out);
        for p in &raw.profiles {
            list(an, path, "dependencies", &p.body.dependencies, out);
            list(an, path, "dependencyManagement", &p.body.managed, out);
        }
    }
}
