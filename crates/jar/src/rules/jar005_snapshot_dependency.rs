//! JAR005 snapshot-dependency: a SNAPSHOT among a module's resolved dependencies.

use precheck_core::{RuleMeta, Severity, Sink};

use super::{candidates, key, placed};
use crate::analysis::{Analysis, Module};

pub static RULE: RuleMeta = RuleMeta::new(
    "jar",
    "JAR005",
    "snapshot-dependency",
    Severity::Warning,
    "a SNAPSHOT version among a module's resolved dependencies",
    "## What it does\nReports a resolved dependency of a module whose version is a `-SNAPSHOT`, as \
maven-enforcer's `requireReleaseDeps` does; a SNAPSHOT that lost mediation is not reported, nor is a module of the \
same reactor. It is an error when pushing to a branch matching `[jar] release-branches`.\n\n## Why\nA SNAPSHOT \
changes under the same name: the artifact released today cannot be rebuilt tomorrow.\n\n## Example\n```xml\n\
<version>1.2-SNAPSHOT</version>\n```\n\n## Use instead\nDepend on a released version.\n",
)
.opt_in()
.repo();

pub fn check(an: &Analysis<'_>, m: &Module, out: &mut Sink) {
    if !out.enabled(&RULE) {
        return;
    }
    let release = an.pushed_ref.is_some_and(|r| {
        let b = r.strip_prefix("refs/heads/").unwrap_or(r);
        an.settings.release_branches.is_match(b)
    });
    for (k, &w) in &m.resolution.winners {
        let n = &m.resolution.nodes[w];
        if !n.version.ends_with("-SNAPSHOT") || !an.settings.scopes.contains(&n.scope) {
            continue;
        }
        let sibling = an.modules.iter().any(|o| {
            o.reactor == m.reactor
                && o.model.group == k.group
                && o.model.artifact == k.artifact
                && o.model.version == n.version
        });
        if sibling || an.ignored(&k.group, &k.artifact) {
            continue;
        }
        let role = |i: usize| format!("brought in by {}", m.resolution.path(i));
        let message = format!("`{}:{}` is a SNAPSHOT on the classpath of `{}`", k.ga(), n.version, an.module_name(m));
        let mut f = placed(an, m, &RULE, &candidates(m, &[w], &role), message)
            .with_help("depend on a released version")
            .with_fingerprint_key(&key(m, &k.ga()));
        if release {
            f = f.with_severity(Severity::Error);
        }
        out.push(f);
    }
}
