//! JAR011 relocated: a dependency declared on coordinates whose POM relocates them.

use precheck_core::{RuleMeta, Severity, Sink};

use super::{candidates, key, placed};
use crate::analysis::{Analysis, Module};

pub static RULE: RuleMeta = RuleMeta::new(
    "jar",
    "JAR011",
    "relocated",
    Severity::Info,
    "a dependency is declared on coordinates that have been relocated",
    "## What it does\nReports a resolved dependency whose POM carries \
`<distributionManagement><relocation>`: Maven silently uses the new coordinates instead.\n\n## Why\nThe same \
library can then reach the classpath under two names — the old one through this path, the new one through \
another — and nothing mediates between them: duplicate classes.\n\n## Example\n`javax.activation:activation` \
relocated to `com.sun.activation:javax.activation`.\n\n## Use instead\nDepend on the new coordinates.\n",
)
.opt_in()
.repo();

pub fn check(an: &Analysis<'_>, m: &Module, out: &mut Sink) {
    if !out.enabled(&RULE) {
        return;
    }
    for (k, &w) in &m.resolution.winners {
        let n = &m.resolution.nodes[w];
        let Some(from) = &n.relocated_from else { continue };
        if !an.settings.scopes.contains(&n.scope) || an.ignored(&k.group, &k.artifact) {
            continue;
        }
        let role = |i: usize| format!("declared through {}", m.resolution.path(i));
        let message =
            format!("`{from}` is relocated to `{}:{}` on the classpath of `{}`", k.ga(), n.version, an.module_name(m));
        let f = placed(an, m, &RULE, &candidates(m, &[w], &role), message)
            .with_help(format!("depend on `{}` directly", k.ga()))
            .with_fingerprint_key(&key(m, from.rsplit_once(':').map_or(from.as_str(), |(ga, _)| ga)));
        out.push(f);
    }
}
