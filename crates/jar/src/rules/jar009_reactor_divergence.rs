//! JAR009 reactor-divergence: one `g:a` resolved to different versions in modules of one reactor.

use std::collections::BTreeMap;

use precheck_core::{RuleMeta, Severity, Sink};

use super::{candidates, key, placed};
use crate::analysis::Analysis;
use crate::version::Version;

pub static RULE: RuleMeta = RuleMeta::new(
    "jar",
    "JAR009",
    "reactor-divergence",
    Severity::Warning,
    "one dependency resolves to different versions in modules of the same reactor",
    "## What it does\nReports a `groupId:artifactId` that the modules of one multi-module build resolve to \
different versions. Each module that resolves a version lower than the highest in the reactor gets a finding naming \
the module that resolves the highest.\n\n## Why\nModules of one reactor are usually deployed together: one of them \
runs against a version the others were not tested with, and shared code sees two behaviours.\n\n## Example\n\
`common` resolves json 1.0, `service` resolves json 2.0.\n\n## Use instead\nManage the version once in the parent's \
`<dependencyManagement>`.\n",
)
.repo();

/// `g:a` → every (module index, winner node index) that resolves it.
type ByArtifact = BTreeMap<String, Vec<(usize, usize)>>;

pub fn check(an: &Analysis<'_>, out: &mut Sink) {
    if !out.enabled(&RULE) {
        return;
    }
    // reactor -> g:a -> [(module index, winner index)]
    let mut by: BTreeMap<&str, ByArtifact> = BTreeMap::new();
    for (mi, m) in an.modules.iter().enumerate() {
        for (k, &w) in &m.resolution.winners {
            let n = &m.resolution.nodes[w];
            if an.settings.scopes.contains(&n.scope) && !n.version.is_empty() && !an.ignored(&k.group, &k.artifact) {
                by.entry(&m.reactor).or_default().entry(k.ga()).or_default().push((mi, w));
            }
        }
    }
    for arts in by.values() {
        for (ga, list) in arts {
            let version = |&(mi, w): &(usize, usize)| Version::parse(&an.modules[mi].resolution.nodes[w].version);
            let Some(top) = list.iter().max_by_key(|e| version(e)) else { continue };
            let top_v = version(top);
            let top_m = &an.modules[top.0];
            for e in list {
                if version(e) >= top_v {
                    continue;
                }
                let m = &an.modules[e.0];
                let n = &m.resolution.nodes[e.1];
                let role = |i: usize| format!("resolved through {}", m.resolution.path(i));
                let message = format!(
                    "`{ga}` resolves to {} in `{}` but to {top_v} in `{}` of the same reactor",
                    n.version,
                    an.module_name(m),
                    an.module_name(top_m)
                );
                let f = placed(an, m, &RULE, &candidates(m, &[e.1], &role), message)
                    .with_help(format!("manage `{ga}` once in the reactor's parent POM"))
                    .with_fingerprint_key(&key(m, ga));
                out.push(f);
            }
        }
    }
}
