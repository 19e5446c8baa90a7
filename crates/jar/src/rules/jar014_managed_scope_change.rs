//! JAR014 managed-scope-change: dependencyManagement changes a transitive dependency's scope.

use precheck_core::{RuleMeta, Severity, Sink};

use super::{candidates, key, placed};
use crate::analysis::{Analysis, Module};

pub static RULE: RuleMeta = RuleMeta::new(
    "jar",
    "JAR014",
    "managed-scope-change",
    Severity::Info,
    "dependencyManagement changes the scope of a transitive dependency",
    "## What it does\nReports a transitive dependency whose scope the module's `<dependencyManagement>` \
replaces (for instance `compile` → `test` or `provided`).\n\n## Why\nA library that needs the dependency at runtime \
no longer finds it in the package: `NoClassDefFoundError` in production, while tests pass.\n\n## Example\n```xml\n\
<dependencyManagement>...<artifactId>log</artifactId><scope>provided</scope>...</dependencyManagement>\n```\n\n\
## Use instead\nManage only the version, and exclude the dependency where it really must not be packaged.\n",
)
.opt_in()
.repo();

pub fn check(an: &Analysis<'_>, m: &Module, out: &mut Sink) {
    if !out.enabled(&RULE) {
        return;
    }
    for (k, &w) in &m.resolution.winners {
        let n = &m.resolution.nodes[w];
        let Some(before) = &n.premanaged_scope else { continue };
        if an.ignored(&k.group, &k.artifact) || *before == n.declared_scope {
            continue;
        }
        let role = |i: usize| format!("reached through {}", m.resolution.path(i));
        let message = format!(
            "the scope of `{}` is managed from {before} to {} in `{}`",
            k.ga(),
            n.declared_scope,
            an.module_name(m)
        );
        let f = placed(an, m, &RULE, &candidates(m, &[w], &role), message)
            .with_help(format!("manage only the version of `{}`, or exclude it where it must not be packaged", k.ga()))
            .with_fingerprint_key(&key(m, &k.ga()));
        out.push(f);
    }
}
