//! precheck-runner: turns an [`Input`] and a [`Config`] into a [`Report`].
//!
//! It owns discovery (the working tree with the `ignore` crate, the index, or a commit's tree), the change
//! set of `--base`, parallel execution on rayon (all checks of a file in one task, repository checks beside
//! them), panic isolation (`PC002`), unreadable and oversized files (`PC003`), inline suppressions (`PC001`),
//! rule selection and per-path overrides, fingerprints, the diff filter, the baseline, and the final order.
//! It knows checks only through the [`Check`] trait and prints nothing.
//!
//! ```no_run
//! use precheck_core::{Config, Input};
//!
//! let config = Config::default();
//! let input = Input { dir: ".".into(), base: Some("origin/main".into()), ..Input::default() };
//! let report = precheck_runner::run(&config, &input, &precheck_checks::builtin())?;
//! for finding in &report.findings {
//!     println!("{}:{}: {} {}", finding.primary.path, finding.primary.start.line, finding.code, finding.message);
//! }
//! # Ok::<(), precheck_runner::RunError>(())
//! ```

#![warn(clippy::string_slice)]

mod execute;
mod finish;
mod merge;
mod repo_pass;
mod semantic;
mod source;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use precheck_core::attributes::Attributes;
use precheck_core::{
    ChangeSet, Check, Config, ConfigError, DiffMode, FileInfo, FileSource, HeadSource, Input, Report, Revision,
    RuleMeta, RuleSelector,
};
use precheck_git::Repo;

pub use merge::merge;
pub use repo_pass::RepoPass;
pub use semantic::{
    OwnedMerge, Shared as MergeShared, Streamed, new_in_merge, new_in_merges, new_in_merges_streamed,
    new_in_merges_with,
};
pub use source::{MemorySource, WorkTreeSource};

/// Why a run could not happen (exit code 2 in the CLI). Display is one line saying what and where.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("{0}")]
    Git(#[from] precheck_git::GitError),
    #[error("{0}")]
    Config(#[from] ConfigError),
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Io(String),
}

impl RunError {
    /// The same error again, for each of several results it ends (a git or configuration error as its text).
    pub(crate) fn again(&self) -> RunError {
        match self {
            RunError::Usage(why) => RunError::Usage(why.clone()),
            RunError::Io(why) => RunError::Io(why.clone()),
            other => RunError::Usage(other.to_string()),
        }
    }
}

/// Everything a run needs, resolved from the input.
pub(crate) struct Plan<'a> {
    pub root: PathBuf,
    pub git_dir: Option<PathBuf>,
    pub revision: Revision,
    pub source: Arc<dyn FileSource>,
    pub attributes: Attributes,
    pub changes: Option<ChangeSet>,
    /// The merge-base the change is measured from, for re-running repo checks on the base.
    pub base_source: Option<Arc<dyn FileSource>>,
    pub base: Option<String>,
    pub files: Vec<FileInfo>,
    pub checks: Vec<&'a dyn Check>,
    /// Checks whose repository work this run leaves out: a semantic re-run that needs only their per-file
    /// findings (a file both sides of a merge changed, and nothing else they read).
    pub repo_skipped: Vec<&'static str>,
    pub rules: Vec<&'static RuleMeta>,
    pub diff_mode: DiffMode,
    /// Whether every file was discovered (no `--base`, no paths): stale config entries can be judged.
    pub full_run: bool,
    /// The command line's paths, repo-relative (empty: everything).
    pub paths: Vec<String>,
    pub selection: finish::Selection,
    pub config: &'a Config,
    pub input: &'a Input,
    /// The report's configuration fingerprint ([`Report::configuration`]).
    pub configuration: String,
    /// The ids of every check the run was given, in order (`--only` aside): a shard does the repository
    /// work of the checks at its positions.
    pub registry: Vec<&'static str>,
    /// Whether checks may ask for the others to be re-run on a merge result (CF007): not in such a re-run.
    pub reruns: bool,
    /// The run's role in a semantic-conflict comparison ([`precheck_core::MergeRun`]).
    pub merge_run: precheck_core::MergeRun,
    /// What the runs of one semantic comparison share ([`precheck_core::Memo`]); `None` in an ordinary run.
    pub memo: Option<Arc<precheck_core::Memo>>,
    /// The only files of [`Plan::files`] that checks whose per-file findings read nothing else
    /// ([`Check::file_findings_read_repo`] false) look at, when set: in a semantic comparison, the paths both
    /// sides changed (the others are one side's file, whose findings are that side's).
    pub narrow: Option<std::collections::HashSet<Arc<str>>>,
}

impl Plan<'_> {
    /// Whether this run checks `path` with the per-file checks (every path unless sharded).
    pub fn owns_path(&self, path: &str) -> bool {
        self.input.shard.is_none_or(|s| s.owns_path(path))
    }

    /// Whether this run does the repository-level work of check `id` (every check unless sharded).
    pub fn owns_check(&self, id: &str) -> bool {
        self.input.shard.is_none_or(|s| self.registry.iter().position(|c| *c == id).is_some_and(|i| s.owns_check(i)))
    }
}

/// Runs `checks` as `input` and `config` say.
pub fn run(config: &Config, input: &Input, checks: &[Box<dyn Check>]) -> Result<Report, RunError> {
    let plan = plan(config, input, checks)?;
    execute_plan(plan)
}

/// Runs several inputs (the refs of one push) and merges their reports into one: files and findings add up,
/// findings are ordered as one run orders them and a finding two inputs share is reported once.
pub fn run_many(config: &Config, inputs: &[Input], checks: &[Box<dyn Check>]) -> Result<Report, RunError> {
    let mut report = Report::default();
    for input in inputs {
        let one = run(config, input, checks)?;
        report.files += one.files;
        report.left_out += one.left_out;
        report.findings.extend(one.findings);
        report.sources.extend(one.sources);
        report.rules = one.rules;
    }
    report.findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    report.findings.dedup_by(|a, b| a.code == b.code && a.primary == b.primary && a.message == b.message);
    Ok(report)
}

/// Runs `checks` on files held in memory, as if they were a working tree without git: every rule of
/// the configuration applies, no diff filter. For library users and fixture tests.
pub fn run_files(
    config: &Config,
    checks: &[Box<dyn Check>],
    files: impl IntoIterator<Item = (String, Vec<u8>)>,
) -> Result<Report, RunError> {
    run_files_at(Path::new("."), config, checks, files)
}

/// [`run_files`] with `root` as the repository root checks see (`RepoCtx::root`): relative paths that point
/// outside the files, such as a local Maven repository, are resolved against it.
pub fn run_files_at(
    root: &Path,
    config: &Config,
    checks: &[Box<dyn Check>],
    files: impl IntoIterator<Item = (String, Vec<u8>)>,
) -> Result<Report, RunError> {
    let input = Input::default();
    let source: Arc<dyn FileSource> = Arc::new(MemorySource::new(files));
    let exclude = globs(&config.exclude, "exclude")?;
    let files: Vec<FileInfo> = source.files().iter().filter(|f| !is_excluded(&exclude, &f.path)).cloned().collect();
    let checks = select_checks(checks, &input)?;
    let rules = rules_of(&checks);
    let selection = finish::Selection::new(config, &input, &rules)?;
    let mut prepared = Vec::new();
    for check in &checks {
        if let Some(read) = check.prepare(config, &*source).map_err(RunError::Usage)? {
            prepared.push(read);
        }
    }
    let prepared: Vec<&str> = prepared.iter().map(String::as_str).collect();
    let plan = Plan {
        root: root.to_path_buf(),
        git_dir: None,
        revision: Revision::WorkTree,
        attributes: Attributes::new(Arc::clone(&source), None),
        source,
        changes: None,
        base_source: None,
        base: None,
        files,
        checks,
        repo_skipped: Vec::new(),
        rules,
        diff_mode: DiffMode::None,
        full_run: true,
        paths: Vec::new(),
        selection,
        config,
        input: &input,
        configuration: configuration_fingerprint(config, &input, DiffMode::None, &[], &prepared)?,
        registry: Vec::new(),
        reruns: false,
        merge_run: precheck_core::MergeRun::No,
        memo: None,
        narrow: None,
    };
    execute_plan(plan)
}

/// The most worker threads that help: more than a few per core only add start-up and contention (`-j 10000`
/// on a two-file repository took 82 s).
pub fn max_useful_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get) * 4
}

/// The stack of each worker thread: a parser that recurses per nesting level or per operator meets input
/// far deeper than real code (issue 22); depth bounds stop it first, and this generous stack (address space
/// only, until used) keeps a bound that is still too deep from aborting the process.
const WORKER_STACK: usize = 64 << 20;

fn execute_plan(plan: Plan<'_>) -> Result<Report, RunError> {
    let jobs = plan.input.jobs.map_or(0, |j| j.min(max_useful_jobs()));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .stack_size(WORKER_STACK)
        .thread_name(|i| format!("precheck-{i}"))
        .build()
        .map_err(|e| RunError::Io(format!("cannot start worker threads: {e}")))?;
    pool.install(|| {
        let raw = execute::execute(&plan);
        finish::finish(&plan, raw)
    })
}

fn select_checks<'a>(checks: &'a [Box<dyn Check>], input: &Input) -> Result<Vec<&'a dyn Check>, RunError> {
    for id in &input.only {
        if !checks.iter().any(|c| c.id() == id) {
            let known: Vec<&str> = checks.iter().map(|c| c.id()).collect();
            return Err(RunError::Usage(format!("unknown check `{id}` in --only (known: {})", known.join(", "))));
        }
    }
    Ok(checks
        .iter()
        .filter(|c| input.only.is_empty() || input.only.iter().any(|o| o == c.id()))
        .map(|c| &**c)
        .collect())
}

fn rules_of(checks: &[&dyn Check]) -> Vec<&'static RuleMeta> {
    let mut rules: Vec<&'static RuleMeta> = precheck_core::pc::RULES.to_vec();
    for check in checks {
        rules.extend(check.rules().iter().copied());
    }
    rules.sort_by_key(|r| r.code);
    rules
}

/// Compiles config globs (`exclude`, override paths).
pub(crate) fn globs(patterns: &[String], what: &str) -> Result<GlobSet, RunError> {
    let mut builder = GlobSetBuilder::new();
    for p in patterns {
        let glob = GlobBuilder::new(p)
            .literal_separator(true)
            .build()
            .map_err(|e| RunError::Usage(format!("invalid glob `{p}` in {what}: {e}")))?;
        builder.add(glob);
    }
    builder.build().map_err(|e| RunError::Usage(format!("invalid globs in {what}: {e}")))
}

/// Whether `path` or one of its parent directories matches an exclude glob.
pub(crate) fn is_excluded(exclude: &GlobSet, path: &str) -> bool {
    if exclude.is_empty() {
        return false;
    }
    if exclude.is_match(path) {
        return true;
    }
    path.match_indices('/').any(|(i, _)| path.get(..i).is_some_and(|dir| exclude.is_match(dir)))
}

fn plan<'a>(config: &'a Config, input: &'a Input, checks: &'a [Box<dyn Check>]) -> Result<Plan<'a>, RunError> {
    let dir = if input.dir.as_os_str().is_empty() { PathBuf::from(".") } else { input.dir.clone() };
    let dir = dir.canonicalize().map_err(|e| RunError::Io(format!("cannot open directory {}: {e}", dir.display())))?;
    let needs_git = input.base.is_some() || input.head != HeadSource::WorkTree;
    let repo = match Repo::discover(&dir) {
        Ok(repo) => Some(repo),
        Err(e) if needs_git => return Err(e.into()),
        Err(_) => None,
    };
    let exclude = globs(&config.exclude, "exclude")?;
    let all_checks = checks;
    let checks = select_checks(checks, input)?;
    let rules = rules_of(&checks);
    let selection = finish::Selection::new(config, input, &rules)?;

    let (root, git_dir) = match &repo {
        Some(r) => (r.workdir().unwrap_or_else(|| r.git_dir()).to_path_buf(), Some(r.git_dir().to_path_buf())),
        None => (dir.clone(), None),
    };
    let root = root.canonicalize().unwrap_or(root);
    if repo.as_ref().is_some_and(|r| r.is_bare()) && input.head == HeadSource::WorkTree {
        return Err(RunError::Usage("this is a bare repository: name the commit to check with --head REV".to_string()));
    }

    // The head: what is checked.
    let (revision, source): (Revision, Arc<dyn FileSource>) = match (&input.head, &repo) {
        (HeadSource::WorkTree, _) => (Revision::WorkTree, Arc::new(WorkTreeSource::new(&root, exclude.clone()))),
        (HeadSource::Staged, Some(r)) => (Revision::Index, Arc::new(precheck_git::IndexSource::new(r.git_dir())?)),
        (HeadSource::Rev(rev), Some(r)) => {
            let id = r.resolve(rev)?;
            let source = precheck_git::TreeSource::new(r.git_dir(), &id)?;
            (Revision::Commit(id), Arc::new(source))
        }
        // Discovery already failed with its own error when git is needed; this only keeps the match total.
        (_, None) => return Err(RunError::Usage("--staged and --head need a git repository".to_string())),
    };

    // The change set, when --base was given.
    let mut changes = None;
    let mut base_source: Option<Arc<dyn FileSource>> = None;
    let mut base_id = None;
    if let (Some(base), Some(r)) = (&input.base, &repo) {
        let base_commit = r.resolve(base)?;
        let head_commit = match &revision {
            Revision::Commit(id) => id.clone(),
            _ => r.head_commit().ok_or_else(|| {
                RunError::Usage("HEAD has no commit yet: there is nothing to compare --base with".to_string())
            })?,
        };
        let merge_base = r.merge_base(&base_commit, &head_commit)?.ok_or_else(|| {
            // In a shallow clone the common history may simply not have been fetched.
            let hint = if r.common_dir().join("shallow").is_file() {
                "; the clone is shallow: fetch more history (`--fetch-missing`, `git fetch --deepen=<n>` or `git fetch --unshallow`)"
            } else {
                ""
            };
            RunError::Usage(format!("`{base}` and the head have no common history (no merge base){hint}"))
        })?;
        let set = match &revision {
            Revision::Commit(id) => r.changes_between(&merge_base, id)?,
            Revision::Index => r.changes_to_index(&merge_base)?,
            Revision::WorkTree => r.changes_to_workdir(&merge_base)?,
        };
        base_source = Some(Arc::new(precheck_git::TreeSource::new(r.git_dir(), &merge_base)?));
        base_id = Some(base_commit);
        changes = Some(set);
    }

    let paths = normalise_paths(&dir, &root, &input.paths)?;
    let wanted = |p: &str| in_paths(&paths, p);
    // A path that names nothing is a mistake, as in git ("pathspec did not match any file"): not a clean run.
    for (given, q) in input.paths.iter().zip(&paths) {
        let named = q.is_empty()
            || source.exists(q)
            || source.paths().iter().any(|f| in_paths(std::slice::from_ref(q), &f.path))
            || (revision == Revision::WorkTree && root.join(q).exists());
        if !named {
            return Err(RunError::Usage(format!("path `{given}` matches no file of the revision checked")));
        }
    }

    let files: Vec<FileInfo> = match &changes {
        Some(set) => {
            let mut files = Vec::new();
            for path in set.present_paths() {
                if is_excluded(&exclude, path) || !wanted(path) {
                    continue;
                }
                // The pre-push path must stay proportional to the change: look each changed path up on its own
                // (a stat, an index entry, a tree path), never through a listing of the whole revision.
                let info = source.info(path);
                if let Some(info) = info {
                    files.push(info);
                }
            }
            files
        }
        None => source.files().iter().filter(|f| !is_excluded(&exclude, &f.path) && wanted(&f.path)).cloned().collect(),
    };

    let info_attributes = repo.as_ref().and_then(|r| r.info_attributes());
    let attributes = Attributes::new(Arc::clone(&source), info_attributes.as_deref());
    let diff_mode = match (&changes, input.diff_mode) {
        (None, _) => DiffMode::None,
        (Some(_), Some(mode)) => mode,
        (Some(_), None) => config.diff_mode,
    };
    // The revisions checked: a worktree run names the commit it stands on (shards of one CI pipeline do).
    let head_id = match &revision {
        Revision::Commit(id) => format!("commit {id}"),
        Revision::Index => format!("index on {}", repo.as_ref().and_then(Repo::head_commit).unwrap_or_default()),
        Revision::WorkTree => format!("worktree on {}", repo.as_ref().and_then(Repo::head_commit).unwrap_or_default()),
    };
    let base_rev = base_id.as_deref().map(|id| format!("base {id}")).unwrap_or_default();
    // Files the configuration names (a gitleaks rule file): a broken one stops the run before any file is read.
    let mut prepared = vec![head_id.clone(), base_rev];
    for check in &checks {
        if let Some(read) = check.prepare(config, &*source).map_err(RunError::Usage)? {
            prepared.push(read);
        }
    }
    let prepared: Vec<&str> = prepared.iter().map(String::as_str).collect();
    let configuration = configuration_fingerprint(config, input, diff_mode, &paths, &prepared)?;
    Ok(Plan {
        full_run: changes.is_none() && paths.is_empty(),
        paths,
        root,
        git_dir,
        revision,
        attributes,
        source,
        changes,
        base_source,
        base: base_id,
        files,
        checks,
        repo_skipped: Vec::new(),
        rules,
        diff_mode,
        selection,
        config,
        input,
        configuration,
        registry: all_checks.iter().map(|c| c.id()).collect(),
        reruns: true,
        merge_run: precheck_core::MergeRun::No,
        memo: None,
        narrow: None,
    })
}

/// The report's configuration fingerprint: what decides the findings besides the files themselves. The
/// configuration file's text (not its path: shards run in different directories), the command line's
/// selection and checks, the diff mode, grouping, the paths, the baseline's content and the revisions; not
/// the shard, the output format, the thread count or where blob ids are cached.
fn configuration_fingerprint(
    config: &Config,
    input: &Input,
    diff_mode: DiffMode,
    paths: &[String],
    revisions: &[&str],
) -> Result<String, RunError> {
    let text = config.source.as_ref().map_or("", |(_, text)| text.as_str());
    let baseline = match &input.baseline {
        Some(path) => {
            std::fs::read(path).map_err(|e| RunError::Io(format!("cannot read baseline {}: {e}", path.display())))?
        }
        None => Vec::new(),
    };
    let list = |items: &[String]| items.join("\n");
    let selection = &input.selection;
    let parts = [
        "precheck configuration 1".to_string(),
        text.to_string(),
        list(&selection.select),
        list(&selection.extend_select),
        list(&selection.presets),
        list(&selection.ignore),
        list(&input.only),
        match diff_mode {
            DiffMode::Added => "added",
            DiffMode::DiffContext => "diff-context",
            DiffMode::File => "file",
            DiffMode::None => "none",
        }
        .to_string(),
        format!("group {}", config.group_findings && !input.no_group),
        list(paths),
        input.pushed_ref.clone().unwrap_or_default(),
    ];
    let revisions = revisions.iter().map(|r| r.as_bytes());
    Ok(precheck_core::fingerprint::of_parts(
        parts.iter().map(|p| p.as_bytes()).chain(std::iter::once(&baseline[..])).chain(revisions),
    ))
}

/// Whether `path` is one of `paths` or under one (every path when there are none).
pub(crate) fn in_paths(paths: &[String], path: &str) -> bool {
    paths.is_empty()
        || paths.iter().any(|q| {
            q.is_empty() || path == q || (path.starts_with(q.as_str()) && path.as_bytes().get(q.len()) == Some(&b'/'))
        })
}

/// Turns command-line paths (relative to the starting directory) into repo-relative prefixes.
fn normalise_paths(dir: &Path, root: &Path, paths: &[String]) -> Result<Vec<String>, RunError> {
    let mut out = Vec::new();
    for p in paths {
        let joined = dir.join(p);
        let mut parts: Vec<String> = Vec::new();
        let outside = || RunError::Usage(format!("path `{p}` is outside the repository"));
        // A path may not exist (a deleted file), so compare without canonicalising first.
        let rel = match joined.strip_prefix(root) {
            Ok(r) => r.to_path_buf(),
            Err(_) => joined
                .canonicalize()
                .ok()
                .and_then(|c| c.strip_prefix(root).ok().map(Path::to_path_buf))
                .ok_or_else(outside)?,
        };
        for c in rel.components() {
            match c {
                std::path::Component::CurDir => {}
                std::path::Component::ParentDir => {
                    if parts.pop().is_none() {
                        return Err(outside());
                    }
                }
                std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
                _ => return Err(outside()),
            }
        }
        out.push(parts.join("/"));
    }
    Ok(out)
}

/// Checks that `selectors` all name known rules (for `--select` / `--ignore`).
pub(crate) fn known_selectors(selectors: &[String], rules: &[&RuleMeta], flag: &str) -> Result<(), RunError> {
    for s in selectors {
        if !RuleSelector::new(s).matches_any(rules.iter().copied()) {
            return Err(RunError::Usage(format!("unknown rule `{s}` in {flag} (see `precheck rules`)")));
        }
    }
    Ok(())
}
