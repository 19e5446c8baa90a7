//! JAR015 duplicate-class-in-jar: one entry twice inside a single jar.

use precheck_core::{RuleMeta, Severity, Sink};

use super::{candidates, count, key, placed};
use crate::analysis::{Analysis, Module};
use crate::dups::Scan;

pub static RULE: RuleMeta = RuleMeta::new(
    "jar",
    "JAR015",
    "duplicate-class-in-jar",
    Severity::Warning,
    "the same entry is in one jar twice",
    "## What it does\nReports a jar on a module's classpath whose central directory lists the same entry \
name more than once (manifests, signatures and service files aside), as Elasticsearch's JarHell does.\n\n## Why\n\
Which copy a class loader or a tool reads is implementation-defined; such jars usually come from a broken shading or \
repackaging step.\n\n## Example\n`a/b/C.class` twice in `bundle-1.0.jar`.\n\n## Use instead\nRebuild the jar so \
each entry appears once.\n",
)
.repo();

pub fn check(an: &Analysis<'_>, m: &Module, scan: &Scan, out: &mut Sink) {
    if !out.enabled(&RULE) {
        return;
    }
    for (j, names) in &scan.in_jar {
        let (node, file) = (&scan.jars[*j].0, &scan.jars[*j].1);
        let n = &m.resolution.nodes[*node];
        let role = |i: usize| format!("on the classpath through {}", m.resolution.path(i));
        let message =
            format!("`{file}` holds {} more than once, e.g. `{}`", count(names.len(), "entry", "entries"), names[0]);
        let f = placed(an, m, &RULE, &candidates(m, &[*node], &role), message)
            .with_help(format!("rebuild `{}` so each entry appears once, or exclude it", n.key.ga()))
            .with_fingerprint_key(&key(m, &n.key.ga()));
        out.push(f);
    }
}
