//! JAR016 banned-dependency: a resolved dependency matches `[jar] bans`.

use precheck_core::{RuleMeta, Severity, Sink};

use super::{candidates, key, placed};
use crate::analysis::{Analysis, Module};

pub static RULE: RuleMeta = RuleMeta::new(
    "jar",
    "JAR016",
    "banned-dependency",
    Severity::Error,
    "a resolved dependency matches an entry of `[jar] bans`",
    "## What it does\nReports a dependency on a module's resolved graph (in the scopes of `[jar] scopes`) \
that matches an entry of `[jar] bans = [\"group:artifact[:version-range]\"]`, with the path that brings it in, as \
maven-enforcer's `bannedDependencies` does. `*` may be used in the group and the artifact; an entry without a range \
bans every version.\n\n## Why\nThe project banned the library for a reason: a known vulnerability, a licence, a \
replacement.\n\n## Example\n```toml\n[jar]\nbans = [\"log4j:log4j\", \"org.example:*:[1.0,2.0)\"]\n```\n\n\
## Use instead\nExclude it from the dependency that brings it in, or move to the replacement.\n",
)
.repo();

pub fn check(an: &Analysis<'_>, m: &Module, out: &mut Sink) {
    if !out.enabled(&RULE) || an.settings.bans.is_empty() {
        return;
    }
    for (k, &w) in &m.resolution.winners {
        let n = &m.resolution.nodes[w];
        if !an.settings.scopes.contains(&n.scope) || n.version.is_empty() {
            continue;
        }
        let Some(ban) = an.settings.bans.iter().find(|b| b.matches(&k.group, &k.artifact, &n.version)) else {
            continue;
        };
        let path = m.resolution.path(w);
        let role = |i: usize| format!("brought in by {}", m.resolution.path(i));
        let message = format!(
            "`{}:{}` is banned by `{}` but reaches `{}` through {path}",
            k.ga(),
            n.version,
            ban.text,
            an.module_name(m)
        );
        let f = placed(an, m, &RULE, &candidates(m, &[w], &role), message)
            .with_help(format!("exclude `{}` from the dependency that brings it in, or remove that dependency", k.ga()))
            .with_fingerprint_key(&key(m, &k.ga()));
        out.push(f);
    }
}
