//! Semantic conflicts (CF007): the checks re-run on the tree a clean merge produces, against the two sides.
//!
//! The conflict check merges (it owns the engine) and asks through [`precheck_core::MergeRerun`], which this
//! module implements over the run's configuration and checks: a check crate never calls the runner. The
//! binary calls [`new_in_merge`] itself for `precheck conflicts`.
//!
//! Cost follows the change: a check is re-run only when both sides changed one of its inputs since the merge
//! base ([`Check::inputs_changed`]: for a check whose work is all repository-wide, such as antx, zdal or jar,
//! its own pre-push test), and only on the paths either side changed (repository-wide work still reads what
//! it needs through the source). Findings are compared by rule, path and message with every number masked,
//! since a merge moves lines and line numbers show up in messages ("also defined at line 12"). A finding
//! whose message differs only in a number from one a side has is therefore not new: precision first.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
        compare(plan.config, plan.input, &plan.checks, &plan.rules, &plan.root, git_dir, merge)
            .map_err(|e| e.to_string())
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
    let dir = if input.dir.as_os_str().is_empty() { PathBuf::from(".") } else { input.dir.clone() };
    let repo = Repo::discover(&dir)?;
    let root = repo.workdir().unwrap_or_else(|| repo.git_dir()).to_path_buf();
    let checks: Vec<&dyn Check> = checks.iter().map(|c| &**c).collect();
    let rules = crate::rules_of(&checks);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(input.jobs.map_or(0, |j| j.min(crate::max_useful_jobs())))
        .stack_size(crate::WORKER_STACK)
        .build()
        .map_err(|e| RunError::Io(format!("cannot start worker threads: {e}")))?;
    pool.install(|| compare(config, input, &checks, &rules, &root, repo.git_dir(), merge))
}

fn compare(
    config: &Config,
    input: &Input,
    checks: &[&dyn Check],
    rules: &[&'static RuleMeta],
    root: &Path,
    git_dir: &Path,
    merge: &MergedTree<'_>,
) -> Result<Vec<NewInMerge>, RunError> {
    let repo = Repo::open(git_dir)?;
    // A criss-cross merge: git merged on its virtual base; the change sets are measured from the first base,
    // which only decides which checks re-run.
    let Some(base) = repo.merge_base(merge.target, merge.source)? else { return Ok(Vec::new()) };
    let target_changes = repo.changes_between(&base, merge.target)?;
    let source_changes = repo.changes_between(&base, merge.source)?;
    let target_source: Arc<dyn FileSource> = Arc::new(TreeSource::new(git_dir, merge.target)?);
    let source_source: Arc<dyn FileSource> = Arc::new(TreeSource::new(git_dir, merge.source)?);
    // The re-run's rules are the configuration's: `--select CF007` asks for semantic conflicts, not for the
    // underlying rules to be switched off; the command line's ignores still hold.
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
    let policy = selection.union_policy();
    let rerun: Vec<&dyn Check> = checks
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
    let paths: BTreeSet<&str> = target_changes
        .files
        .keys()
        .chain(source_changes.files.keys())
        .map(String::as_str)
        .filter(|p| !is_excluded(&exclude, p))
        .collect();
    let info_attributes = repo.info_attributes();
    let run = |source: &Arc<dyn FileSource>, revision: &str| -> Result<Vec<Finding>, RunError> {
        let plan = Plan {
            root: root.to_path_buf(),
            git_dir: Some(git_dir.to_path_buf()),
            revision: Revision::Commit(revision.to_string()),
            attributes: Attributes::new(Arc::clone(source), info_attributes.as_deref()),
            source: Arc::clone(source),
            changes: None,
            base_source: None,
            base: None,
            files: paths.iter().filter_map(|p| source.info(p)).collect(),
            checks: rerun.clone(),
            rules: rules.to_vec(),
            diff_mode: DiffMode::None,
            full_run: false,
            paths: Vec::new(),
            selection: finish::Selection::new(config, &sub_input, rules)?,
            config,
            input: &sub_input,
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
    let mut sides: HashSet<(&str, String, String)> = HashSet::new();
    let target = run(&target_source, merge.target)?;
    let source = run(&source_source, merge.source)?;
    for f in target.iter().chain(&source) {
        sides.insert(key(f));
    }
    let wanted = |f: &Finding| {
        // Bookkeeping of the re-run itself (unused suppressions, unreadable files) is not a conflict; a check
        // that fails on the merged tree alone is.
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
