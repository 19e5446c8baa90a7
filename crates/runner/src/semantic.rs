//! Semantic conflicts (CF007): the checks re-run on the tree a clean merge produces, against the two sides.
//!
//! The conflict check merges (it owns the engine) and asks through [`precheck_core::MergeRerun`], which this
//! module implements over the run's configuration and checks: a check crate never calls the runner. The
//! binary calls [`new_in_merge`] itself for `precheck conflicts`.
//!
//! Cost follows the change: a check is re-run only when both sides changed one of its inputs since the merge
//! base ([`Check::inputs_changed`]: for a check whose work is all repository-wide, such as antx, zdal or jar,
//! its own pre-push test); its per-file pass sees only the paths both sides changed (any path either side
//! changed for a check whose per-file findings read other files, [`Check::file_findings_read_repo`]), its
//! repository-wide work reads what it needs through the source; the merged tree is checked first and the sides
//! only when it has findings; in a matrix, change sets and side trees are computed once per commit. Findings are compared by rule, path and message with every number masked,
//! since a merge moves lines and line numbers show up in messages ("also defined at line 12"). A finding
//! whose message differs only in a number from one a side has is therefore not new: precision first.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use precheck_core::attributes::Attributes;
use precheck_core::{
    ChangeSet, Check, Config, DiffMode, FileSource, Finding, Input, MergeRerun, MergedTree, NewInMerge, Revision,
    RuleMeta,
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
            cx.compare(merge)
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
    let dir = if input.dir.as_os_str().is_empty() { PathBuf::from(".") } else { input.dir.clone() };
    let repo = match Repo::discover(&dir) {
        Ok(repo) => repo,
        Err(e) => {
            let why = e.to_string();
            return merges.iter().map(|_| Err(RunError::Usage(why.clone()))).collect();
        }
    };
    let root = repo.workdir().unwrap_or_else(|| repo.git_dir()).to_path_buf();
    let checks: Vec<&dyn Check> = checks.iter().map(|c| &**c).collect();
    let rules = crate::rules_of(&checks);
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(input.jobs.map_or(0, |j| j.min(crate::max_useful_jobs())))
        .stack_size(crate::WORKER_STACK)
        .build()
    {
        Ok(pool) => pool,
        Err(e) => {
            let why = format!("cannot start worker threads: {e}");
            return merges.iter().map(|_| Err(RunError::Io(why.clone()))).collect();
        }
    };
    let shared = Shared::default();
    let (sub_input, selection) = match sub_run(input, &root, config, &rules) {
        Ok(pair) => pair,
        Err(e) => {
            let why = e.to_string();
            return merges.iter().map(|_| Err(RunError::Usage(why.clone()))).collect();
        }
    };
    let cx = Context {
        repo: Some(&repo),
        config,
        checks: &checks,
        rules: &rules,
        root: &root,
        git_dir: repo.git_dir(),
        shared: &shared,
        sub_input: &sub_input,
        selection: &selection,
    };
    pool.install(|| {
        use rayon::prelude::*;
        merges.par_iter().map(|m| cx.compare(m)).collect()
    })
}

/// What the merges of one matrix share: change sets by (base, commit) and side trees by commit.
#[derive(Default)]
struct Shared {
    changes: Mutex<HashMap<(String, String), Arc<ChangeSet>>>,
    trees: Mutex<HashMap<String, Arc<dyn FileSource>>>,
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

impl Context<'_> {
    fn changes(&self, repo: &Repo, base: &str, commit: &str) -> Result<Arc<ChangeSet>, RunError> {
        let key = (base.to_string(), commit.to_string());
        if let Some(found) = lock(&self.shared.changes).get(&key) {
            return Ok(Arc::clone(found));
        }
        let set = Arc::new(repo.changed_paths(base, commit)?);
        lock(&self.shared.changes).insert(key, Arc::clone(&set));
        Ok(set)
    }

    fn tree(&self, commit: &str) -> Result<Arc<dyn FileSource>, RunError> {
        if let Some(found) = lock(&self.shared.trees).get(commit) {
            return Ok(Arc::clone(found));
        }
        let source: Arc<dyn FileSource> = Arc::new(TreeSource::new(self.git_dir, commit)?);
        lock(&self.shared.trees).insert(commit.to_string(), Arc::clone(&source));
        Ok(source)
    }

    fn compare(&self, merge: &MergedTree<'_>) -> Result<Vec<NewInMerge>, RunError> {
        let (config, git_dir, root, rules) = (self.config, self.git_dir, self.root, self.rules);
        let opened;
        let repo = match self.repo {
            Some(repo) => repo,
            None => {
                opened = Repo::open(git_dir)?;
                &opened
            }
        };
        // A criss-cross merge: git merged on its virtual base; the change sets are measured from the first
        // base, which only decides which checks re-run and which files they see.
        let Some(base) = repo.merge_base(merge.target, merge.source)? else { return Ok(Vec::new()) };
        let target_changes = self.changes(repo, &base, merge.target)?;
        let source_changes = self.changes(repo, &base, merge.source)?;
        let target_source = self.tree(merge.target)?;
        let source_source = self.tree(merge.source)?;
        let (sub_input, selection) = (self.sub_input, self.selection);
        let policy = selection.union_policy();
        let rerun: Vec<&dyn Check> = self
            .checks
            .iter()
            .copied()
            .filter(|c| c.id() != merge.asking && policy.any_enabled(c.rules().iter().copied()))
            .filter(|c| {
                c.inputs_changed(&target_changes, target_source.as_ref(), config)
                    && c.inputs_changed(&source_changes, source_source.as_ref(), config)
            })
            .collect();
        if rerun.is_empty() {
            return Ok(Vec::new());
        }
        let merged_source: Arc<dyn FileSource> =
            Arc::new(TreeSource::with_object_dirs(git_dir, merge.tree, merge.object_dirs.to_vec())?);
        let exclude = globs(&config.exclude, "exclude")?;
        // A file only one side changed is, in the merged tree, that side's file: its per-file findings are that
        // side's, unless a check's per-file rules read other files (`Check::file_findings_read_repo`). So the
        // per-file pass sees the paths both sides changed, and the union for such checks.
        let both: BTreeSet<&str> = target_changes
            .files
            .keys()
            .filter(|p| source_changes.files.contains_key(*p))
            .map(String::as_str)
            .filter(|p| !is_excluded(&exclude, p))
            .collect();
        let wide = rerun.iter().any(|c| c.file_findings_read_repo());
        let paths: BTreeSet<&str> = if wide {
            target_changes
                .files
                .keys()
                .chain(source_changes.files.keys())
                .map(String::as_str)
                .filter(|p| !is_excluded(&exclude, p))
                .collect()
        } else {
            both
        };
        // What the merged tree changed since the base: either side's paths. Handed to the re-runs as their change
        // set, so repository-wide work stays proportional to the change as on the pre-push path (a case clash
        // among the paths added, not the whole tree), on all three trees alike.
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
        let info_attributes = repo.info_attributes();
        let run = |source: &Arc<dyn FileSource>, revision: &str| -> Result<Vec<Finding>, RunError> {
            let plan = Plan {
                root: root.to_path_buf(),
                git_dir: Some(git_dir.to_path_buf()),
                revision: Revision::Commit(revision.to_string()),
                attributes: Attributes::new(Arc::clone(source), info_attributes.as_deref()),
                source: Arc::clone(source),
                changes: Some(union.clone()),
                base_source: None,
                base: None,
                files: paths.iter().filter_map(|p| source.info(p)).collect(),
                checks: rerun.clone(),
                rules: rules.to_vec(),
                diff_mode: DiffMode::None,
                full_run: false,
                paths: Vec::new(),
                selection: selection.duplicate(),
                config,
                input: sub_input,
                configuration: String::new(),
                registry: Vec::new(),
                reruns: false,
            };
            let raw = execute::execute(&plan);
            Ok(finish::finish(&plan, raw)?.findings)
        };
        let merged = run(&merged_source, merge.tree)?;
        if merged.is_empty() {
            return Ok(Vec::new());
        }
        let (target, source) = rayon::join(|| run(&target_source, merge.target), || run(&source_source, merge.source));
        let (target, source) = (target?, source?);
        let mut sides: HashSet<(&str, String, String)> = HashSet::new();
        for f in target.iter().chain(&source) {
            sides.insert(key(f));
        }
        let wanted = |f: &Finding| {
            // Bookkeeping of the re-run itself (unused suppressions, unreadable files) is not a conflict; a
            // check that fails on the merged tree alone is.
            !f.code.starts_with("PC") || f.code == precheck_core::pc::INTERNAL_ERROR.code
        };
        let mut out: Vec<NewInMerge> = Vec::new();
        for f in merged.into_iter().filter(|f| wanted(f) && !sides.contains(&key(f))) {
            let check = rerun.iter().copied().find(|c| c.id() == f.check);
            let target_paths = side_paths(&f, check, &target_changes, target_source.as_ref(), config);
            let source_paths = side_paths(&f, check, &source_changes, source_source.as_ref(), config);
            out.push(NewInMerge { finding: f, target_paths, source_paths });
        }
        Ok(out)
    }
}

/// What identifies a finding across the three trees: rule, path, message with numbers masked.
fn key(f: &Finding) -> (&'static str, String, String) {
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
) -> Vec<String> {
    let own: Vec<&str> = std::iter::once(&*f.primary.path).chain(f.labels.iter().map(|l| &*l.span.path)).collect();
    let reads = |path: &str| {
        let Some(check) = check else { return true };
        let Some(change) = changes.files.get(path) else { return false };
        let one = ChangeSet {
            base_commit: changes.base_commit.clone(),
            files: std::iter::once((path.to_string(), change.clone())).collect(),
        };
        check.inputs_changed(&one, source, config)
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
