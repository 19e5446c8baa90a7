//! The `JAR` rules, one per file, and what they share: how a version finding explains itself.

use std::collections::{BTreeSet, HashMap};

use precheck_core::{Finding, RuleMeta, Sink, Span};

use crate::analysis::{Analysis, Module};
use crate::dups::{Jars, Scan};
use crate::model::Origin;
use crate::resolve::Node;
use crate::version::Version;

/// How a rule runs over the analysis.
pub enum Run {
    /// Once over the whole analysis.
    Model(fn(&Analysis<'_>, &mut Sink<'_>)),
    /// Once per module.
    Module(fn(&Analysis<'_>, &Module, &mut Sink<'_>)),
    /// Once per module, over the classes and resources of its jars (read only when such a rule is on).
    Scan(fn(&Analysis<'_>, &Module, &Scan, &mut Sink<'_>)),
    /// Once over the whole analysis, and once per module over its jars.
    ModelAndScan(fn(&Analysis<'_>, &mut Sink<'_>), fn(&Analysis<'_>, &Module, &Scan, &mut Sink<'_>)),
}

precheck_core::declare_rules! {
    /// How each rule runs, in code order.
    pub static DISPATCH: [Run];
    jar001_version_divergence => Module(check),
    jar002_upper_bound_downgrade => Module(check),
    jar003_duplicate_declaration => Model(check),
    jar004_dynamic_version => Model(check),
    jar005_snapshot_dependency => Module(check),
    jar006_duplicate_class_differing => Scan(check),
    jar007_duplicate_class_identical => Scan(check),
    jar008_duplicate_resource_differing => Scan(check),
    jar009_reactor_divergence => Model(check),
    jar010_unresolved => ModelAndScan(check_model, check_scan),
    jar011_relocated => Module(check),
    jar012_active_by_default_lost => Model(check),
    jar013_managed_downgrade => Module(check),
    jar014_managed_scope_change => Module(check),
    jar015_duplicate_class_in_jar => Scan(check),
    jar016_banned_dependency => Module(check),
}

/// Runs every enabled rule over the analysis: the whole-analysis rules, then the module rules module by
/// module, then, when one of them is on, the jar-scan rules module by module.
pub fn check_all(an: &Analysis<'_>, out: &mut Sink) {
    for (_, run) in DISPATCH {
        if let Run::Model(check) | Run::ModelAndScan(check, _) = run {
            check(an, out);
        }
    }
    for m in &an.modules {
        for (_, run) in DISPATCH {
            if let Run::Module(check) = run {
                check(an, m, out);
            }
        }
    }
    let scans = |run: &Run| matches!(run, Run::Scan(_) | Run::ModelAndScan(..));
    if DISPATCH.iter().any(|(rule, run)| scans(run) && out.enabled(rule)) {
        let jars = Jars::default();
        // The modules of each reactor, once (not once per module: 10,000 modules made that 10^8 strings).
        let mut by_reactor: HashMap<&str, BTreeSet<String>> = HashMap::new();
        for o in &an.modules {
            by_reactor.entry(&o.reactor).or_default().insert(format!("{}:{}", o.model.group, o.model.artifact));
        }
        let none = BTreeSet::new();
        for m in &an.modules {
            let siblings = by_reactor.get(&*m.reactor).unwrap_or(&none);
            let scan = jars.scan(an, m, siblings);
            for (_, run) in DISPATCH {
                if let Run::Scan(check) | Run::ModelAndScan(_, check) = run {
                    check(an, m, &scan, out);
                }
            }
        }
    }
}

/// The stable identity of a module-level finding: module, artifact(s), rule (jar.md §4). Lines and versions
/// stay out of it, so a conflict that existed at the merge base is not new because its paths moved.
pub fn key(m: &Module, what: &str) -> Vec<u8> {
    format!("{}\0{}", m.path, what).into_bytes()
}

/// The direct declaration a node hangs under, and the management entry that changed it.
pub fn candidates(m: &Module, nodes: &[usize], role: &dyn Fn(usize) -> String) -> Vec<(Origin, String)> {
    let mut out = Vec::new();
    for &i in nodes {
        let n = &m.resolution.nodes[i];
        let root = &m.resolution.nodes[n.root];
        if let Some(o) = &root.origin {
            out.push(((**o).clone(), role(i)));
        }
        if let Some(o) = &n.managed_by {
            out.push(((**o).clone(), format!("`{}` is managed here", n.key.ga())));
        }
    }
    out
}

/// Builds a finding at the place the change touched, labelled with every path involved.
pub fn placed(
    an: &Analysis<'_>,
    m: &Module,
    rule: &'static RuleMeta,
    candidates: &[(Origin, String)],
    message: String,
) -> Finding {
    let (primary, labels): (Span, Vec<(Span, String)>) = an.place(m, candidates);
    let mut f = Finding::new(rule, primary, message);
    for (s, msg) in labels {
        f = f.with_label(s, msg);
    }
    // Paths whose declaration is outside the revision (a parent in the local repository) still explain.
    let shown: BTreeSet<&str> = f.labels.iter().map(|l| l.message.as_str()).collect();
    let extra: Vec<String> = candidates
        .iter()
        .filter(|(o, _)| !o.in_source)
        .map(|(_, w)| w.clone())
        .filter(|w| !shown.contains(w.as_str()))
        .collect();
    let anchor = an.anchor(m);
    for w in extra {
        f = f.with_label(anchor.clone(), w);
    }
    f
}

/// The version a node asked for before management.
pub fn requested(n: &Node) -> &str {
    n.premanaged.as_deref().unwrap_or(&n.version)
}

/// Whether `n` was declared with a version range that `version` satisfies: a range is the constraint the
/// declaration asks for, and any version inside it honours the request (Maven's mediation does not compare
/// the range's own pick).
pub fn range_allows(n: &Node, version: &str) -> bool {
    n.range
        .as_deref()
        .and_then(crate::version::VersionSpec::parse)
        .is_some_and(|r| r.contains(&Version::parse(version)))
}

/// Why the winner won against the other requests of its key: managed, nearest or first declaration.
pub fn decided(an: &Analysis<'_>, m: &Module, winner: usize, others: &[usize]) -> String {
    let w = &m.resolution.nodes[winner];
    if let Some(o) = &w.managed_by {
        let line =
            an.origin_span(o).map(|s| format!("{}:{}", s.path, s.start.line)).unwrap_or_else(|| o.path.to_string());
        return format!("dependencyManagement at `{line}`");
    }
    let min_other = others.iter().map(|&i| m.resolution.nodes[i].depth).min().unwrap_or(w.depth);
    if let Some(range) = &w.range {
        if min_other < w.depth || others.iter().any(|&i| i < winner && m.resolution.nodes[i].depth == w.depth) {
            return format!("the range `{range}` (a range is a hard constraint and beats nearer versions)");
        }
    }
    if min_other == w.depth {
        format!("first declaration (both at depth {})", w.depth)
    } else {
        format!("nearest wins (depth {} < {min_other})", w.depth)
    }
}

/// What a highest-version resolver (Gradle) would pick among the requests.
pub fn highest<'n>(m: &'n Module, nodes: &[usize]) -> &'n str {
    nodes
        .iter()
        .map(|&i| requested(&m.resolution.nodes[i]))
        .max_by(|a, b| Version::parse(a).cmp(&Version::parse(b)))
        .unwrap_or("")
}

/// `1 class`, `3 classes`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
