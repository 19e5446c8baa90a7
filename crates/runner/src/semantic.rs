//! Semantic conflicts (CF007): the checks re-run on the tree a clean merge produces, against the two sides.
//!
//! The conflict check merges (it owns the engine) and asks through [`precheck_core::MergeRerun`], which this
//! module implements over the run's configuration and checks: a check crate never calls the runner. The
//! binary calls [`new_in_merge`] itself for `precheck conflicts`.
//!
//! Cost follows the change. On the merged tree a check is re-run in full only when both sides changed one of
//! its inputs since the merge base ([`Check::inputs_changed`]: for a check whose work is all repository-wide,
//! such as antx, zdal or jar, its own pre-push test; for java, mapper XML and Java interfaces), and for its
//! per-file pass alone (its repository work left out) when both sides changed a file it reads but not its
//! inputs otherwise. The per-file pass sees only the paths both sides changed (any path either side changed
//! for a check whose per-file findings read other files, [`Check::file_findings_read_repo`]; the others still
//! see only the paths both changed when such a check runs beside them: `Plan::narrow`); repository-wide work
//! reads what it needs through the source, with both sides' changes as its change set.
//!
//! The merged trees are checked first and the sides only for the merges with findings, with the checks that found
//! something there. A side is checked once per commit and merge base, not once per pair: with the union of the
//! checks, per-file paths and change sets of the merged runs that compare with it (for a single merge, its merged
//! run's; in a matrix of N branches, N side runs rather than two per pair). Change sets and side trees are also
//! computed once per commit, and every re-run of a comparison gets one [`precheck_core::Memo`]: what a check builds
//! from a blob's content alone (the Java mapper pass's parsed interfaces, parameter classes and mapper XML, the SQL
//! review's parsed statements) is built once for the merged trees and the sides, which share most blobs.
//!
//! Findings are compared by rule, path and message with every number masked, since a merge moves lines and
//! line numbers show up in messages ("also defined at line 12"). A finding whose message differs only in a
//! number from one a side has is therefore not new: precision first.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use globset::GlobSet;

use precheck_core::attributes::Attributes;
use precheck_core::{
    ChangeSet, Check, Config, DiffMode, FileSource, Finding, Input, MergeRerun, MergeRun, MergedTree, NewInMerge,
    OtherChange, Revision, RuleMeta,
};
use precheck_git::{Repo, TreeSource};

use crate::{Plan, RunError, execute, finish, globs, is_excluded};

/// The run's offer to its checks: re-run the others on a merge result.
pub(crate) struct Rerun<'p> {
    pub plan: &'p Plan<'p>,
}

impl MergeRerun for Rerun<'_> {
    fn new_in_merge(&self, merge: &MergedTree<'_>) -> Result<Vec<NewInMerge>, String> {
        let plan = self.plan;
        let Some(git_dir) = plan.git_dir.as_deref() else { return Ok(Vec::new()) };
        let run = || -> Result<Vec<NewInMerge>, RunError> {
            let (sub_input, selection) = sub_run(plan.input, &plan.root, plan.config, &plan.rules)?;
            let cx = Context {
                repo: None,
                config: plan.config,
                checks: &plan.checks,
                rules: &plan.rules,
                root: &plan.root,
                git_dir,
                shared: &Shared::default(),
                sub_input: &sub_input,
                selection: &selection,
            };
            let exclude = globs(&plan.config.exclude, "exclude")?;
            cx.compare_all(std::slice::from_ref(merge), &exclude, HashMap::new(), None)
                .pop()
                .unwrap_or_else(|| Ok(Vec::new()))
        };
        run().map_err(|e| e.to_string())
    }
}

/// The findings of the merge of `merge.source` into `merge.target` (its tree `merge.tree`, objects in
/// `merge.object_dirs`) that neither side has, from the checks whose inputs changed on both sides, with the
/// configuration's rules less the command line's ignores; `input` gives the directory, the ignores and the
/// cache. For `precheck conflicts`.
pub fn new_in_merge(
    config: &Config,
    input: &Input,
    checks: &[Box<dyn Check>],
    merge: &MergedTree<'_>,
) -> Result<Vec<NewInMerge>, RunError> {
    new_in_merges(config, input, checks, std::slice::from_ref(merge)).pop().unwrap_or_else(|| Ok(Vec::new()))
}

/// [`new_in_merge`] for several merges (a matrix), in parallel, with what they share computed once: the change
/// of each commit since a merge base and each side's tree listing.
pub fn new_in_merges(
    config: &Config,
    input: &Input,
    checks: &[Box<dyn Check>],
    merges: &[MergedTree<'_>],
) -> Vec<Result<Vec<NewInMerge>, RunError>> {
    new_in_merges_with(config, input, checks, merges, &Shared::default())
}

/// [`new_in_merges`] with what the caller already computed of the merges (`shared`: merge bases, change sets).
pub fn new_in_merges_with(
    config: &Config,
    input: &Input,
    checks: &[Box<dyn Check>],
    merges: &[MergedTree<'_>],
    shared: &Shared,
) -> Vec<Result<Vec<NewInMerge>, RunError>> {
    let compared = in_context(config, input, checks, shared, |cx, exclude, pool| {
        pool.install(|| cx.compare_all(merges, exclude, HashMap::new(), None))
    });
    compared.unwrap_or_else(|e| merges.iter().map(|_| Err(e.again())).collect())
}

/// A merge to compare, owned: what [`Streamed`] sends between threads.
#[derive(Clone, Debug)]
pub struct OwnedMerge {
    pub target: String,
    pub source: String,
    pub tree: String,
    pub object_dirs: Vec<PathBuf>,
    pub asking: &'static str,
}

impl OwnedMerge {
    pub fn as_merged(&self) -> MergedTree<'_> {
        MergedTree {
            target: &self.target,
            source: &self.source,
            tree: &self.tree,
            object_dirs: &self.object_dirs,
            asking: self.asking,
        }
    }
}

/// What [`new_in_merges_streamed`] receives: a clean merge as soon as git made it, then the merges to compare.
#[derive(Debug)]
pub enum Streamed {
    /// A clean merge whose tree can be checked now, while git makes the others.
    Early(OwnedMerge),
    /// Every merge to compare, in the order of the results (the early ones among them, others too); nothing
    /// comes after it.
    Compare(Vec<OwnedMerge>),
}

/// [`new_in_merges_with`] for merges git is still making: each [`Streamed::Early`] merge has its merged tree
/// checked as it comes, on one of the comparison's workers, so the checks' share of a matrix runs beside git's
/// rather than after it (git's processes leave a core to spare much of the time); at [`Streamed::Compare`] the
/// merges are compared, each early result used for the merge of the same commits and tree. A channel closed
/// before that compares nothing. `trees_read` is called once every merged tree has been checked (the sides and
/// the comparison left read only the commits' trees): the caller may delete the merged trees' objects then,
/// while the sides are checked, rather than after.
pub fn new_in_merges_streamed(
    config: &Config,
    input: &Input,
    checks: &[Box<dyn Check>],
    incoming: std::sync::mpsc::Receiver<Streamed>,
    shared: &Shared,
    trees_read: &(dyn Fn() + Sync),
) -> Vec<Result<Vec<NewInMerge>, RunError>> {
    let mut compare: Option<Vec<OwnedMerge>> = None;
    // Received on the worker that checks the early merges, or here when there is no context to compare in.
    let incoming = Mutex::new(incoming);
    let incoming = &incoming;
    let compared = in_context(config, input, checks, shared, |cx, exclude, pool| {
        let mut early: Early<'_> = HashMap::new();
        let repo = cx.repo;
        let info_attributes = repo.and_then(Repo::info_attributes);
        // The receiving and the checking share one of the comparison's workers beside git's processes, which
        // waits on the channel between merges and checks each merge inline (a rayon job per merge left a worker
        // spinning between them, in git's time; a pool of its own was a thread more to start and warm up:
        // litemall's train 70.8 -> 69.7 ms, the hot matrix 50.8 -> 48.2). The other workers stay idle until the
        // comparison: a job per merge on every core finished no sooner and took more of git's CPU.
        pool.install(|| {
            let incoming = lock(incoming);
            let mut pending: std::collections::VecDeque<OwnedMerge> = std::collections::VecDeque::new();
            loop {
                // What has arrived, without waiting; only with nothing left to check, wait for the next.
                let mut next = match pending.is_empty() {
                    true => incoming.recv().ok(),
                    false => incoming.try_recv().ok(),
                };
                while let Some(message) = next.take() {
                    match message {
                        Streamed::Early(m) => pending.push_back(m),
                        // Once the merges are all made, what has not been checked here is left to the
                        // comparison's workers.
                        Streamed::Compare(all) => {
                            compare = Some(all);
                            return;
                        }
                    }
                    next = incoming.try_recv().ok();
                }
                let Some(m) = pending.pop_front() else { return };
                let Some(repo) = repo else { continue };
                let found = cx.merged(repo, &m.as_merged(), exclude, info_attributes.as_deref());
                early.insert((m.target, m.source, m.tree), found);
            }
        });
        let merges: Vec<MergedTree<'_>> = compare.iter().flatten().map(OwnedMerge::as_merged).collect();
        pool.install(|| cx.compare_all(&merges, exclude, early, Some(trees_read)))
    });
    compared.unwrap_or_else(|e| {
        // No context (no repository, a bad setting): each merge to compare gets the reason.
        let all = compare.or_else(|| {
            lock(incoming).iter().find_map(|message| match message {
                Streamed::Compare(all) => Some(all),
                Streamed::Early(_) => None,
            })
        });
        all.iter().flatten().map(|_| Err(e.again())).collect()
    })
}

/// The most commits above the common ancestor of a matrix's branches that [`Shared::learn_matrix_bases`] reads
/// (a longer history is walked pair by pair).
const MATRIX_HISTORY_LIMIT: usize = 20_000;

/// Runs `body` with the [`Context`] of `input`'s repository and a pool of `input.jobs` worker threads.
fn in_context<R>(
    config: &Config,
    input: &Input,
    checks: &[Box<dyn Check>],
    shared: &Shared,
    body: impl FnOnce(&Context<'_>, &GlobSet, &rayon::ThreadPool) -> R,
) -> Result<R, RunError> {
    let dir = if input.dir.as_os_str().is_empty() { PathBuf::from(".") } else { input.dir.clone() };
    let repo = Repo::discover(&dir).map_err(|e| RunError::Usage(e.to_string()))?;
    let root = repo.workdir().unwrap_or_else(|| repo.git_dir()).to_path_buf();
    let checks: Vec<&dyn Check> = checks.iter().map(|c| &**c).collect();
    let rules = crate::rules_of(&checks);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(input.jobs.map_or(0, |j| j.min(crate::max_useful_jobs())))
        .stack_size(crate::WORKER_STACK)
        .build()
        .map_err(|e| RunError::Io(format!("cannot start worker threads: {e}")))?;
    let (sub_input, selection) = sub_run(input, &root, config, &rules).map_err(|e| RunError::Usage(e.to_string()))?;
    let cx = Context {
        repo: Some(&repo),
        config,
        checks: &checks,
        rules: &rules,
        root: &root,
        git_dir: repo.git_dir(),
        shared,
        sub_input: &sub_input,
        selection: &selection,
    };
    let exclude = globs(&config.exclude, "exclude").map_err(|e| RunError::Usage(e.to_string()))?;
    Ok(body(&cx, &exclude, &pool))
}

/// What the merges of one matrix share: merge bases by pair, change sets by (base, commit), side trees by
/// commit, and whether a check's inputs changed by (check, base, commit) (java reads the Java files changed to
/// tell an interface). `precheck conflicts` makes one and asks it too (the migration clashes need the same
/// merge bases and change sets), then hands it to [`new_in_merges_with`].
#[derive(Default)]
pub struct Shared {
    bases: Mutex<HashMap<(String, String), Option<String>>>,
    changes: Mutex<HashMap<(String, String), Arc<ChangeSet>>>,
    trees: Mutex<HashMap<String, Arc<dyn FileSource>>>,
    inputs: Mutex<HashMap<(&'static str, String, String), bool>>,
    /// What the checks build from content alone, for every re-run of the matrix (a parsed interface, a parsed
    /// statement): the merged trees and the sides hold mostly the same blobs.
    memo: Arc<precheck_core::Memo>,
    /// By extra object directories, a tree whose repositories the other trees read through (opening a
    /// repository, and layering a merge's temporary objects over it, per tree was a tenth of a matrix).
    pools: Mutex<Vec<(Vec<PathBuf>, Arc<TreeSource>)>>,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared").finish_non_exhaustive()
    }
}

impl Shared {
    /// Ends the comparison in a process about to exit: everything it kept — the memo (every statement and type
    /// parsed for the matrix), the trees' listings and their repositories' object caches — is left to the
    /// process's end, since freeing it piece by piece costs milliseconds (6 on litemall's 20-branch matrix).
    /// Nothing it holds writes anything when dropped: the repositories are only read.
    pub fn finish(self) {
        std::mem::forget(self);
    }

    /// The merge base of commits `a` and `b` (the first, for a criss-cross), once per pair.
    pub fn merge_base(&self, repo: &Repo, a: &str, b: &str) -> Result<Option<String>, precheck_git::GitError> {
        let key = (a.to_string(), b.to_string());
        if let Some(found) = lock(&self.bases).get(&key) {
            return Ok(found.clone());
        }
        let base = repo.merge_base(a, b)?;
        lock(&self.bases).insert(key, base.clone());
        Ok(base)
    }

    /// Learns the merge bases of a matrix's pairs — `target` with each of `sources`, and the sources two by two
    /// — from one walk of the history above a common ancestor of them all
    /// ([`Repo::history_above_common_ancestor`]) rather than a walk per pair: each commit there is marked with the
    /// tips that reach it, and a pair's merge base is the commit both reach none of whose children both reach.
    /// A pair with several (a criss-cross), tips without a common ancestor, more than 128 tips or more than
    /// [`MATRIX_HISTORY_LIMIT`] commits above it are left to [`Shared::merge_base`], which walks them then.
    /// Returns how many pairs were learned.
    pub fn learn_matrix_bases(&self, repo: &Repo, target: &str, sources: &[&str]) -> usize {
        let mut tips: Vec<&str> = Vec::new();
        for tip in std::iter::once(target).chain(sources.iter().copied()) {
            if !tips.contains(&tip) {
                tips.push(tip);
            }
        }
        if tips.len() > 128 {
            return 0;
        }
        let Ok(Some(history)) = repo.history_above_common_ancestor(&tips, MATRIX_HISTORY_LIMIT) else { return 0 };
        let index: HashMap<&str, usize> = history.iter().enumerate().map(|(i, (id, _))| (id.as_str(), i)).collect();
        // Which tips reach each commit: children come before parents, so a commit's set is complete when reached.
        let mut reached_by = vec![0u128; history.len()];
        for (bit, tip) in tips.iter().enumerate() {
            let Some(&i) = index.get(tip) else { return 0 };
            reached_by[i] |= 1 << bit;
        }
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); history.len()];
        for (i, (_, parents)) in history.iter().enumerate() {
            // A parent below the common ancestor is no pair's best: the ancestor is a common descendant of it.
            for &p in parents.iter().filter_map(|p| index.get(p.as_str())) {
                children[p].push(i);
                reached_by[p] |= reached_by[i];
            }
        }
        let shared_by_two: Vec<usize> = (0..history.len()).filter(|&i| reached_by[i].count_ones() >= 2).collect();
        let mut bases = lock(&self.bases);
        let mut learned = 0;
        for a in 0..tips.len() {
            for b in a + 1..tips.len() {
                let pair = (1u128 << a) | (1u128 << b);
                let common = |i: usize| reached_by[i] & pair == pair;
                let mut best = shared_by_two.iter().filter(|&&i| common(i) && !children[i].iter().any(|&c| common(c)));
                let (Some(&only), None) = (best.next(), best.next()) else { continue };
                let base = Some(history[only].0.clone());
                bases.insert((tips[a].to_string(), tips[b].to_string()), base.clone());
                bases.insert((tips[b].to_string(), tips[a].to_string()), base);
                learned += 1;
            }
        }
        learned
    }

    /// The change from `base` to `commit` (a tree diff without patches), once per pair of commits.
    pub fn changes(&self, repo: &Repo, base: &str, commit: &str) -> Result<Arc<ChangeSet>, precheck_git::GitError> {
        let key = (base.to_string(), commit.to_string());
        if let Some(found) = lock(&self.changes).get(&key) {
            return Ok(Arc::clone(found));
        }
        let set = Arc::new(repo.changed_paths(base, commit)?);
        lock(&self.changes).insert(key, Arc::clone(&set));
        Ok(set)
    }
}

/// The input and rule selection of every re-run: the configuration's rules less the command line's ignores
/// (`--select CF007` asks for semantic conflicts, not for the underlying rules to be switched off).
fn sub_run(
    input: &Input,
    root: &Path,
    config: &Config,
    rules: &[&'static RuleMeta],
) -> Result<(Input, finish::Selection), RunError> {
    let selection = precheck_core::CliSelection { ignore: input.selection.ignore.clone(), ..Default::default() };
    let sub_input = Input {
        dir: root.to_path_buf(),
        selection,
        cache_dir: input.cache_dir.clone(),
        no_group: true,
        without_sources: true,
        ..Input::default()
    };
    let selection = finish::Selection::new(config, &sub_input, rules)?;
    Ok((sub_input, selection))
}

struct Context<'a> {
    /// The repository, opened once for a matrix (its handles are pooled and shared by the threads).
    repo: Option<&'a Repo>,
    config: &'a Config,
    sub_input: &'a Input,
    selection: &'a finish::Selection,
    checks: &'a [&'a dyn Check],
    rules: &'a [&'static RuleMeta],
    root: &'a Path,
    git_dir: &'a Path,
    shared: &'a Shared,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// What a finding is compared by across the trees ([`key`]).
type Key = (&'static str, String, String);

/// The merged trees checked as git made them, by (target, source, tree).
type Early<'c> = HashMap<(String, String, String), Result<Option<Merged<'c>>, RunError>>;

/// One clean merge whose merged tree was checked.
struct Merged<'c> {
    base: String,
    target_changes: Arc<ChangeSet>,
    source_changes: Arc<ChangeSet>,
    /// The checks re-run (for the paths each side changed that they read).
    checks: Vec<&'c dyn Check>,
    /// Those of them whose repository work was left out.
    file_only: Vec<&'static str>,
    /// The run's per-file paths and change set (both sides' changes), which the sides' runs cover.
    paths: BTreeSet<String>,
    /// Of those, the paths both sides changed: all that the checks whose per-file findings read no other file
    /// look at.
    both: BTreeSet<String>,
    union: ChangeSet,
    findings: Vec<Finding>,
}

/// What the run of one side covers: the union of what the merged runs that compare with it covered.
#[derive(Default)]
struct SideScope<'c> {
    paths: BTreeSet<String>,
    both: BTreeSet<String>,
    changes: ChangeSet,
    checks: Vec<&'c dyn Check>,
    file_only: Vec<&'static str>,
}

impl<'c> SideScope<'c> {
    /// Adds what `merged` covered, of its checks only those in `only` when given.
    fn add(&mut self, merged: &Merged<'c>, only: Option<&[&str]>) {
        self.paths.extend(merged.paths.iter().cloned());
        self.both.extend(merged.both.iter().cloned());
        if self.changes.base_commit.is_none() {
            self.changes.base_commit = merged.union.base_commit.clone();
        }
        for (path, change) in &merged.union.files {
            self.changes.files.entry(path.clone()).or_insert_with(|| change.clone());
        }
        for &c in merged.checks.iter().filter(|c| only.is_none_or(|ids| ids.contains(&c.id()))) {
            let file_only = merged.file_only.contains(&c.id());
            match self.checks.iter().any(|d| d.id() == c.id()) {
                // A check one merge re-ran in full and another for its files: in full.
                true if !file_only => self.file_only.retain(|id| *id != c.id()),
                true => {}
                false => {
                    self.checks.push(c);
                    if file_only {
                        self.file_only.push(c.id());
                    }
                }
            }
        }
    }
}

/// The checks one re-run runs, and those of them whose repository work it leaves out (only their per-file
/// findings can differ: a file the run's sides both changed, and nothing else they read).
struct Selected<'c> {
    checks: Vec<&'c dyn Check>,
    file_only: Vec<&'static str>,
}

/// What one re-run covers besides its tree: its change set, the paths of its per-file pass and its checks.
struct RunScope<'s, 'c> {
    changes: ChangeSet,
    paths: &'s BTreeSet<&'s str>,
    /// Of `paths`, those the checks that read no other file for their per-file findings look at.
    both: &'s BTreeSet<&'s str>,
    selected: Selected<'c>,
    info_attributes: Option<&'s str>,
    role: MergeRun,
}

impl<'a> Context<'a> {
    fn changes(&self, repo: &Repo, base: &str, commit: &str) -> Result<Arc<ChangeSet>, RunError> {
        Ok(self.shared.changes(repo, base, commit)?)
    }

    fn tree(&self, commit: &str) -> Result<Arc<dyn FileSource>, RunError> {
        if let Some(found) = lock(&self.shared.trees).get(commit) {
            return Ok(Arc::clone(found));
        }
        let source: Arc<dyn FileSource> = Arc::new(self.tree_source(commit, &[])?);
        lock(&self.shared.trees).insert(commit.to_string(), Arc::clone(&source));
        Ok(source)
    }

    /// The tree of `id` with `object_dirs` over the repository's objects, read through the repositories of
    /// the first tree made with the same directories.
    fn tree_source(&self, id: &str, object_dirs: &[PathBuf]) -> Result<TreeSource, RunError> {
        let first = lock(&self.shared.pools).iter().find(|(dirs, _)| dirs == object_dirs).map(|(_, t)| Arc::clone(t));
        if let Some(first) = first {
            return Ok(first.sibling(id)?);
        }
        // A pool for other directories lists through the first pool's reference (the same folders).
        let beside = lock(&self.shared.pools).first().map(|(_, t)| Arc::clone(t));
        let source = match beside {
            Some(beside) => TreeSource::with_object_dirs_beside(self.git_dir, id, object_dirs.to_vec(), &beside)?,
            None => TreeSource::with_object_dirs(self.git_dir, id, object_dirs.to_vec())?,
        };
        let kept = Arc::new(source.sibling(id)?);
        let mut pools = lock(&self.shared.pools);
        if !pools.iter().any(|(dirs, _)| dirs == object_dirs) {
            pools.push((object_dirs.to_vec(), kept));
        }
        Ok(source)
    }

    /// [`Check::inputs_changed`] of `changes`, the change from `base` to `commit` (whose tree is `source`).
    fn inputs_changed(
        &self,
        check: &dyn Check,
        base: &str,
        commit: &str,
        changes: &ChangeSet,
        source: &dyn FileSource,
    ) -> bool {
        let key = (check.id(), base.to_string(), commit.to_string());
        if let Some(&found) = lock(&self.shared.inputs).get(&key) {
            return found;
        }
        let changed = check.inputs_changed(changes, source, self.config, Some(&self.shared.memo));
        lock(&self.shared.inputs).insert(key, changed);
        changed
    }

    /// The checks that may re-run for a merge asked for by check `asking` (never itself): those with a rule on.
    fn candidates(&self, asking: &str) -> Vec<&'a dyn Check> {
        let policy = self.selection.union_policy();
        self.checks
            .iter()
            .copied()
            .filter(|c| c.id() != asking && policy.any_enabled(c.rules().iter().copied()))
            .collect()
    }

    /// Every merge of `merges` compared with its sides, in three steps so that each side is checked once: the
    /// merged trees (in parallel), then the sides the merges with findings need (each commit and merge base
    /// once, in parallel), then the comparison.
    fn compare_all(
        &self,
        merges: &[MergedTree<'_>],
        exclude: &GlobSet,
        mut early: Early<'a>,
        trees_read: Option<&(dyn Fn() + Sync)>,
    ) -> Vec<Result<Vec<NewInMerge>, RunError>> {
        use rayon::prelude::*;
        let opened;
        let repo = match self.repo {
            Some(repo) => repo,
            None => match Repo::open(self.git_dir) {
                Ok(repo) => {
                    opened = repo;
                    &opened
                }
                Err(e) => {
                    let why = e.to_string();
                    return merges.iter().map(|_| Err(RunError::Io(why.clone()))).collect();
                }
            },
        };
        let info_attributes = repo.info_attributes();
        let info_attributes = info_attributes.as_deref();
        // A merge checked as it came (`early`) is not checked again.
        let mut ready: Vec<Option<Result<Option<Merged<'a>>, RunError>>> = merges
            .iter()
            .map(|m| early.remove(&(m.target.to_string(), m.source.to_string(), m.tree.to_string())))
            .collect();
        let merged: Vec<Result<Option<Merged<'a>>, RunError>> = merges
            .par_iter()
            .zip(ready.par_iter_mut())
            .map(|(m, ready)| ready.take().unwrap_or_else(|| self.merged(repo, m, exclude, info_attributes)))
            .collect();
        if let Some(trees_read) = trees_read {
            trees_read();
        }
        // Each side once, covering everything the merges compared with it looked at, with the checks that
        // found something on a merged tree: a finding is new or not by its own check's findings on the sides
        // (a rule belongs to one check), so a check with nothing to tell apart is not run there. A finding of
        // no re-run check (the runner's own) keeps them all.
        let mut needed: HashMap<(String, String, String), SideScope<'a>> = HashMap::new();
        for (m, found) in merges.iter().zip(&merged) {
            let Ok(Some(x)) = found else { continue };
            let found_by: Vec<&str> = x.findings.iter().filter(|f| wanted(f)).map(|f| f.check).collect();
            if found_by.is_empty() {
                continue;
            }
            let only = found_by.iter().all(|id| x.checks.iter().any(|c| c.id() == *id)).then_some(found_by.as_slice());
            for commit in [m.target, m.source] {
                needed.entry((commit.to_string(), x.base.clone(), m.asking.to_string())).or_default().add(x, only);
            }
        }
        let sides: HashMap<(String, String, String), Result<HashSet<Key>, String>> = needed
            .into_par_iter()
            .map(|(k, scope)| {
                let keys = self.side(&k.0, scope, info_attributes);
                (k, keys.map_err(|e| e.to_string()))
            })
            .collect();
        merges
            .iter()
            .zip(merged)
            .map(|(m, found)| {
                let Some(x) = found? else { return Ok(Vec::new()) };
                if !x.findings.iter().any(wanted) {
                    return Ok(Vec::new());
                }
                let side = |commit: &str| match sides.get(&(commit.to_string(), x.base.clone(), m.asking.to_string())) {
                    Some(Ok(keys)) => Ok(keys),
                    Some(Err(why)) => Err(RunError::Io(why.clone())),
                    None => Err(RunError::Io(format!("no findings of {commit} to compare with"))),
                };
                let (target, source) = (side(m.target)?, side(m.source)?);
                let target_source = self.tree(m.target)?;
                let source_source = self.tree(m.source)?;
                let (config, memo) = (self.config, &*self.shared.memo);
                let mut out: Vec<NewInMerge> = Vec::new();
                for f in x.findings.into_iter().filter(wanted) {
                    let k = key(&f);
                    if target.contains(&k) || source.contains(&k) {
                        continue;
                    }
                    let check = x.checks.iter().copied().find(|c| c.id() == f.check);
                    let target_paths = side_paths(&f, check, &x.target_changes, target_source.as_ref(), config, memo);
                    let source_paths = side_paths(&f, check, &x.source_changes, source_source.as_ref(), config, memo);
                    out.push(NewInMerge { finding: f, target_paths, source_paths });
                }
                Ok(out)
            })
            .collect()
    }

    /// The merged tree's findings, from the checks whose inputs changed on both sides (`None`: nothing re-runs).
    fn merged(
        &self,
        repo: &Repo,
        merge: &MergedTree<'_>,
        exclude: &GlobSet,
        info_attributes: Option<&str>,
    ) -> Result<Option<Merged<'a>>, RunError> {
        // A criss-cross merge: git merged on its virtual base; the change sets are measured from the first
        // base, which only decides which checks re-run and which files they see.
        let Some(base) = self.shared.merge_base(repo, merge.target, merge.source)? else { return Ok(None) };
        let target_changes = self.changes(repo, &base, merge.target)?;
        let source_changes = self.changes(repo, &base, merge.source)?;
        let target_source = self.tree(merge.target)?;
        let source_source = self.tree(merge.source)?;
        // A file only one side changed is, in the merged tree, that side's file: its per-file findings are that
        // side's, unless a check's per-file rules read other files (`Check::file_findings_read_repo`). So the
        // per-file pass sees the paths both sides changed, and the union for such checks.
        let both: BTreeSet<&str> = target_changes
            .files
            .keys()
            .filter(|p| source_changes.files.contains_key(*p))
            .map(String::as_str)
            .filter(|p| !is_excluded(exclude, p))
            .collect();
        let mut selected = Selected { checks: Vec::new(), file_only: Vec::new() };
        for c in self.candidates(merge.asking) {
            if self.inputs_changed(c, &base, merge.target, &target_changes, target_source.as_ref())
                && self.inputs_changed(c, &base, merge.source, &source_changes, source_source.as_ref())
                && c.changes_meet(
                    &target_changes,
                    target_source.as_ref(),
                    &source_changes,
                    source_source.as_ref(),
                    Some(&self.shared.memo),
                )
            {
                selected.checks.push(c);
            } else if !c.file_findings_read_repo()
                && both
                    .iter()
                    .any(|p| target_source.info(p).or_else(|| source_source.info(p)).is_some_and(|info| c.wants(&info)))
            {
                selected.checks.push(c);
                selected.file_only.push(c.id());
            }
        }
        if selected.checks.is_empty() {
            return Ok(None);
        }
        // A check whose per-file findings read other files (the SQL review: the schema, the wiring) looks at
        // a file one side alone changed too, unless what it reads of the other side's change cannot alter that
        // file's findings (`Check::file_reads_change`): then the merged tree's file is that side's, findings
        // and all.
        let wide: Vec<&dyn Check> = selected.checks.iter().copied().filter(|c| c.file_findings_read_repo()).collect();
        let mut paths: BTreeSet<&str> = both.clone();
        if !wide.is_empty() {
            let base_source = self.tree(&base)?;
            let memo = Some(&*self.shared.memo);
            let sides = [
                (&target_changes, target_source.as_ref(), &source_changes, source_source.as_ref()),
                (&source_changes, source_source.as_ref(), &target_changes, target_source.as_ref()),
            ];
            for (own, source, other, other_source) in sides {
                let change = OtherChange { source, other, other_source, base_source: base_source.as_ref(), memo };
                for p in own.files.keys().filter(|p| !other.files.contains_key(*p) && !is_excluded(exclude, p)) {
                    if wide.iter().any(|c| c.file_reads_change(p, &change)) {
                        paths.insert(p);
                    }
                }
            }
        }
        // What the merged tree changed since the base: either side's paths. Handed to the re-run as its change
        // set, so repository-wide work stays proportional to the change as on the pre-push path (a case clash
        // among the paths added, not the whole tree).
        let mut union = ChangeSet { base_commit: Some(base.clone()), files: source_changes.files.clone() };
        for (path, change) in &target_changes.files {
            let added = change.kind == precheck_core::ChangeKind::Added;
            match union.files.get_mut(path) {
                Some(existing) if added => existing.kind = precheck_core::ChangeKind::Added,
                Some(_) => {}
                None => {
                    union.files.insert(path.clone(), change.clone());
                }
            }
        }
        let merged_source: Arc<dyn FileSource> = Arc::new(self.tree_source(merge.tree, merge.object_dirs)?);
        let (checks, file_only) = (selected.checks.clone(), selected.file_only.clone());
        let scope = RunScope {
            changes: union.clone(),
            paths: &paths,
            both: &both,
            selected,
            info_attributes,
            role: MergeRun::Merged,
        };
        let findings = self.run(&merged_source, merge.tree, scope)?;
        let paths = paths.iter().map(|p| p.to_string()).collect();
        let both = both.iter().map(|p| p.to_string()).collect();
        Ok(Some(Merged { base, target_changes, source_changes, checks, file_only, paths, both, union, findings }))
    }

    /// The findings of one side, `commit`, as compared with every merge of it that has findings: the union of
    /// those merges' checks, per-file paths and change sets (for a single merge, exactly what its merged tree
    /// was checked with; in a matrix, once per commit and merge base rather than once per pair).
    fn side(
        &self,
        commit: &str,
        scope: SideScope<'a>,
        info_attributes: Option<&str>,
    ) -> Result<HashSet<Key>, RunError> {
        let source = self.tree(commit)?;
        let paths: BTreeSet<&str> = scope.paths.iter().map(String::as_str).collect();
        let both: BTreeSet<&str> = scope.both.iter().map(String::as_str).collect();
        let selected = Selected { checks: scope.checks, file_only: scope.file_only };
        let scope = RunScope {
            changes: scope.changes,
            paths: &paths,
            both: &both,
            selected,
            info_attributes,
            role: MergeRun::Side,
        };
        Ok(self.run(&source, commit, scope)?.iter().map(key).collect())
    }

    /// Runs `scope` on `source` (the tree of `revision`).
    fn run(
        &self,
        source: &Arc<dyn FileSource>,
        revision: &str,
        scope: RunScope<'_, 'a>,
    ) -> Result<Vec<Finding>, RunError> {
        let plan = Plan {
            root: self.root.to_path_buf(),
            git_dir: Some(self.git_dir.to_path_buf()),
            revision: Revision::Commit(revision.to_string()),
            attributes: Attributes::new(Arc::clone(source), scope.info_attributes),
            source: Arc::clone(source),
            changes: Some(scope.changes),
            base_source: None,
            base: None,
            files: scope.paths.iter().filter_map(|p| source.info(p)).collect(),
            checks: scope.selected.checks,
            repo_skipped: scope.selected.file_only,
            rules: self.rules.to_vec(),
            diff_mode: DiffMode::None,
            full_run: false,
            paths: Vec::new(),
            selection: self.selection.duplicate(),
            config: self.config,
            input: self.sub_input,
            configuration: String::new(),
            registry: Vec::new(),
            reruns: false,
            merge_run: scope.role,
            memo: Some(Arc::clone(&self.shared.memo)),
            narrow: Some(scope.both.iter().map(|p| Arc::from(*p)).collect()),
        };
        let raw = execute::execute(&plan);
        Ok(finish::finish(&plan, raw)?.findings)
    }
}

/// Whether a merged tree's finding can be a semantic conflict: bookkeeping of the re-run itself (unused
/// suppressions, unreadable files) is not; a check that fails on the merged tree alone is.
fn wanted(f: &Finding) -> bool {
    !f.code.starts_with("PC") || f.code == precheck_core::pc::INTERNAL_ERROR.code
}

/// What identifies a finding across the three trees: rule, path, message with numbers masked.
fn key(f: &Finding) -> Key {
    (f.code, f.primary.path.to_string(), mask_numbers(&f.message))
}

fn mask_numbers(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_number = false;
    for c in s.chars() {
        if c.is_ascii_digit() {
            if !in_number {
                out.push('#');
            }
            in_number = true;
        } else {
            in_number = false;
            out.push(c);
        }
    }
    out
}

/// The paths one side changed that `check` reads, the finding's own paths first.
fn side_paths(
    f: &Finding,
    check: Option<&dyn Check>,
    changes: &ChangeSet,
    source: &dyn FileSource,
    config: &Config,
    memo: &precheck_core::Memo,
) -> Vec<String> {
    let own: Vec<&str> = std::iter::once(&*f.primary.path).chain(f.labels.iter().map(|l| &*l.span.path)).collect();
    let reads = |path: &str| {
        let Some(check) = check else { return true };
        let Some(change) = changes.files.get(path) else { return false };
        let one = ChangeSet {
            base_commit: changes.base_commit.clone(),
            files: std::iter::once((path.to_string(), change.clone())).collect(),
        };
        check.inputs_changed(&one, source, config, Some(memo))
    };
    let mut paths: Vec<String> = Vec::new();
    for p in own.iter().copied().filter(|p| changes.files.contains_key(*p)) {
        if !paths.iter().any(|q| q == p) {
            paths.push(p.to_string());
        }
    }
    for p in changes.files.keys() {
        if !paths.contains(p) && reads(p) {
            paths.push(p.clone());
        }
    }
    paths
}

#[cfg(test)]
mod tests {
    use super::mask_numbers;

    #[test]
    fn numbers_are_masked_runs_at_a_time() {
        assert_eq!(mask_numbers("key `a.b` also at line 12, 3"), "key `a.b` also at line #, #");
        assert_eq!(mask_numbers("V1_10 and V2"), "V#_# and V#");
    }
}
