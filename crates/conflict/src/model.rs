//! What a prediction produces: merges, their conflicts, and the release-train matrix.

use serde::Serialize;

use crate::kind::ConflictKind;

/// Which engine judged a merge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum EngineKind {
    /// `git merge-tree --write-tree` (merge-ort), the reference.
    #[serde(rename = "git-merge-tree")]
    GitMergeTree,
    /// libgit2's `merge_commits` (the fallback; see the crate docs for its known differences).
    #[serde(rename = "git2")]
    Git2,
}

impl EngineKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EngineKind::GitMergeTree => "git-merge-tree",
            EngineKind::Git2 => "git2",
        }
    }
}

/// An inclusive, 1-based range of lines of the source-side (head) blob.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct LineRange {
    pub start: u32,
    pub end: u32,
}

/// One conflicted path of a merge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// The path as it appears on the source side (for renames the new name), else the name git reports.
    pub path: String,
    pub kind: ConflictKind,
    /// For a content conflict, the source-side lines of each conflicting hunk.
    pub lines: Vec<LineRange>,
    /// git's own message (one line).
    pub message: String,
    /// git's `<type>` when the kind groups several (directory renames, submodules) or is unknown.
    #[serde(skip)]
    pub subkind: Option<String>,
    /// The stage pattern of the path's unmerged entries (`123`, `23`, `12`, `13`), empty when it has none.
    #[serde(skip)]
    pub stages: String,
    /// The other names the message gives (the old name of a rename, the other side's name).
    #[serde(skip)]
    pub other_paths: Vec<String>,
    /// Whether this entry stands for its conflict where one conflict has several paths (a rename/rename is
    /// listed at the old name and both new ones): the source side's name. Reports of one finding per
    /// conflict (the gate) take these; listings of every path take all.
    #[serde(skip)]
    pub primary: bool,
}

/// How a merge went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Clean,
    Conflicted,
    /// The pair could not be merged (unrelated histories, missing objects, a shallow clone): why.
    Failed(String),
}

/// One merge of `source` into `target`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergeResult {
    /// The revisions as the user named them.
    pub source: String,
    pub target: String,
    /// Their commit ids.
    pub source_id: String,
    pub target_id: String,
    pub verdict: Verdict,
    pub engine: EngineKind,
    /// The probed git's version (also when git2 judged because that git was too old); `None` without git.
    pub git_version: Option<String>,
    /// One entry per conflicted path, sorted by path.
    pub conflicts: Vec<Conflict>,
    /// Paths both sides changed that merged cleanly (`Auto-merging`), sorted.
    pub auto_merged: Vec<String>,
    /// Every path with unmerged stages (what `git merge-tree --name-only` lists), sorted.
    pub conflicted_paths: Vec<String>,
    /// How many merge bases the pair has, when computed (more than one: a criss-cross merge).
    pub merge_bases: Option<usize>,
    /// The merged tree's id, when the engine wrote one (git merge-tree; readable while the predictor that
    /// merged keeps its objects, `Options::keep_trees`).
    pub tree: Option<String>,
    /// Semantic conflicts (CF007) of a clean merge, when they were looked for: findings only the merge has.
    pub semantic: Vec<SemanticConflict>,
}

/// A finding of the merged tree that neither side has alone (CF007), as `precheck conflicts` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SemanticConflict {
    /// The underlying rule's code and name (`AX003`, `duplicate-key`); `PC002` when a check failed on the
    /// merged tree only.
    pub rule: String,
    pub name: String,
    /// Where the merged tree has it.
    pub path: String,
    pub line: u32,
    /// The underlying finding's message.
    pub message: String,
    /// What each side changed of the check's inputs since the merge base.
    pub target_paths: Vec<String>,
    pub source_paths: Vec<String>,
    /// Error for what breaks the merge into the target (and CF007 everywhere); a migration clash between two
    /// open branches is a warning, like CF003: whichever merges second renumbers (conflicts.md §11).
    pub severity: precheck_core::Severity,
}

impl MergeResult {
    pub fn is_clean(&self) -> bool {
        self.verdict == Verdict::Clean
    }

    /// Clean for git, but with semantic conflicts.
    pub fn is_semantic(&self) -> bool {
        self.is_clean() && !self.semantic.is_empty()
    }

    /// Clean for git, with semantic conflicts that are all below error (migration clashes between two open
    /// branches): the matrix shows them apart from the ones that break a merge.
    pub fn is_semantic_warning_only(&self) -> bool {
        self.is_semantic() && self.semantic.iter().all(|s| s.severity < precheck_core::Severity::Error)
    }

    pub fn error(&self) -> Option<&str> {
        match &self.verdict {
            Verdict::Failed(why) => Some(why),
            _ => None,
        }
    }

    /// "git-merge-tree, git 2.47.3" — which engine and git produced the answer.
    pub fn engine_note(&self) -> String {
        match (&self.engine, &self.git_version) {
            (EngineKind::GitMergeTree, Some(v)) => format!("git merge-tree, git {v}"),
            (EngineKind::GitMergeTree, None) => "git merge-tree".to_string(),
            (EngineKind::Git2, Some(v)) => format!("git2 fallback; git {v} found"),
            (EngineKind::Git2, None) => "git2 fallback; no git found".to_string(),
        }
    }
}

/// The release-train matrix: every source into the target and every pair of sources.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matrix {
    pub target: String,
    pub sources: Vec<String>,
    /// Cells as indexes into [`Prediction::merges`]: `into_target[i]` is source `i` into the target,
    /// `pairs` holds `(i, j, merge)` for `i < j` (source `j` merged into source `i`).
    pub into_target: Vec<usize>,
    pub pairs: Vec<(usize, usize, usize)>,
}

/// The answer of `precheck conflicts`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Prediction {
    pub merges: Vec<MergeResult>,
    pub matrix: Option<Matrix>,
    /// Run-wide notes (e.g. a missing commit-graph, semantic conflicts not looked for), in every output (JSON:
    /// `notes`, always present).
    pub notes: Vec<String>,
    /// When the prediction was made (`2026-12-07 09:58 UTC`), for the HTML page; set by the caller, so that
    /// the library's answer stays the same run to run.
    pub made: Option<String>,
}

impl Prediction {
    /// Whether a merge into the target is not clean or has semantic conflicts (the exit status of `precheck
    /// conflicts`).
    pub fn target_conflicts(&self) -> bool {
        let target_merges: Vec<usize> = match &self.matrix {
            Some(m) => m.into_target.clone(),
            None => (0..self.merges.len()).collect(),
        };
        target_merges.iter().filter_map(|&i| self.merges.get(i)).any(|m| !m.is_clean() || !m.semantic.is_empty())
    }
}
