//! The library API: resolve revisions, run merges through the engine, and
//! assemble [`MergeResult`]s.

use std::collections::HashMap;

use precheck_git::{GitError, Repo};

use crate::engine::{Engine, Job, Options, Outcome};
use crate::model::{EngineKind, Matrix, MergeResult, Prediction, Verdict};

/// A repository with more objects than this in its packs is "large" for `CF006`: about 5,000 commits, each of
/// which adds at least a tree and a blob besides itself.
pub const LARGE_HISTORY: u64 = 15_000;

/// A revision as the user named it and the commit it resolves to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Rev {
    pub name: String,
    pub id: String,
}

/// Runs merges for one run: the probed engine plus per-run caches.
pub struct Predictor<'r> {
    engine: Engine<'r>,
}

impl std::fmt::Debug for Predictor<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Predictor").field("git", &self.engine.git).finish()
    }
}

impl<'r> Predictor<'r> {
    /// Probes the git named in `options` (once per process and program).
    pub fn new(repo: &'r Repo, options: Options) -> Predictor<'r> {
        Predictor { engine: Engine::new(repo, options) }
    }

    /// Tells `observe` of each merge git makes clean as soon as git reports it (from the threads that read
    /// git's output, while the other merges run), when the options keep the merged trees: a caller checking
    /// the merged trees starts on one while git makes the next. Merges on a given base are not told.
    pub fn on_clean(mut self, observe: impl Fn(crate::engine::CleanMerge<'_>) + Send + Sync + 'r) -> Predictor<'r> {
        self.engine.observer = Some(Box::new(observe));
        self
    }

    pub fn repo(&self) -> &'r Repo {
        self.engine.repo
    }

    /// The temporary object directories holding the merged trees, kept until the predictor is dropped when
    /// its options say `keep_trees`.
    pub fn object_dirs(&self) -> Vec<std::path::PathBuf> {
        self.engine.kept_dirs()
    }

    /// Deletes the kept merged trees' objects now rather than when the predictor is dropped: a caller done
    /// reading the merged trees frees them while it does something else. The merges' tree ids stay in their
    /// results; reading them fails from now on.
    pub fn release_trees(&self) {
        self.engine.release();
    }

    /// The probed git's version, `None` when no git could be run.
    pub fn git_version(&self) -> Option<String> {
        self.engine.git_version()
    }

    /// The engine merges without an explicit base go to.
    pub fn engine_kind(&self) -> EngineKind {
        self.engine.kind_for(&Job { ours: String::new(), theirs: String::new(), base: None })
    }

    /// Resolves a revision to a commit; an unknown revision is an error (exit 2 in the binary).
    pub fn resolve(&self, rev: &str) -> Result<Rev, GitError> {
        Ok(Rev { name: rev.to_string(), id: self.engine.repo.resolve(rev)? })
    }

    /// Merges each `(target, source)` pair, all of them in git's batches (identical commit pairs once).
    pub fn merge(&self, pairs: &[(Rev, Rev)]) -> Vec<MergeResult> {
        self.merge_on(pairs, None)
    }

    /// Merges each `(target, source)` pair with `base` as their merge base instead of the one their histories
    /// give ("this branch against the target as of `base`": `git merge-tree --merge-base`, git ≥ 2.40, else
    /// git2).
    pub fn merge_on_base(&self, pairs: &[(Rev, Rev)], base: &Rev) -> Vec<MergeResult> {
        self.merge_on(pairs, Some(base))
    }

    fn merge_on(&self, pairs: &[(Rev, Rev)], base: Option<&Rev>) -> Vec<MergeResult> {
        let mut unique: Vec<Job> = Vec::new();
        let mut index_of: HashMap<(String, String), usize> = HashMap::new();
        let slots: Vec<usize> = pairs
            .iter()
            .map(|(t, s)| {
                *index_of.entry((t.id.clone(), s.id.clone())).or_insert_with(|| {
                    unique.push(Job { ours: t.id.clone(), theirs: s.id.clone(), base: base.map(|b| b.id.clone()) });
                    unique.len() - 1
                })
            })
            .collect();
        let repo = self.engine.repo;
        // Every pair goes to git: a pre-filter of changed paths (walked in-process, without the
        // commit-graph) saved nothing measurable on real histories against git's own batch (benches/README).
        let outcomes = self.engine.run(&unique);
        let facts: Vec<PairFacts> = if base.is_some() {
            // One merge base, the given one: nothing to count.
            outcomes.iter().map(|_| PairFacts { bases: Some(1), ..PairFacts::default() }).collect()
        } else {
            self.after_merge(&unique, &outcomes)
        };
        let shallow = repo.common_dir().join("shallow").is_file();
        let git_version = self.engine.git_version();
        let default_engine = self.engine_kind();
        pairs
            .iter()
            .zip(slots)
            .map(|((target, source), slot)| {
                let facts = facts.get(slot).cloned().unwrap_or_default();
                let o = outcomes.get(slot).cloned().unwrap_or_else(|| {
                    Outcome::failed(default_engine, "the engine gave no answer for this merge".to_string())
                });
                let mut result = MergeResult {
                    source: source.name.clone(),
                    target: target.name.clone(),
                    source_id: source.id.clone(),
                    target_id: target.id.clone(),
                    verdict: o.verdict,
                    engine: o.engine,
                    git_version: git_version.clone(),
                    conflicts: o.conflicts,
                    auto_merged: o.auto_merged,
                    conflicted_paths: o.conflicted_paths,
                    merge_bases: facts.bases,
                    tree: o.tree,
                    semantic: Vec::new(),
                };
                name_sides(&mut result);
                if let Verdict::Failed(why) = &mut result.verdict {
                    if shallow || facts.missing_history {
                        why.push_str(
                            "; the clone is shallow and the merge base may be missing: fetch more history \
                             (`git fetch --deepen=<n>` or `git fetch --unshallow`)",
                        );
                    }
                }
                result
            })
            .collect()
    }
}

/// git names a side by the revision it was given: commit ids here, so paths such as `fd~<id>` (a file moved
/// out of a directory's way) and messages get the names the user gave, as `git merge-tree <names>` prints.
fn name_sides(m: &mut MergeResult) {
    let pairs = [(m.target_id.clone(), m.target.clone()), (m.source_id.clone(), m.source.clone())];
    let fix = |s: &mut String| {
        for (id, name) in &pairs {
            if !id.is_empty() && s.contains(id.as_str()) {
                *s = s.replace(id.as_str(), name);
            }
        }
    };
    for c in &mut m.conflicts {
        fix(&mut c.path);
        fix(&mut c.message);
        c.other_paths.iter_mut().for_each(&fix);
    }
    m.conflicted_paths.iter_mut().for_each(&fix);
    m.auto_merged.iter_mut().for_each(&fix);
    if let Verdict::Failed(why) = &mut m.verdict {
        fix(why);
    }
    m.conflicts.sort_by(|a, b| a.path.cmp(&b.path));
    m.conflicted_paths.sort();
}

impl Predictor<'_> {
    /// What only merges that did not go clean need, asked of git after they ran (no history is walked on
    /// the path of a clean merge): the merge-base count of a conflicted merge (a criss-cross note, when
    /// `count_merge_bases`), and for one that failed, whether history is missing (the shallow-clone hint).
    fn after_merge(&self, jobs: &[Job], outcomes: &[Outcome]) -> Vec<PairFacts> {
        let wanted = |o: &Outcome| match o.verdict {
            Verdict::Clean => false,
            Verdict::Conflicted => self.engine.options.count_merge_bases,
            Verdict::Failed(_) => true,
        };
        let asked: Vec<&Job> = jobs.iter().zip(outcomes).filter(|(_, o)| wanted(o)).map(|(j, _)| j).collect();
        let mut answers = self.engine.merge_bases(&asked).into_iter();
        outcomes
            .iter()
            .map(|o| {
                if !wanted(o) {
                    return PairFacts::default();
                }
                match answers.next().flatten() {
                    Some(n) => PairFacts { bases: Some(n), ..PairFacts::default() },
                    None => PairFacts { missing_history: true, ..PairFacts::default() },
                }
            })
            .collect()
    }
}

/// What is known about a pair before merging it.
#[derive(Clone, Debug, Default)]
struct PairFacts {
    bases: Option<usize>,
    /// Walking the history hit a missing object (shallow or partial clone).
    missing_history: bool,
}

/// `precheck conflicts --into TARGET SOURCE..`: each source merged into the target.
pub fn predict(repo: &Repo, options: Options, target: &str, sources: &[String]) -> Result<Prediction, GitError> {
    Predictor::new(repo, options).predict(target, sources)
}

/// `precheck conflicts --into TARGET --merge-base BASE SOURCE..`: each source merged into the target as if
/// `BASE` were their merge base.
pub fn predict_on_base(
    repo: &Repo,
    options: Options,
    target: &str,
    sources: &[String],
    base: &str,
) -> Result<Prediction, GitError> {
    let predictor = Predictor::new(repo, options);
    let target = predictor.resolve(target)?;
    let sources = resolve_all(&predictor, sources)?;
    let base = predictor.resolve(base)?;
    let pairs: Vec<(Rev, Rev)> = sources.iter().map(|s| (target.clone(), s.clone())).collect();
    let merges = predictor.merge_on_base(&pairs, &base);
    let mut notes: Vec<String> = commit_graph_note(repo).into_iter().collect();
    notes.push(if base.name == base.id {
        format!("merge base given: {}", base.id)
    } else {
        format!("merge base given: `{}` ({})", base.name, base.id)
    });
    Ok(Prediction { merges, matrix: None, notes, made: None })
}

/// `precheck conflicts --into TARGET --matrix SOURCE..`: every source into the target and every pair of
/// sources (source `j` merged into source `i`, `i < j`).
pub fn predict_matrix(repo: &Repo, options: Options, target: &str, sources: &[String]) -> Result<Prediction, GitError> {
    Predictor::new(repo, options).predict_matrix(target, sources)
}

impl Predictor<'_> {
    /// [`predict`] with this predictor (whose options may keep the merged trees readable).
    pub fn predict(&self, target: &str, sources: &[String]) -> Result<Prediction, GitError> {
        let merges = self.merge(&self.plan(target, sources, false)?.pairs);
        Ok(Prediction { merges, matrix: None, notes: commit_graph_note(self.repo()).into_iter().collect(), made: None })
    }

    /// [`predict_matrix`] with this predictor.
    pub fn predict_matrix(&self, target: &str, sources: &[String]) -> Result<Prediction, GitError> {
        let repo = self.repo();
        let planned = self.plan(target, sources, true)?;
        let merges = self.merge(&planned.pairs);
        let matrix = Matrix {
            target: planned.target.name,
            sources: planned.sources.iter().map(|s| s.name.clone()).collect(),
            into_target: (0..planned.sources.len()).collect(),
            pairs: planned.cells,
        };
        Ok(Prediction {
            merges,
            matrix: Some(matrix),
            notes: commit_graph_note(repo).into_iter().collect(),
            made: None,
        })
    }
}

/// The merges [`Predictor::predict`] (`matrix` false) or [`Predictor::predict_matrix`] runs, before they run:
/// a caller that will look further at the merges can start on the pairs while git merges them.
#[derive(Clone, Debug)]
pub struct Planned {
    pub target: Rev,
    pub sources: Vec<Rev>,
    /// `(target, source)`: every source into the target, then (a matrix) each pair of sources.
    pub pairs: Vec<(Rev, Rev)>,
    /// A matrix's cells: source `i`, source `j`, the index of their pair in `pairs`.
    pub cells: Vec<(usize, usize, usize)>,
}

impl Predictor<'_> {
    /// The merges of `target` and `sources`, as [`Planned`] says.
    pub fn plan(&self, target: &str, sources: &[String], matrix: bool) -> Result<Planned, GitError> {
        let target = self.resolve(target)?;
        let sources = resolve_all(self, sources)?;
        let mut pairs: Vec<(Rev, Rev)> = sources.iter().map(|s| (target.clone(), s.clone())).collect();
        let mut cells = Vec::new();
        for i in (0..sources.len()).filter(|_| matrix) {
            for j in i + 1..sources.len() {
                cells.push((i, j, pairs.len()));
                pairs.push((sources[i].clone(), sources[j].clone()));
            }
        }
        Ok(Planned { target, sources, pairs, cells })
    }
}

/// Resolves every source, in order, without repeating a name.
fn resolve_all(predictor: &Predictor<'_>, sources: &[String]) -> Result<Vec<Rev>, GitError> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for s in sources {
        if seen.insert(s.as_str()) {
            out.push(predictor.resolve(s)?);
        }
    }
    Ok(out)
}

/// `CF006`'s advice when the repository has no commit-graph and a large history. Both are read from files in
/// constant time (the commit-graph's presence, the pack indexes' object counts): no history walk.
pub fn commit_graph_note(repo: &Repo) -> Option<String> {
    if repo.has_commit_graph() || !large_history(repo) {
        return None;
    }
    Some(
        "the repository has no commit-graph and a large history: merge-base walks are slower than necessary; run \
         `git commit-graph write --reachable` (or set `fetch.writeCommitGraph=true`)"
            .to_string(),
    )
}

/// Whether the repository's packs hold more than [`LARGE_HISTORY`] objects.
pub fn large_history(repo: &Repo) -> bool {
    repo.packed_object_count() > LARGE_HISTORY
}
