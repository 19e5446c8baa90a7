//! JAR002 upper-bound-downgrade: the resolved version is lower than one requested elsewhere in the graph.

use precheck_core::{RuleMeta, Severity, Sink};

use super::{candidates, decided, highest, key, placed, range_allows, requested};
use crate::analysis::{Analysis, Module};
use crate::version::Version;

pub static RULE: RuleMeta = RuleMeta::new(
    "jar",
    "JAR002",
    "upper-bound-downgrade",
    Severity::Error,
    "a dependency resolves to a version lower than one requested elsewhere in the graph",
    "## What it does\nReports a dependency whose resolved version is lower than a version some path of the \
module's graph asks for (before dependencyManagement), as maven-enforcer's `requireUpperBoundDeps` does. Test and \
provided dependencies are left out unless `[jar] scopes` names them. A path that asks for a range \
the resolved version lies in is satisfied.\n\n## Why\nThe library that asked for the newer \
version was compiled against it: at runtime it meets the older one and fails with `NoSuchMethodError` or \
`NoClassDefFoundError`.\n\n## Example\n```xml\n<dependency><artifactId>json</artifactId><version>1.0</version>\
</dependency>\n<dependency><artifactId>client</artifactId></dependency>   <!-- needs json 2.0 -->\n```\n\n\
## Use instead\nRaise the direct or managed version to the highest one requested.\n",
)
.repo();

pub fn check(an: &Analysis<'_>, m: &Module, out: &mut Sink) {
    if !out.enabled(&RULE) {
        return;
    }
    for (k, &w) in &m.resolution.winners {
        let win = &m.resolution.nodes[w];
        if !an.settings.scopes.contains(&win.scope) || an.ignored(&k.group, &k.artifact) || win.version.is_empty() {
            continue;
        }
        let group: Vec<usize> = (0..m.resolution.nodes.len()).filter(|&i| m.resolution.nodes[i].key == *k).collect();
        // As requireUpperBoundDeps does, the version nearest to the module is the baseline: it is the winner
        // unless a range elsewhere overrode it, and then the declaration nearest to the module is the one
        // silently not honoured.
        let nearest = group.first().copied().unwrap_or(w);
        let resolved = Version::parse(&m.resolution.nodes[nearest].version);
        let higher: Vec<usize> = group
            .iter()
            .copied()
            .filter(|&i| {
                let n = &m.resolution.nodes[i];
                let r = requested(n);
                !r.is_empty() && Version::parse(r) > resolved && !range_allows(n, &m.resolution.nodes[nearest].version)
            })
            .collect();
        if higher.is_empty() {
            continue;
        }
        let top = highest(m, &higher).to_string();
        let asker = higher.iter().copied().find(|&i| requested(&m.resolution.nodes[i]) == top).unwrap_or(higher[0]);
        let by = m.resolution.nodes[asker].parent.map_or_else(
            || an.module_name(m),
            |p| format!("{}:{}", m.resolution.nodes[p].key.ga(), m.resolution.nodes[p].version),
        );
        let others: Vec<usize> = group.iter().copied().filter(|&i| i != w).collect();
        let why = decided(an, m, w, &others);
        let role = |i: usize| {
            if i == w {
                format!("wins: {}", m.resolution.path(i))
            } else if i == nearest {
                format!("declared as {}: {}", m.resolution.nodes[i].version, m.resolution.path(i))
            } else {
                format!("requires {}: {}", requested(&m.resolution.nodes[i]), m.resolution.path(i))
            }
        };
        let mut involved = vec![w, nearest];
        involved.dedup();
        involved.extend(higher.iter().copied());
        let message = if nearest == w {
            format!(
                "`{}` resolves to {} in `{}` by {why}, but `{by}` requires {top}; a highest-version resolver would pick {top}",
                k.ga(),
                win.version,
                an.module_name(m),
            )
        } else {
            let range = m.resolution.nodes[asker].range.clone().unwrap_or_else(|| top.clone());
            format!(
                "`{}` is declared as {} nearest to `{}`, but `{by}` requires {range}, so Maven resolves {}",
                k.ga(),
                m.resolution.nodes[nearest].version,
                an.module_name(m),
                win.version,
            )
        };
        let f = placed(an, m, &RULE, &candidates(m, &involved, &role), message)
            .with_help(format!("declare or manage `{}` at {top} or later", k.ga()))
            .with_fingerprint_key(&key(m, &k.ga()));
        out.push(f);
    }
}
