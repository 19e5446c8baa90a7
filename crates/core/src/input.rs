//! What a run checks ([`Input`]) and what it found ([`Report`]).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::{CliSelection, DiffMode};
use crate::finding::{Finding, Severity};
use crate::rule::RuleMeta;

/// Receives progress while files are checked (the binary draws a bar with it).
pub trait Progress: Send + Sync {
    /// Called once with the number of files to check.
    fn start(&self, total: u64);
    /// Called after each file.
    fn advance(&self);
    fn finish(&self);
}

/// Where the head comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum HeadSource {
    /// The working tree, uncommitted changes included.
    #[default]
    WorkTree,
    /// The index (`--staged`).
    Staged,
    /// A revision (`--head REV`), read from git objects; works in a bare repository.
    Rev(String),
}

/// One run's input, as the command line or a library user describes it.
#[derive(Clone, Default)]
pub struct Input {
    /// The directory to start from (`-C`); the repository is found from here upward.
    pub dir: PathBuf,
    pub head: HeadSource,
    /// `--base REV`: check only what changed since merge-base(REV, head).
    pub base: Option<String>,
    /// Restrict the run to these repo-relative paths (files or directories).
    pub paths: Vec<String>,
    /// `--only`: check ids to run (empty = all).
    pub only: Vec<String>,
    /// `--select`, `--extend-select`, `--preset` and `--ignore`: the command line's selection over the
    /// configuration's.
    pub selection: CliSelection,
    /// `--diff-mode`, overriding the configuration.
    pub diff_mode: Option<DiffMode>,
    /// Where run-wide scans keep, between runs, the ids of blobs they found nothing in (outside the repository;
    /// see [`crate::BlobCache`]); `None` keeps nothing.
    pub cache_dir: Option<PathBuf>,
    /// `--no-group`: report every line of a finding repeated in a file, not one finding per file
    /// (`group-findings` in precheck.toml; a baseline is always written ungrouped).
    pub no_group: bool,
    /// A baseline file whose findings are dropped.
    pub baseline: Option<PathBuf>,
    /// The remote ref a pre-push hook is pushing to (`refs/heads/main`), for rules about protected branches.
    pub pushed_ref: Option<String>,
    /// Worker threads (`-j`); `None` = one per core.
    pub jobs: Option<usize>,
    pub progress: Option<Arc<dyn Progress>>,
    /// The caller quotes no source lines (JSON, SARIF, …): [`Report::sources`] stays empty except for files
    /// with suppression comments, and the texts of files with findings are not kept through the run.
    pub without_sources: bool,
    /// `--shard I/N`: run only this shard's part ([`crate::shard`]); the report is then one part of a
    /// sharded run, for `precheck report merge`.
    pub shard: Option<crate::Shard>,
}

impl std::fmt::Debug for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Input")
            .field("dir", &self.dir)
            .field("head", &self.head)
            .field("base", &self.base)
            .field("paths", &self.paths)
            .field("only", &self.only)
            .field("shard", &self.shard)
            .finish_non_exhaustive()
    }
}

/// Counts for a report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    /// Files left out of the hygiene, size, long-line and entropy rules as vendored, generated or minified.
    pub left_out: usize,
    pub findings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

/// The result of a run: sorted, deduplicated findings and what renderers need to show them.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    /// Files checked.
    pub files: usize,
    /// Of those, the files left out of the hygiene rules as vendored, generated or minified
    /// ([`crate::origin`]).
    pub left_out: usize,
    /// The rules of the run: those enabled for some path (for SARIF's rule table and JUnit's test cases).
    pub rules: Vec<&'static RuleMeta>,
    /// The decoded text of files that have findings, for source snippets.
    pub sources: BTreeMap<Arc<str>, Arc<str>>,
    /// A fingerprint (32 hex digits) of what decides the findings besides the files themselves: the
    /// configuration file's text, the command line's selection, diff mode, grouping, paths, baseline and the
    /// revisions checked. Shards of one run share it; `report merge` refuses reports that do not.
    pub configuration: String,
    /// Set when the report is one shard of a run (`--shard`): its findings are every line (grouping waits
    /// for the merge) and PC001 is left to the merge.
    pub shard: Option<crate::shard::ShardPart>,
}

impl Report {
    pub fn summary(&self) -> Summary {
        let count = |s| self.findings.iter().filter(|f| f.severity == s).count();
        Summary {
            files: self.files,
            left_out: self.left_out,
            findings: self.findings.len(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
        }
    }

    /// The metadata of the rule with `code`, if it belongs to the run.
    pub fn rule(&self, code: &str) -> Option<&'static RuleMeta> {
        self.rules.iter().copied().find(|r| r.code == code)
    }
}
