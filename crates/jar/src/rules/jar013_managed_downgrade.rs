//! JAR013 managed-downgrade: dependencyManagement pins a version lower than one requested transitively.

use precheck_core::{RuleMeta, Severity, Sink};

use super::{candidates, key, placed};
use crate::analysis::{Analysis, Module};
use crate::version::Version;

pub static RULE: RuleMeta = RuleMeta::new(
    "jar",
    "JAR013",
    "managed-downgrade",
    Severity::Warning,
    "dependencyManagement (or a BOM) pins a version lower than one a dependency asks for",
    "## What it does\nReports a transitive dependency whose version the module's \
`<dependencyManagement>` (its own, a parent's, or an imported BOM's) replaces with a lower one.\n\n## Why\n\
Management silences `dependencyConvergence` — every path now shows the managed version — while the library that \
asked for the newer one still calls methods the older one lacks: `NoSuchMethodError` at runtime.\n\n## Example\n\
```xml\n<dependencyManagement>...<artifactId>json</artifactId><version>1.0</version>...</dependencyManagement>\n\
<!-- client needs json 2.0 -->\n```\n\n## Use instead\nRaise the managed version, or make sure the library \
works with the older one and say so in a comment.\n",
)
.repo();

pub fn check(an: &Analysis<'_>, m: &Module, out: &mut Sink) {
    if !out.enabled(&RULE) {
        return;
    }
    let mut done = std::collections::BTreeSet::new();
    for (i, n) in m.resolution.nodes.iter().enumerate() {
        let (Some(pre), Some(_)) = (&n.premanaged, &n.managed_by) else { continue };
        if !an.settings.scopes.contains(&n.scope) || an.ignored(&n.key.group, &n.key.artifact) {
            continue;
        }
        if Version::parse(&n.version) >= Version::parse(pre) || !done.insert(n.key.ga()) {
            continue;
        }
        let asker = n.parent.map_or_else(String::new, |p| {
            format!("`{}:{}`", m.resolution.nodes[p].key.ga(), m.resolution.nodes[p].version)
        });
        let role = |j: usize| format!("asks for {pre}: {}", m.resolution.path(j));
        let message = format!(
            "`{}` is managed down to {} in `{}` while {asker} asks for {pre}",
            n.key.ga(),
            n.version,
            an.module_name(m)
        );
        let f = placed(an, m, &RULE, &candidates(m, &[i], &role), message)
            .with_help(format!("manage `{}` at {pre} or later", n.key.ga()))
            .with_fingerprint_key(&key(m, &n.key.ga()));
        out.push(f);
    }
}
