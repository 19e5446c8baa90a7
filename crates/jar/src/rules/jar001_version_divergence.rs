//! JAR001 version-divergence: one `g:a` requested in more than one version in a module's graph.

use std::collections::BTreeMap;

use precheck_core::{RuleMeta, Severity, Sink};

use super::{candidates, decided, highest, key, placed, range_allows};
use crate::analysis::{Analysis, Module};
use crate::model::DepKey;

pub static RULE: RuleMeta = RuleMeta::new(
    "jar",
    "JAR001",
    "version-divergence",
    Severity::Warning,
    "a dependency is requested in more than one version in a module's dependency graph",
    "## What it does\nReports a `groupId:artifactId` that a module's collected dependency graph (before \
mediation) requests in more than one version, as maven-enforcer's `dependencyConvergence` does. Only the scopes of \
`[jar] scopes` are looked at (compile and runtime by default). The finding names the winning path, the losing paths, \
the rule that decided (nearest wins, first declaration, or dependencyManagement) and the version a highest-version \
resolver such as Gradle would have picked. A request by version range is honoured by any winner inside the \
range, whatever the range would pick alone, and does not count as another version.\n\n## Why\nOnly one version reaches the classpath; code compiled against \
the other may call methods that are not there.\n\n## Example\n```xml\n<dependency><artifactId>lib-a</artifactId>\
</dependency>   <!-- brings json 1.0 -->\n<dependency><artifactId>lib-b</artifactId></dependency>   <!-- brings json \
2.0 -->\n```\n\n## Use instead\nPin one version in `<dependencyManagement>` of the module or its parent, or exclude \
the unwanted one.\n",
)
.opt_in()
.repo();

pub fn check(an: &Analysis<'_>, m: &Module, out: &mut Sink) {
    if !out.enabled(&RULE) {
        return;
    }
    let mut groups: BTreeMap<&DepKey, Vec<usize>> = BTreeMap::new();
    for (i, n) in m.resolution.nodes.iter().enumerate() {
        if an.settings.scopes.contains(&n.scope) && !an.ignored(&n.key.group, &n.key.artifact) && !n.version.is_empty()
        {
            groups.entry(&n.key).or_default().push(i);
        }
    }
    for (k, mut list) in groups {
        // A request by range that the winner satisfies is honoured, whatever the range picked on its own.
        if let Some(&w) = m.resolution.winners.get(k) {
            let win = m.resolution.nodes[w].version.clone();
            list.retain(|&i| i == w || !range_allows(&m.resolution.nodes[i], &win));
        }
        let mut versions: Vec<&str> = list.iter().map(|&i| m.resolution.nodes[i].version.as_str()).collect();
        versions.sort_by(|a, b| crate::version::compare(a, b));
        versions.dedup();
        if versions.len() < 2 {
            continue;
        }
        let Some(&w) = m.resolution.winners.get(k) else { continue };
        let others: Vec<usize> = list.iter().copied().filter(|&i| i != w).collect();
        let win = &m.resolution.nodes[w];
        let why = decided(an, m, w, &others);
        let role = |i: usize| {
            if i == w { format!("wins: {}", m.resolution.path(i)) } else { format!("loses: {}", m.resolution.path(i)) }
        };
        let cands = candidates(m, &list, &role);
        let message = format!(
            "`{}` is requested as {} in `{}`: Maven picks {} by {why}; a highest-version resolver would pick {}",
            k.ga(),
            versions.join(", "),
            an.module_name(m),
            win.version,
            highest(m, &list)
        );
        let f = placed(an, m, &RULE, &cands, message)
            .with_help(format!("manage one version of `{}` in `<dependencyManagement>`, or exclude the others", k.ga()))
            .with_fingerprint_key(&key(m, &k.ga()));
        out.push(f);
    }
}
