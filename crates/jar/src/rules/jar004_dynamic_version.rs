//! JAR004 dynamic-version: a version range, `LATEST` or `RELEASE` in a POM of the revision.

use std::sync::Arc;

use precheck_core::{Finding, RuleMeta, Severity, Sink};

use crate::analysis::Analysis;
use crate::pom::RawDep;
use crate::version::VersionSpec;

pub static RULE: RuleMeta = RuleMeta::new(
    "jar",
    "JAR004",
    "dynamic-version",
    Severity::Warning,
    "a dependency version is a range, `LATEST` or `RELEASE`",
    "## What it does\nReports a `<version>` in a POM's `<dependencies>` or `<dependencyManagement>` that is \
a version range (`[1.0,2.0)`, `[1.0,)`) or the `LATEST` / `RELEASE` keywords, as maven-enforcer's \
`banDynamicVersions` does.\n\n## Why\nThe version that is built depends on what the repositories hold on the day of \
the build: two builds of the same commit can ship different libraries. A range is also a hard constraint that can \
override a nearer declaration.\n\n## Example\n```xml\n<version>[1.0,)</version>\n```\n\n## Use instead\nWrite one \
version, and raise it deliberately.\n",
)
.repo();

fn list(an: &Analysis<'_>, path: &Arc<str>, deps: &[RawDep], out: &mut Sink) {
    for d in deps {
        let Some(v) = &d.version else { continue };
        let value = v.value.trim();
        let kind = match value {
            "LATEST" | "RELEASE" => format!("the `{value}` keyword"),
            _ => match VersionSpec::parse(value) {
                Some(s) if s.is_open() => format!("the open range `{value}`"),
                Some(s) if s.is_range() => format!("the range `{value}`"),
                _ => continue,
            },
        };
        let Some(span) = an.span(path, v.start, v.end) else { continue };
        let ga = format!("{}:{}", d.group, d.artifact);
        let f =
            Finding::new(&RULE, span, format!("`{ga}` is declared with {kind}: the build takes whatever is newest"))
                .with_help("write one fixed version")
                .with_fingerprint_key(ga.as_bytes());
        out.push(f);
    }
}

pub fn check(an: &Analysis<'_>, out: &mut Sink) {
    if !out.enabled(&RULE) {
        return;
    }
    for (path, raw) in &an.poms {
        list(an, path, &raw.body.dependencies, out);
        list(an, path, &raw.body.managed, out);
        for p in &raw.profiles {
            list(an, path, &p.body.dependencies, out);
            list(an, path, &p.body.managed, out);
        }
    }
}
