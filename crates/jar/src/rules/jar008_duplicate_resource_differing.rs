//! JAR008 duplicate-resource-differing: a resource in two jars of one classpath with different bytes.

use precheck_core::{RuleMeta, Severity, Sink};

use super::{candidates, count, key, placed};
use crate::analysis::{Analysis, Module};
use crate::dups::Scan;

pub static RULE: RuleMeta = RuleMeta::new(
    "jar",
    "JAR008",
    "duplicate-resource-differing",
    Severity::Warning,
    "the same resource is in two jars of a module's classpath with different bytes",
    "## What it does\nReports a pair of jars on a module's classpath that both hold a resource (a file \
that is not a class) with different CRC-32 or size, as the duplicate-finder plugin does. Manifests, signatures, \
`META-INF/maven/**`, `META-INF/services/**` (ServiceLoader reads every copy), `META-INF/sisu/**`, licence, notice \
and readme files are never reported.\n\n## Why\n`getResource` returns the first copy on the classpath: one \
configuration file or schema silently shadows the other.\n\n## Example\n`lib-a.jar` and `lib-b.jar` both hold \
`config/defaults.properties` with different content.\n\n## Use instead\nRename the resource in the library you \
own, or exclude one of the artifacts.\n",
)
.repo();

pub fn check(an: &Analysis<'_>, m: &Module, scan: &Scan, out: &mut Sink) {
    if !out.enabled(&RULE) {
        return;
    }
    for ((a, b), p) in &scan.pairs {
        if p.resources_differing.is_empty() {
            continue;
        }
        let (na, nb) = (scan.jars[*a].0, scan.jars[*b].0);
        let (ja, jb) = (&scan.jars[*a].1, &scan.jars[*b].1);
        let message = format!(
            "{} between `{ja}` and `{jb}` on the classpath of `{}`, e.g. `{}`",
            count(p.resources_differing.len(), "resource differs", "resources differ"),
            an.module_name(m),
            p.resources_differing[0]
        );
        let role = |i: usize| format!("brings `{}` through {}", if i == na { ja } else { jb }, m.resolution.path(i));
        let mut pair = [m.resolution.nodes[na].key.ga(), m.resolution.nodes[nb].key.ga()];
        pair.sort();
        let f = placed(an, m, &RULE, &candidates(m, &[na, nb], &role), message)
            .with_help("rename the resource in the library you own, or exclude one of the two artifacts")
            .with_fingerprint_key(&key(m, &pair.join("\0")));
        out.push(f);
    }
}
