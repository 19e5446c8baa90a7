//! JAR010 unresolved: a POM, parent, BOM, dependency or jar precheck cannot read, or a `${x}` left over.

use std::collections::HashMap;

use precheck_core::{Finding, RuleMeta, Severity, Sink, Span};

use super::{candidates, key, placed};
use crate::analysis::{Analysis, Module};
use crate::dups::Scan;

pub static RULE: RuleMeta = RuleMeta::new(
    "jar",
    "JAR010",
    "unresolved",
    Severity::Error,
    "a POM, parent, BOM, dependency or jar is missing, malformed or uses an undefined property",
    "## What it does\nReports what stops precheck (and Maven) from judging a module: a malformed POM, a \
parent or imported BOM missing from the local repository, a parent cycle, a `${property}` that nothing defines \
(errors); and a dependency whose POM or jar is malformed or not a readable zip archive (warnings: \
resolution goes on without it, so findings below it may be missing). Artifacts absent from the local repository (a \
fresh CI runner's empty `~/.m2`) are one warning per run, on the root POM, with a label per module naming what it \
misses. A BOM imported from a module of the same reactor is built from source, as the reactor build does. On degenerate input it also says where it \
stopped: a property expanding past 64 KiB or 4,096 substitutions (error, at the property), BOM imports nested past 32 \
levels (error), a dependency graph deeper than 64 levels or larger than 200,000 nodes (warning).\n\n## Why\nThe build fails, or precheck cannot \
see part of the classpath: silence would look like a clean result.\n\n## Example\n```xml\n<version>${json.version}\
</version>   <!-- json.version is defined nowhere -->\n```\n\n## Use instead\nDefine the property, install the \
artifact (`mvn install`), or fix the coordinates.\n",
)
.opt_in().repo();

pub fn check_model(an: &Analysis<'_>, out: &mut Sink) {
    if !out.enabled(&RULE) {
        return;
    }
    for b in &an.broken {
        let span = an.span(&b.path, b.offset, b.offset).unwrap_or_else(|| Span::file(b.path.clone()));
        let f = Finding::new(&RULE, span, format!("`{}` is not a valid POM: {}", b.path, b.why))
            .with_help("fix the XML; Maven cannot read this project")
            .with_fingerprint_key(b"malformed");
        out.push(f);
    }
    let by_path: HashMap<&str, &Module> = an.modules.iter().map(|m| (&*m.path, m)).collect();
    for (module, p) in &an.problems {
        let span = an.origin_span(&p.origin).or_else(|| by_path.get(&**module).map(|m| an.anchor(m)));
        let Some(span) = span else { continue };
        let mut f = Finding::new(&RULE, span, p.message.clone())
            .with_help(p.help.clone())
            .with_fingerprint_key(format!("{module}\0{}", p.message).as_bytes());
        if !p.fatal {
            f = f.with_severity(Severity::Warning);
        }
        out.push(f);
    }
    missing_summary(an, out);
    for m in &an.modules {
        for miss in m.resolution.missing.iter().filter(|miss| miss.why != ABSENT) {
            let role = |i: usize| format!("needed by {}", m.resolution.path(i));
            let message = format!(
                "the POM of `{}` is {} in the local repository; its dependencies are not checked",
                miss.gav, miss.why
            );
            let f = placed(an, m, &RULE, &candidates(m, &[miss.node], &role), message)
                .with_severity(Severity::Warning)
                .with_help("install the artifact (`mvn install` or `mvn dependency:go-offline`) or fix its coordinates")
                .with_fingerprint_key(&key(m, &miss.gav));
            out.push(f);
        }
        if let Some(cut) = &m.resolution.cut {
            let n = &m.resolution.nodes[cut.node];
            let role = |i: usize| format!("reached through {}", m.resolution.path(i));
            let message = format!(
                "the dependency graph of `{}` {}: the dependencies of `{}:{}` and below are not checked",
                an.module_name(m),
                cut.why,
                n.key.ga(),
                n.version
            );
            let f = placed(an, m, &RULE, &candidates(m, &[cut.node], &role), message)
                .with_severity(Severity::Warning)
                .with_help("a graph this deep or wide is not a build Maven finishes; look for a chain of modules")
                .with_fingerprint_key(&key(m, "graph-cut"));
            out.push(f);
        }
    }
}

/// What the resolver says of a POM the local repository does not have.
const ABSENT: &str = "missing";

/// One finding for every artifact absent from the local repository (a fresh CI runner's empty `~/.m2`, an
/// offline machine): on the root module, with a label per module naming what it misses. An incomplete local
/// repository is one fact about the machine, not a problem of each module and artifact.
fn missing_summary(an: &Analysis<'_>, out: &mut Sink) {
    let mut all: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    let mut per_module: Vec<(&Module, Vec<&str>)> = Vec::new();
    for m in &an.modules {
        let mut mine: Vec<&str> =
            m.resolution.missing.iter().filter(|x| x.why == ABSENT).map(|x| x.gav.as_str()).collect();
        if mine.is_empty() {
            continue;
        }
        mine.sort_unstable();
        mine.dedup();
        all.extend(mine.iter().copied());
        per_module.push((m, mine));
    }
    let Some(root) = an.modules.iter().min_by_key(|m| (m.path.matches('/').count(), m.path.clone())) else { return };
    if per_module.is_empty() {
        return;
    }
    let (artifacts, modules) = (all.len(), per_module.len());
    let names = || all.iter().map(|g| format!("`{g}`")).collect::<Vec<_>>().join(", ");
    let message = match artifacts {
        1 => format!("{} is missing from the local repository: the dependencies below it are not checked", names()),
        2 | 3 => {
            format!("{} are missing from the local repository: the dependencies below them are not checked", names())
        }
        n => format!("{n} artifacts are missing from the local repository: the dependencies below them are not checked"),
    };
    let message = match modules {
        1 => format!("{message} in one module"),
        n => format!("{message} in {n} modules"),
    };
    let mut f = Finding::new(&RULE, an.anchor(root), message)
        .with_severity(Severity::Warning)
        .with_help(
            "run `mvn dependency:go-offline` (or one build) so the local repository holds the project's artifacts, \
             or point `[jar] local-repository` at one that does",
        )
        .with_fingerprint_key(b"missing-artifacts");
    for (m, mine) in per_module {
        f = f.with_label(an.anchor(m), format!("`{}` misses {}", an.module_name(m), mine.join(", ")));
    }
    out.push(f);
}

pub fn check_scan(an: &Analysis<'_>, m: &Module, scan: &Scan, out: &mut Sink) {
    if !out.enabled(&RULE) {
        return;
    }
    for (node, why) in &scan.unreadable {
        let n = &m.resolution.nodes[*node];
        let role = |i: usize| format!("on the classpath through {}", m.resolution.path(i));
        let message =
            format!("the jar of `{}:{}`: {why}; its classes are not checked for duplicates", n.key.ga(), n.version);
        let f = placed(an, m, &RULE, &candidates(m, &[*node], &role), message)
            .with_severity(Severity::Warning)
            .with_help("install the artifact again (`mvn dependency:purge-local-repository`), or fix its coordinates")
            .with_fingerprint_key(&key(m, &format!("jar\0{}", n.key.ga())));
        out.push(f);
    }
}
