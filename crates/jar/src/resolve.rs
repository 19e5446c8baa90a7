//! Dependency resolution of one reactor module, as Maven 3.8's classic resolver does it.
//!
//! The graph is collected breadth-first, which is the order in which the resolver's nearest-wins
//! selector meets candidates: per `g:a:type:classifier` the shallowest node wins and the first in
//! declaration order breaks ties; a loser is recorded (the enforcer rules read it) but its subtree is never
//! expanded. The module's dependencyManagement overrides version, scope and optional of transitive nodes and
//! adds exclusions; test and provided dependencies of dependencies are not transitive, nor are optional
//! ones; exclusions apply below the declaring node along that path only. Scopes are derived afterwards,
//! top-down, so a winner reached with several scopes takes the widest.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::rc::Rc;

use crate::model::{Builder, Dep, DepKey, Effective, Origin};
use crate::pom::Exclusion;
use crate::version::{Version, VersionSpec};

/// A node of the collected graph: a winner or a loser of mediation.
#[derive(Clone, Debug)]
pub struct Node {
    /// Shared among the nodes of every module that reach the same artifact (`Builder::key`).
    pub key: Rc<DepKey>,
    /// The version after management (what the verbose tree shows).
    pub version: String,
    /// The version the declaring POM asked for, when management replaced it.
    pub premanaged: Option<String>,
    /// The scope written (or managed) on the declaration.
    pub declared_scope: String,
    /// The scope after derivation and widening (meaningful for winners).
    pub scope: String,
    pub optional: bool,
    pub depth: usize,
    pub parent: Option<usize>,
    pub winner: bool,
    /// The direct dependency this node hangs under (its own index for a direct dependency).
    pub root: usize,
    /// For direct dependencies: the declaration in the module POM (or an inherited parent POM).
    pub origin: Option<Box<Origin>>,
    /// The root management entry that replaced the version or scope, if any.
    pub managed_by: Option<Box<Origin>>,
    /// The declared version was a range (resolved against the versions in the local repository).
    pub range: Option<String>,
    /// The scope the declaring POM wrote, when the module's management replaced it.
    pub premanaged_scope: Option<String>,
    /// `g:a:v` this node was declared as, when that POM relocates to the node's coordinates.
    pub relocated_from: Option<String>,
}

/// An artifact whose POM is missing or malformed: resolution went on without its dependencies.
#[derive(Clone, Debug)]
pub struct Missing {
    pub gav: String,
    pub why: String,
    pub node: usize,
}

/// Where collection stopped short of the whole graph, and why (JAR010 says so).
#[derive(Clone, Debug)]
pub struct Cut {
    /// The first node whose dependencies were not collected.
    pub node: usize,
    pub why: String,
}

/// The resolution of one module.
#[derive(Debug)]
pub struct Resolution {
    pub nodes: Vec<Node>,
    /// The winner of each key (keys are shared with the nodes, and among every module of the run).
    pub winners: BTreeMap<Rc<DepKey>, usize>,
    pub missing: Vec<Missing>,
    pub cut: Option<Cut>,
}

/// Deeper than this, a node's dependencies are not collected: real graphs are a few dozen levels deep, and
/// a chain of modules each depending on the next would otherwise cost modules × depth.
pub const MAX_GRAPH_DEPTH: usize = 64;
/// Nodes collected per module at most, so a pathological repository cannot exhaust memory.
pub const MAX_NODES: usize = 200_000;

/// Exclusions in force below a node: its own over its parent's, shared rather than copied down the path.
#[derive(Debug, Default)]
struct Exclusions {
    own: Vec<Exclusion>,
    parent: Option<Rc<Exclusions>>,
}

impl Exclusions {
    fn matches(&self, group: &str, artifact: &str) -> bool {
        let mut cur = Some(self);
        while let Some(e) = cur {
            if e.own.iter().any(|x| x.matches(group, artifact)) {
                return true;
            }
            cur = e.parent.as_deref();
        }
        false
    }

    fn below(parent: &Rc<Exclusions>, own: Vec<Exclusion>) -> Rc<Exclusions> {
        if own.is_empty() { Rc::clone(parent) } else { Rc::new(Exclusions { own, parent: Some(Rc::clone(parent)) }) }
    }
}

/// Maven's scope transitivity: the scope of `child` reached through a node of scope `parent`.
pub fn derive_scope(parent: &str, child: &str) -> Option<&'static str> {
    let child = match child {
        "compile" | "" => "compile",
        "runtime" => "runtime",
        _ => return None,
    };
    Some(match parent {
        "compile" => child,
        "runtime" => "runtime",
        "provided" | "system" => "provided",
        "test" => "test",
        _ => child,
    })
}

fn scope_rank(s: &str) -> u8 {
    match s {
        "compile" => 4,
        "runtime" => 3,
        "provided" | "system" => 2,
        "test" => 1,
        _ => 0,
    }
}

/// The resolution context: the module being resolved and how to reach other models.
pub struct Resolver<'b, 'a> {
    pub builder: &'b Builder<'a>,
    /// Reactor modules by `g:a:v`: intra-reactor dependencies resolve to the sibling's model.
    pub reactor: &'b HashMap<String, Rc<Effective>>,
}

impl Resolver<'_, '_> {
    fn model_of(&self, group: &str, artifact: &str, version: &str) -> Result<Rc<Effective>, String> {
        if let Some(m) = self.reactor.get(&format!("{group}:{artifact}:{version}")) {
            return Ok(Rc::clone(m));
        }
        self.builder.repo_model(group, artifact, version)
    }

    /// The highest version of the local repository inside `range`, as Maven resolves a range offline.
    /// The highest available version inside `range` and inside every range `extra` holds for the key (the
    /// other hard constraints of its conflict group).
    fn pick_in_range(&self, key: &DepKey, range: &VersionSpec, extra: &[VersionSpec]) -> Option<String> {
        let versions = self.builder.versions(&key.group, &key.artifact);
        versions
            .iter()
            .map(|v| Version::parse(v))
            .filter(|v| range.contains(v) && extra.iter().all(|r| r.contains(v)))
            .max()
            .map(|v| v.to_string())
    }

    /// Resolves `module`'s graph.
    ///
    /// Ranges are hard constraints of their conflict group: the winner must satisfy every range requested
    /// for its key, even when a nearer declaration asked for a version outside it (a direct dependency can
    /// lose). The ranges of a group are only known once the graph is collected, so collection is repeated
    /// with the ranges found so far until they no longer change (a few rounds at most).
    pub fn resolve(&self, module: &Effective) -> Resolution {
        let mut constraints: BTreeMap<DepKey, Vec<VersionSpec>> = BTreeMap::new();
        let mut seen: BTreeMap<DepKey, Vec<String>> = BTreeMap::new();
        for _ in 0..8 {
            let r = self.collect(module, &constraints);
            let mut found: BTreeMap<DepKey, Vec<String>> = BTreeMap::new();
            for n in &r.nodes {
                if let Some(range) = &n.range {
                    let list = found.entry((*n.key).clone()).or_default();
                    if !list.contains(range) {
                        list.push(range.clone());
                    }
                }
            }
            if found == seen {
                return r;
            }
            constraints = found
                .iter()
                .map(|(k, v)| (k.clone(), v.iter().filter_map(|s| VersionSpec::parse(s)).collect()))
                .collect();
            seen = found;
        }
        self.collect(module, &constraints)
    }

    fn collect(&self, module: &Effective, constraints: &BTreeMap<DepKey, Vec<VersionSpec>>) -> Resolution {
        let no_ranges: Vec<VersionSpec> = Vec::new();
        let ranges_of = |k: &DepKey| constraints.get(k).unwrap_or(&no_ranges);
        let managed: HashMap<&DepKey, &Dep> = module.managed.iter().rev().map(|d| (&d.key, d)).collect();
        let mut nodes: Vec<Node> = Vec::new();
        let mut excl: Vec<Rc<Exclusions>> = Vec::new();
        let mut queue: VecDeque<usize> = VecDeque::new();
        for d in &module.dependencies {
            if d.scope.as_deref() == Some("import") {
                continue;
            }
            let (version, range) = self.version_of(d, ranges_of(&d.key));
            let idx = nodes.len();
            let scope = d.scope.clone().unwrap_or_else(|| "compile".into());
            nodes.push(Node {
                key: self.builder.key(&d.key),
                version,
                premanaged: None,
                declared_scope: scope.clone(),
                scope,
                optional: d.optional,
                depth: 1,
                parent: None,
                winner: false,
                root: idx,
                origin: Some(Box::new(d.origin.clone())),
                managed_by: d.managed_by.clone().map(Box::new),
                range,
                premanaged_scope: None,
                relocated_from: None,
            });
            excl.push(Rc::new(Exclusions { own: d.exclusions.clone(), parent: None }));
            queue.push_back(idx);
        }
        let mut winners: BTreeMap<Rc<DepKey>, usize> = BTreeMap::new();
        let mut missing = Vec::new();
        let mut reported: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut cut: Option<Cut> = None;
        while let Some(idx) = queue.pop_front() {
            self.follow_relocation(&mut nodes[idx]);
            let key = nodes[idx].key.clone();
            // A version outside one of its group's ranges cannot win (when nothing can, the nearest is named
            // winner afterwards, unexpanded: Maven fails such a build).
            let acceptable = ranges_of(&key).iter().all(|r| r.contains(&Version::parse(&nodes[idx].version)));
            if winners.contains_key(&key) || !acceptable {
                continue; // A loser: recorded, never expanded.
            }
            winners.insert(key.clone(), idx);
            nodes[idx].winner = true;
            // An uninterpolated version is JAR010 already; looking it up would only repeat it.
            if nodes[idx].version.is_empty() || nodes[idx].version.contains("${") {
                continue;
            }
            let bound = if nodes.len() > MAX_NODES {
                Some(format!("has more than {MAX_NODES} nodes"))
            } else if nodes[idx].depth >= MAX_GRAPH_DEPTH {
                Some(format!("is deeper than {MAX_GRAPH_DEPTH} levels"))
            } else {
                None
            };
            let (g, a, v) = (key.group.clone(), key.artifact.clone(), nodes[idx].version.clone());
            let model = match self.model_of(&g, &a, &v) {
                Ok(m) => m,
                Err(why) => {
                    let gav = format!("{g}:{a}:{v}");
                    if reported.insert(gav.clone()) {
                        missing.push(Missing { gav, why, node: idx });
                    }
                    continue;
                }
            };
            if let Some(why) = bound {
                let transitive = |d: &Dep| {
                    !d.optional && !matches!(d.scope.as_deref(), Some("test" | "provided" | "system" | "import"))
                };
                if cut.is_none() && model.dependencies.iter().any(transitive) {
                    cut = Some(Cut { node: idx, why });
                }
                continue;
            }
            let depth = nodes[idx].depth;
            let root = nodes[idx].root;
            for d in &model.dependencies {
                let child_scope = d.scope.clone().unwrap_or_else(|| "compile".into());
                if matches!(child_scope.as_str(), "test" | "provided" | "system" | "import") || d.optional {
                    continue;
                }
                if excl[idx].matches(&d.key.group, &d.key.artifact) {
                    continue;
                }
                // A cycle back to an ancestor is cut (the ancestor already won its key).
                let mut version = d.version.clone().unwrap_or_default();
                let mut range = None;
                if let Ok(spec) = VersionSpec::parse(&version).ok_or(()) {
                    if spec.is_range() {
                        range = Some(version.clone());
                        version = self.pick_in_range(&d.key, &spec, ranges_of(&d.key)).unwrap_or_default();
                    }
                }
                let mut premanaged = None;
                let mut scope = child_scope;
                let mut optional = false;
                let mut exclusions = d.exclusions.clone();
                let mut managed_by = None;
                let mut premanaged_scope = None;
                if let Some(m) = managed.get(&d.key) {
                    let by = m.managed_by.clone().unwrap_or_else(|| m.origin.clone());
                    if let Some(mv) = &m.version {
                        if *mv != version {
                            premanaged = Some(version.clone());
                            version = mv.clone();
                            range = None;
                            managed_by = Some(by.clone());
                        }
                    }
                    if let Some(ms) = &m.scope {
                        if *ms != scope {
                            premanaged_scope = Some(scope.clone());
                            scope = ms.clone();
                            managed_by = Some(by.clone());
                        }
                    }
                    optional = m.optional;
                    exclusions.extend(m.exclusions.iter().cloned());
                }
                if optional {
                    continue;
                }
                // Management may make it test or provided: Maven keeps the node, in that scope.
                let child = Node {
                    key: self.builder.key(&d.key),
                    version,
                    premanaged,
                    declared_scope: scope.clone(),
                    scope,
                    optional: false,
                    depth: depth + 1,
                    parent: Some(idx),
                    winner: false,
                    root,
                    origin: None,
                    managed_by: managed_by.map(Box::new),
                    range,
                    premanaged_scope,
                    relocated_from: None,
                };
                nodes.push(child);
                excl.push(Exclusions::below(&excl[idx], exclusions));
                queue.push_back(nodes.len() - 1);
            }
        }
        for (i, n) in nodes.iter_mut().enumerate() {
            if !winners.contains_key(&n.key) {
                winners.insert(n.key.clone(), i);
                n.winner = true;
            }
        }
        // Scopes top-down: a direct dependency keeps its own; a transitive winner takes the widest scope
        // derived over every path that reached its key from a winning parent.
        let mut effective: Vec<Option<String>> = vec![None; nodes.len()];
        for i in 0..nodes.len() {
            if nodes[i].depth == 1 {
                effective[i] = Some(nodes[i].declared_scope.clone());
            }
        }
        let mut by_depth: Vec<usize> = (0..nodes.len()).collect();
        by_depth.sort_by_key(|&i| (nodes[i].depth, i));
        let mut best: HashMap<Rc<DepKey>, String> = HashMap::new();
        for &i in &by_depth {
            let Some(p) = nodes[i].parent else { continue };
            if !nodes[p].winner {
                continue;
            }
            let ps = effective[p].clone().unwrap_or_else(|| nodes[p].declared_scope.clone());
            let s = derive_scope(&ps, &nodes[i].declared_scope)
                .map(str::to_string)
                .unwrap_or_else(|| nodes[i].declared_scope.clone());
            effective[i] = Some(s.clone());
            let e = best.entry(Rc::clone(&nodes[i].key)).or_insert_with(|| s.clone());
            if scope_rank(&s) > scope_rank(e) {
                *e = s;
            }
        }
        for (key, &w) in &winners {
            if nodes[w].depth == 1 {
                nodes[w].scope = nodes[w].declared_scope.clone();
            } else if let Some(s) = best.get(key) {
                nodes[w].scope = s.clone();
            }
        }
        for i in 0..nodes.len() {
            if !nodes[i].winner {
                nodes[i].scope = effective[i].clone().unwrap_or_else(|| nodes[i].declared_scope.clone());
            }
        }
        // Every module's resolution is kept for the whole run: no growth slack (a third of the nodes' memory).
        nodes.shrink_to_fit();
        Resolution { nodes, winners, missing, cut }
    }

    /// Rewrites a node whose POM carries `<distributionManagement><relocation>` to the new coordinates, as
    /// the resolver does before mediation (chains are followed, a few hops at most).
    fn follow_relocation(&self, node: &mut Node) {
        for _ in 0..4 {
            if node.version.is_empty() || node.version.contains("${") {
                return;
            }
            let Ok(m) = self.model_of(&node.key.group, &node.key.artifact, &node.version) else { return };
            let Some((g, a, v)) = m.relocation.clone() else { return };
            if (g.as_str(), a.as_str(), v.as_str())
                == (node.key.group.as_str(), node.key.artifact.as_str(), node.version.as_str())
            {
                return;
            }
            if node.relocated_from.is_none() {
                node.relocated_from = Some(format!("{}:{}:{}", node.key.group, node.key.artifact, node.version));
            }
            node.key = self.builder.key(&DepKey { group: g, artifact: a, ..(*node.key).clone() });
            node.version = v;
        }
    }

    fn version_of(&self, d: &Dep, extra: &[VersionSpec]) -> (String, Option<String>) {
        let v = d.version.clone().unwrap_or_default();
        match VersionSpec::parse(&v) {
            Some(spec) if spec.is_range() => (self.pick_in_range(&d.key, &spec, extra).unwrap_or_default(), Some(v)),
            _ => (v, None),
        }
    }
}

/// The most hops a path in a message names.
pub const PATH_SHOWN: usize = 16;

impl Resolution {
    /// `module -> a:1.0 -> b:2.0` style path of a node; past [`PATH_SHOWN`] hops the middle is elided, so a
    /// message stays short however deep the node is.
    pub fn path(&self, idx: usize) -> String {
        let mut hops = Vec::new();
        let mut cur = Some(idx);
        while let Some(i) = cur {
            hops.push(i);
            cur = self.nodes[i].parent;
        }
        hops.reverse();
        let hop = |i: usize| format!("{}:{}", self.nodes[i].key.ga(), self.nodes[i].version);
        if hops.len() <= PATH_SHOWN {
            return hops.into_iter().map(hop).collect::<Vec<_>>().join(" -> ");
        }
        let half = PATH_SHOWN / 2;
        let mut shown: Vec<String> = hops[..half].iter().map(|&i| hop(i)).collect();
        shown.push(format!("… {} more …", hops.len() - 2 * half));
        shown.extend(hops[hops.len() - half..].iter().map(|&i| hop(i)));
        shown.join(" -> ")
    }

    /// The resolved winners whose scope is in `scopes`, in graph order.
    pub fn classpath<'r>(&'r self, scopes: &'r [String]) -> impl Iterator<Item = &'r Node> + 'r {
        let mut w: Vec<usize> = self.winners.values().copied().collect();
        w.sort_unstable();
        w.into_iter().map(|i| &self.nodes[i]).filter(move |n| scopes.contains(&n.scope))
    }
}
