//! The [`Check`] trait every check crate implements, and the contexts the runner hands it.

use std::any::{Any, TypeId};
use std::collections::{HashMap, HashSet};
use std::io;
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use crate::attributes::Attributes;
use crate::change::{ChangeSet, FileChange};
use crate::config::Config;
use crate::finding::{Finding, Span};
use crate::rule::{RuleMeta, RulePolicy};
use crate::text::{self, Decoded, LineIndex};

/// A check: a group of rules with one config section, run per file and/or once per repository.
pub trait Check: Send + Sync {
    /// The check id (`conflict`, `code`, `sql`, …): its `--only` name and config section.
    fn id(&self) -> &'static str;
    /// Every rule the check can report. Their metadata also says which ones `check_file` reports and whether
    /// it reads binary files ([`RuleMeta::scope`], [`RuleMeta::reads_binary`]).
    fn rules(&self) -> &'static [&'static RuleMeta];
    /// Its `[id]` section as data ([`crate::config_spec`]): keys, defaults, validation, allow-lists, from which
    /// core and the runner derive unknown-key and type errors, `precheck init`'s section and PC004. `None`: the
    /// check has no section.
    fn config(&self) -> Option<&'static crate::config_spec::ConfigSpec> {
        None
    }
    /// A cheap path/type filter: whether `check_file` wants this file.
    fn wants(&self, _file: &FileInfo) -> bool {
        true
    }
    /// Per-file work.
    fn check_file(&self, _cx: &FileCtx<'_>, _out: &mut Sink) {}
    /// Cross-file work, once per run.
    fn check_repo(&self, _cx: &RepoCtx<'_>, _out: &mut Sink) {}
    /// Once per run, before any file is checked: loads what the configuration names in the revision (a rule
    /// file such as `[code] secrets-config`). `Err` ends the run with exit status 2 and the message (which names
    /// the file and the reason); `Ok(Some(text))` is what was read, folded into the run's configuration
    /// fingerprint so that a changed rule file is not served from a cache.
    fn prepare(&self, _config: &Config, _source: &dyn FileSource) -> Result<Option<String>, String> {
        Ok(None)
    }
    /// Whether `check_file`'s findings on a file may depend on other files of the revision (run-wide facts
    /// read through [`FileCtx::repo`]): semantic conflicts then re-check files only one side changed too.
    fn file_findings_read_repo(&self) -> bool {
        false
    }
    /// Whether changes `a` and `b` (each leading to its tree), each of which changed this check's inputs
    /// ([`Check::inputs_changed`]), can meet in its repository-wide findings: whether their merge can have a
    /// finding there that neither side has. Semantic re-runs run the check's repository work on a merged tree
    /// only then (its per-file pass still sees the files both sides changed). `memo` as for
    /// [`Check::inputs_changed`]. The default: they can.
    fn changes_meet(
        &self,
        _a: &ChangeSet,
        _a_source: &dyn FileSource,
        _b: &ChangeSet,
        _b_source: &dyn FileSource,
        _memo: Option<&crate::Memo>,
    ) -> bool {
        true
    }
    /// For a check whose per-file findings read other files ([`Check::file_findings_read_repo`]): whether the
    /// findings on `path` — a file one side of a merge changed and the other did not, as `change.source` (that
    /// side's tree, the merged tree's version of the file) holds it — can depend on what the other side changed
    /// (`change.other`, read against `change.other_source`, from `change.base_source`). A semantic re-run
    /// re-checks such a file only then: when not, its findings in the merged tree are the ones its side already
    /// has. The default: it can.
    fn file_reads_change(&self, _path: &str, _change: &OtherChange<'_>) -> bool {
        true
    }
    /// Whether `changes` (read against `source`, the revision they lead to, under `config`) can change this
    /// check's repository-wide findings. Semantic conflicts (CF007) re-run a check in full on a merge result
    /// only when this holds on both sides of the merge; otherwise its per-file pass alone is re-run on the
    /// paths both sides changed that [`Check::wants`] takes (unless [`Check::file_findings_read_repo`]), so a
    /// check with both kinds of work (java: per-file rules and the mapper join) answers for its `check_repo`
    /// inputs only. The default: a changed path, or a renamed one's old name, that [`Check::wants`] takes; a
    /// check whose work is all in `check_repo` says which changes matter to it. `memo` is the comparison's
    /// [`crate::Memo`] (what was read from a blob, shared with the re-runs), `None` outside one.
    fn inputs_changed(
        &self,
        changes: &ChangeSet,
        _source: &dyn FileSource,
        _config: &Config,
        _memo: Option<&crate::Memo>,
    ) -> bool {
        changes.files.iter().any(|(path, change)| {
            let old = match &change.kind {
                crate::change::ChangeKind::Renamed { from } => Some(from.as_str()),
                _ => None,
            };
            let mode = FileMode::from_git(if change.new_mode != 0 { change.new_mode } else { change.old_mode });
            std::iter::once(path.as_str()).chain(old).any(|p| self.wants(&FileInfo::new(p, mode, 0)))
        })
    }
}

/// What [`Check::file_reads_change`] is asked against: one side's tree and the other side's change.
pub struct OtherChange<'a> {
    /// The tree of the side that changed the file asked about.
    pub source: &'a dyn FileSource,
    /// The other side's change since the merge base, and its tree.
    pub other: &'a ChangeSet,
    pub other_source: &'a dyn FileSource,
    /// The merge base's tree (what the other side changed from).
    pub base_source: &'a dyn FileSource,
    /// The comparison's memo (see [`Check::inputs_changed`]).
    pub memo: Option<&'a crate::Memo>,
}

/// A merge result the checks can be re-run on: the tree git's merge of `source` into `target` produced,
/// written to a temporary object directory (semantic conflicts, CF007).
#[derive(Clone, Copy, Debug)]
pub struct MergedTree<'a> {
    /// The commit merged into (ours).
    pub target: &'a str,
    /// The commit merged (theirs).
    pub source: &'a str,
    /// The merged tree's id.
    pub tree: &'a str,
    /// Where the merged tree's objects are, besides the repository's.
    pub object_dirs: &'a [std::path::PathBuf],
    /// The check asking, left out of the re-run (its repository work is the merge itself).
    pub asking: &'a str,
}

/// A finding of the merged tree that neither side has ([`MergeRerun`]).
#[derive(Clone, Debug)]
pub struct NewInMerge {
    /// The finding as the merged tree has it (a `PC002`: a check failed on the merged tree only).
    pub finding: Finding,
    /// The paths the check reads that the target side changed since the merge base (the finding's own paths
    /// first).
    pub target_paths: Vec<String>,
    /// Likewise for the source side.
    pub source_paths: Vec<String>,
}

/// What the run offers a check that wants the other checks re-run on a merge result (the conflict check's
/// CF007): the runner implements it, so a check crate never depends on the runner.
pub trait MergeRerun: Sync {
    /// The findings of the checks whose inputs changed on both sides, present in the merged tree and absent
    /// from both sides' trees (compared by rule, path and message with numbers masked: merges move lines).
    fn new_in_merge(&self, merge: &MergedTree<'_>) -> Result<Vec<NewInMerge>, String>;
}

/// Git's view of a file's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileMode {
    Regular,
    Executable,
    Symlink,
    /// A submodule pointer.
    Gitlink,
}

impl FileMode {
    /// From a git mode (`0o100644`, …); unknown modes count as regular files.
    pub fn from_git(mode: u32) -> FileMode {
        match mode {
            0o100755 => FileMode::Executable,
            0o120000 => FileMode::Symlink,
            0o160000 => FileMode::Gitlink,
            _ => FileMode::Regular,
        }
    }

    pub fn to_git(self) -> u32 {
        match self {
            FileMode::Regular => 0o100644,
            FileMode::Executable => 0o100755,
            FileMode::Symlink => 0o120000,
            FileMode::Gitlink => 0o160000,
        }
    }
}

/// A file of the revision being checked.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FileInfo {
    /// Repo-relative, `/`-separated.
    pub path: Arc<str>,
    pub mode: FileMode,
    pub size: u64,
}

impl FileInfo {
    pub fn new(path: impl Into<Arc<str>>, mode: FileMode, size: u64) -> FileInfo {
        FileInfo { path: path.into(), mode, size }
    }

    /// The final path component.
    pub fn file_name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    /// The extension, lower-case comparison left to the caller (`"rs"`, `"xml"`), or `""`.
    pub fn extension(&self) -> &str {
        let name = self.file_name();
        match name.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => ext,
            _ => "",
        }
    }
}

/// Where file contents come from: the working tree, the index, or a commit's tree.
pub trait FileSource: Send + Sync {
    /// Every file of the revision, sorted by path. May be computed lazily on first call.
    fn files(&self) -> &[FileInfo];
    /// Every file of the revision by path, sorted by path, where `size` may be 0 and an executable file may
    /// show as [`FileMode::Regular`] (symlinks and submodules keep their mode): for callers that only look
    /// for files by name (a repository-wide fact), from sources that would have to read each object (a
    /// commit's tree) or `stat` each file (a working tree) to know more. Default: [`FileSource::files`].
    fn paths(&self) -> &[FileInfo] {
        self.files()
    }
    /// Entries the listing could not name or read (a file name that is not UTF-8, a path longer than the
    /// system allows), as (the path as shown, why): the runner reports each as PC003 rather than losing it.
    fn skipped(&self) -> Vec<(String, String)> {
        Vec::new()
    }
    /// The bytes of `path` (for a symlink, its target).
    fn read(&self, path: &str) -> io::Result<Vec<u8>>;
    /// The bytes of `path` into `buf` (cleared first), so that a caller reading many files reuses one
    /// allocation. Sources that read from disk override it; the default copies [`FileSource::read`].
    fn read_into(&self, path: &str, buf: &mut Vec<u8>) -> io::Result<()> {
        *buf = self.read(path)?;
        Ok(())
    }
    /// Like [`FileSource::read_into`], but a source that can read a file's start alone stops after the first
    /// [`text::BINARY_SNIFF_LEN`] bytes when they show the file is binary ([`text::is_binary`]): for callers
    /// that skip binary files anyway. Returns whether `buf` holds the whole file.
    fn read_text_into(&self, path: &str, buf: &mut Vec<u8>) -> io::Result<bool> {
        self.read_into(path, buf)?;
        Ok(true)
    }
    /// The git object id of `path`'s content, where the source knows it without reading the file (a commit's
    /// tree, the index); `None` otherwise (the working tree, files in memory). See [`crate::BlobCache`].
    fn content_id(&self, _path: &str) -> Option<crate::ContentId> {
        None
    }
    /// Whether `path` exists in the revision.
    fn exists(&self, path: &str) -> bool {
        self.files().binary_search_by(|f| (*f.path).cmp(path)).is_ok()
    }
    /// The listing entry of one path. Sources whose full listing is costly (a large tree) override this to
    /// look the path up directly, so that checking a few changed files never lists the repository.
    fn info(&self, path: &str) -> Option<FileInfo> {
        let files = self.files();
        files.binary_search_by(|f| (*f.path).cmp(path)).ok().map(|i| files[i].clone())
    }
}

/// What is being checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Revision {
    /// The working tree, uncommitted changes included.
    WorkTree,
    /// The index (`--staged`).
    Index,
    /// A commit's tree, by full hex id.
    Commit(String),
}

/// Values built lazily, once per run (or per file), by whoever asks first; keyed by type.
#[derive(Default)]
pub struct Facts {
    map: Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>,
    /// Facts whose building panicked: what failed and the panic's message (see [`Facts::get_or_default`]).
    failures: Mutex<Vec<String>>,
}

/// What the repository passes on the head of a comparison leave for their passes on the base (diff mode
/// `added`, where a repository finding is new only if the base has none like it): the runner shares the head
/// run's notes with the base run ([`Facts::share`]), so that a pass scoped to the change on the head can look at
/// the same part of the base rather than at all of it (the Java mapper pass's namespaces). Keyed by the check.
#[derive(Default)]
pub struct HeadNotes(Mutex<HashMap<&'static str, Arc<dyn Any + Send + Sync>>>);

impl std::fmt::Debug for HeadNotes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HeadNotes")
    }
}

impl HeadNotes {
    /// Leaves `note` under `check` (a later note of the same check replaces it).
    pub fn put<T: Send + Sync + 'static>(&self, check: &'static str, note: T) {
        match self.0.lock() {
            Ok(mut map) => map.insert(check, Arc::new(note)),
            Err(poisoned) => poisoned.into_inner().insert(check, Arc::new(note)),
        };
    }

    /// The note `check` left, if it left one of type `T`.
    pub fn get<T: Send + Sync + 'static>(&self, check: &str) -> Option<Arc<T>> {
        let note = match self.0.lock() {
            Ok(map) => map.get(check).cloned(),
            Err(poisoned) => poisoned.into_inner().get(check).cloned(),
        }?;
        note.downcast::<T>().ok()
    }
}

impl std::fmt::Debug for Facts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Facts")
    }
}

impl Facts {
    pub fn new() -> Facts {
        Facts::default()
    }

    /// The value of type `T`, built by `init` the first time it is asked for. Concurrent callers wait for
    /// the first; `init` runs without the map locked, so it may ask for other facts.
    pub fn get_or_init<T: Send + Sync + 'static>(&self, init: impl FnOnce() -> T) -> Arc<T> {
        let cell: Arc<OnceLock<Arc<T>>> = {
            let mut map = match self.map.lock() {
                Ok(m) => m,
                Err(poisoned) => poisoned.into_inner(),
            };
            let entry = map
                .entry(TypeId::of::<T>())
                .or_insert_with(|| Arc::new(OnceLock::<Arc<T>>::new()) as Arc<dyn Any + Send + Sync>);
            // The map is keyed by the TypeId of the cell's T, so the downcast cannot fail; were it to, an
            // uncached cell still gives a correct (if rebuilt) value rather than a panic.
            Arc::clone(entry).downcast::<OnceLock<Arc<T>>>().unwrap_or_else(|_| Arc::new(OnceLock::new()))
        };
        Arc::clone(cell.get_or_init(|| Arc::new(init())))
    }

    /// Like [`Facts::get_or_init`], but a panic while building leaves `T::default()` in place and is recorded
    /// (see [`Facts::failures`]): a run-wide fact that fails on one input must not take down every file
    /// check that reads it.
    pub fn get_or_default<T: Default + Send + Sync + 'static>(&self, init: impl FnOnce() -> T) -> Arc<T> {
        self.get_or_init(|| match std::panic::catch_unwind(std::panic::AssertUnwindSafe(init)) {
            Ok(value) => value,
            Err(payload) => {
                let what = std::any::type_name::<T>().rsplit("::").next().unwrap_or("a fact");
                let message = format!("building `{what}` failed: {}", panic_message(&*payload));
                match self.failures.lock() {
                    Ok(mut f) => f.push(message),
                    Err(poisoned) => poisoned.into_inner().push(message),
                }
                T::default()
            }
        })
    }

    /// Puts a value built elsewhere in place of type `T`, for [`Facts::get`] and the getters to find: how a
    /// runner hands the runs it makes something they share (the re-runs of a semantic comparison, one
    /// [`crate::Memo`]). A value already there stays.
    pub fn share<T: Send + Sync + 'static>(&self, value: Arc<T>) {
        let mut map = match self.map.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        map.entry(TypeId::of::<T>()).or_insert_with(|| Arc::new(OnceLock::from(value)) as Arc<dyn Any + Send + Sync>);
    }

    /// The value of type `T` if some caller built or shared it, without building it.
    pub fn get<T: Send + Sync + 'static>(&self) -> Option<Arc<T>> {
        let cell = {
            let map = match self.map.lock() {
                Ok(m) => m,
                Err(poisoned) => poisoned.into_inner(),
            };
            Arc::clone(map.get(&TypeId::of::<T>())?)
        };
        cell.downcast::<OnceLock<Arc<T>>>().ok()?.get().cloned()
    }

    /// What [`Facts::get_or_default`] could not build, in the order it failed.
    pub fn failures(&self) -> Vec<String> {
        match self.failures.lock() {
            Ok(f) => f.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }
}

/// The message of a caught panic.
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_string()
    }
}

/// The repository-level context of a run.
pub struct RepoCtx<'a> {
    /// The working-tree root (for a bare repository, the git directory).
    pub root: &'a Path,
    /// The git directory, if the root is in a git repository.
    pub git_dir: Option<&'a Path>,
    /// What is being checked.
    pub revision: &'a Revision,
    /// The change since the base, when `--base` was given.
    pub changes: Option<&'a ChangeSet>,
    /// The base revision as the user named it (`--base`), resolved to a commit id.
    pub base: Option<&'a str>,
    pub config: &'a Config,
    /// Every file of the revision (read lazily by checks that need them).
    pub source: &'a dyn FileSource,
    /// The files this run checks per file (after discovery, excludes and the change filter).
    pub checked: &'a [FileInfo],
    pub attributes: &'a Attributes,
    /// The remote ref being pushed to, when run from a pre-push hook.
    pub pushed_ref: Option<&'a str>,
    /// True while the runner re-runs repo checks on the base's version of the inputs (diff mode `added`).
    pub is_base: bool,
    /// Where run-wide scans keep, between runs, the blobs they found nothing in ([`crate::BlobCache`]);
    /// `None` keeps nothing.
    pub cache_dir: Option<&'a Path>,
    pub facts: &'a Facts,
    /// Re-runs the checks on a merge result (CF007); `None` where the run offers none (a re-run itself,
    /// fixtures, library users without a repository).
    pub merges: Option<&'a dyn MergeRerun>,
    /// Which tree of a semantic-conflict comparison (CF007) this run checks, if any: a rule may say less there
    /// when what it could say is never new in a merge (see [`MergeRun`]).
    pub merge_run: MergeRun,
}

/// The role of a run in a semantic-conflict comparison (CF007): a finding counts when the merged tree has it and
/// neither side does, so a rule may leave out, on the merged tree, what a side must then have too, and, on the
/// sides, what the merged run no longer reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MergeRun {
    /// An ordinary run.
    #[default]
    No,
    /// The tree git's merge produced; the change set holds both sides' changes from their merge base.
    Merged,
    /// The target's or the source's tree, to tell which merged findings are new.
    Side,
}

impl RepoCtx<'_> {
    /// A run-wide fact of type `T`, built once by `init`. Should building it panic, every caller gets
    /// `T::default()` and the runner reports the failure once as PC002: the other checks go on.
    pub fn fact<T: Default + Send + Sync + 'static>(&self, init: impl FnOnce() -> T) -> Arc<T> {
        self.facts.get_or_default(init)
    }

    /// What the runs of one semantic-conflict comparison share ([`crate::Memo`]: values built from content
    /// alone, such as a parsed file of a given object id); `None` in an ordinary run, which keeps nothing
    /// beyond itself.
    pub fn memo(&self) -> Option<Arc<crate::Memo>> {
        self.facts.get::<crate::Memo>()
    }
}

/// One file, as every rule of a check sees it.
pub struct FileCtx<'a> {
    pub info: &'a FileInfo,
    pub bytes: &'a [u8],
    /// How the file changed since the base (`None` without `--base`, or when unchanged).
    pub change: Option<&'a FileChange>,
    pub config: &'a Config,
    pub attributes: &'a Attributes,
    decoded: OnceLock<Decoded<'a>>,
    lines: OnceLock<LineIndex>,
    origin: OnceLock<crate::Origin>,
    parsed: Facts,
    repo: Option<&'a RepoCtx<'a>>,
}

impl<'a> FileCtx<'a> {
    pub fn new(
        info: &'a FileInfo,
        bytes: &'a [u8],
        change: Option<&'a FileChange>,
        config: &'a Config,
        attributes: &'a Attributes,
    ) -> FileCtx<'a> {
        FileCtx {
            info,
            bytes,
            change,
            config,
            attributes,
            decoded: OnceLock::new(),
            lines: OnceLock::new(),
            origin: OnceLock::new(),
            parsed: Facts::new(),
            repo: None,
        }
    }

    /// The same context with the run's repository context, through which per-file rules reach run-wide
    /// facts (a schema catalogue, the sharding catalogue) and other files.
    pub fn with_repo(mut self, repo: &'a RepoCtx<'a>) -> FileCtx<'a> {
        self.repo = Some(repo);
        self
    }

    /// The run's repository context (always set by the runner; `None` for a context built alone in a test).
    pub fn repo(&self) -> Option<&'a RepoCtx<'a>> {
        self.repo
    }

    pub fn path(&self) -> &Arc<str> {
        &self.info.path
    }

    /// Whether the bytes look binary (NUL in the first 8 KiB).
    pub fn is_binary(&self) -> bool {
        text::is_binary(self.bytes)
    }

    /// Where the file comes from (vendored, generated, minified or written here): hygiene, size, long-line
    /// and entropy rules leave all but the last alone ([`crate::origin`]).
    pub fn origin(&self) -> crate::Origin {
        *self.origin.get_or_init(|| {
            crate::origin::of_file(&self.info.path, self.bytes, self.attributes, &self.config.origin_globs)
        })
    }

    /// The decoded text and how it was decoded.
    pub fn decoded(&self) -> &Decoded<'a> {
        self.decoded.get_or_init(|| text::decode(self.bytes))
    }

    /// The decoded text (BOM removed; undecodable bytes as U+FFFD).
    pub fn text(&self) -> &str {
        &self.decoded().text
    }

    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(self.text()))
    }

    /// The line index, if a rule built it: the runner keeps it for the file's fingerprints.
    pub fn into_lines(self) -> Option<LineIndex> {
        self.lines.into_inner()
    }

    /// A span over `range` of [`FileCtx::text`].
    pub fn span(&self, range: Range<usize>) -> Span {
        self.lines().span(&self.info.path, self.text(), range)
    }

    /// A span over whole lines `first..=last`.
    pub fn lines_span(&self, first: u32, last: u32) -> Span {
        self.lines().lines_span(&self.info.path, self.text(), first, last)
    }

    /// A parse tree (or any derived value) of type `T`, built once per file and shared by every rule.
    pub fn parsed<T: Send + Sync + 'static>(&self, init: impl FnOnce() -> T) -> Arc<T> {
        self.parsed.get_or_init(init)
    }
}

/// Collects a check's findings for one file or one repo pass. Disabled rules are dropped before a finding is
/// built (use [`Sink::emit`] or test [`Sink::enabled`]); configured severities are applied on the way in; a
/// finding already reported (same rule, place and message) is dropped, so that a check may reach one thing by
/// several paths (a properties file of several Antx packages, a TableRule shared by data sources, a statement
/// in several mapper renderings) and say it once. This is the only deduplication of a run.
pub struct Sink<'p> {
    policy: &'p RulePolicy,
    findings: Vec<Finding>,
    seen: HashSet<(&'static str, Arc<str>, usize, usize, String)>,
}

impl<'p> Sink<'p> {
    pub fn new(policy: &'p RulePolicy) -> Sink<'p> {
        Sink { policy, findings: Vec::new(), seen: HashSet::new() }
    }

    /// Whether `rule` is on for this file; test it before expensive work.
    pub fn enabled(&self, rule: &RuleMeta) -> bool {
        self.policy.is_enabled(rule.code)
    }

    /// Reports a finding built by `build`, which runs only when `rule` is on.
    pub fn emit(&mut self, rule: &'static RuleMeta, build: impl FnOnce() -> Finding) {
        if self.enabled(rule) {
            self.push(build());
        }
    }

    /// Reports a finding (dropped if its rule is off).
    pub fn push(&mut self, mut finding: Finding) {
        if !self.policy.is_enabled(finding.code) {
            return;
        }
        let p = &finding.primary;
        if !self.seen.insert((finding.code, Arc::clone(&p.path), p.range.start, p.range.end, finding.message.clone())) {
            return;
        }
        if let Some(severity) = self.policy.severity_override(finding.code) {
            finding.severity = severity;
        }
        self.findings.push(finding);
    }

    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{RulePolicy, Severity, Span};

    static RULE: RuleMeta = RuleMeta::new("sql", "SQL001", "select-star", Severity::Warning, "", "");

    #[test]
    fn head_notes_reach_the_base_run_through_its_facts() {
        let head = Facts::new();
        head.get_or_init(HeadNotes::default).put("java", vec!["a.B".to_string()]);
        let base = Facts::new();
        if let Some(notes) = head.get::<HeadNotes>() {
            base.share(notes);
        }
        let notes = base.get::<HeadNotes>().expect("shared");
        assert_eq!(notes.get::<Vec<String>>("java").as_deref(), Some(&vec!["a.B".to_string()]));
        assert!(notes.get::<String>("java").is_none(), "another type is no note");
        assert!(notes.get::<Vec<String>>("sql").is_none());
    }

    #[test]
    fn the_sink_says_each_finding_once() {
        let policy = RulePolicy::all([&RULE]);
        let mut sink = Sink::new(&policy);
        let path: Arc<str> = Arc::from("a.sql");
        let span = |a: usize| Span { range: a..a + 1, ..Span::file(Arc::clone(&path)) };
        for (at, message) in [(0, "m"), (0, "m"), (0, "other"), (3, "m"), (0, "m")] {
            sink.push(Finding::new(&RULE, span(at), message));
        }
        let said: Vec<(usize, &str)> = sink.findings().iter().map(|f| (f.primary.range.start, &*f.message)).collect();
        assert_eq!(said, vec![(0, "m"), (0, "other"), (3, "m")]);
    }

    #[test]
    fn a_shared_fact_is_what_the_run_gets_and_nothing_is_built_unasked() {
        let facts = Facts::new();
        assert!(facts.get::<crate::Memo>().is_none());
        let memo = Arc::new(crate::Memo::default());
        facts.share(Arc::clone(&memo));
        assert!(facts.get::<crate::Memo>().is_some_and(|m| Arc::ptr_eq(&m, &memo)));
        // The getter that builds finds the shared value too.
        assert!(Arc::ptr_eq(&facts.get_or_init(crate::Memo::default), &memo));
        let other = Facts::new();
        other.get_or_init(|| 3u8);
        assert_eq!(other.get::<u8>().as_deref(), Some(&3));
    }
}
