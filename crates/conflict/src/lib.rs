//! precheck-conflict: the `conflict` check and merge-conflict prediction.
//!
//! It owns leftover conflict markers in files (`CF001`, code.md §2) and merge-conflict prediction
//! (conflicts.md): whether a head merges cleanly into a target (`CF002`), conflicts with the other open
//! branches of a release train (`CF003`, and the matrix of `precheck conflicts --matrix`), pairs that cannot
//! be merged (`CF004`), paths both sides changed that merge cleanly (`CF005`) and a missing commit-graph
//! (`CF006`), semantic conflicts (`CF007`: the other checks re-run on the tree of a clean merge, through
//! [`precheck_core::MergeRerun`], which the runner implements) and migration clashes (`CF008`–`CF010`). Rules
//! live one per file under `rules/`.
//!
//! # Library API
//!
//! [`predict`] and [`predict_matrix`] answer `precheck conflicts`; [`Predictor`] runs arbitrary pairs;
//! [`render_human`], [`render_json`], [`render_markdown`] and [`render_html`] write a [`Prediction`].
//!
//! # Engines
//!
//! git's own merge (merge-ort) is the reference. The git named by `[conflict] git` (default: the first `git`
//! on `PATH`) is probed once per process: `git version`, started beside the first merge (every git with
//! `--write-tree` runs a single merge the same way; an older one only rejects it), and the capabilities
//! follow from the version (`--write-tree` 2.38, `--stdin` 2.39, `--merge-base` 2.40).
//!
//! * git ≥ 2.39 (`--stdin` works): one long-lived `git merge-tree --stdin --messages` process per batch of
//!   merges. A line git cannot merge (unrelated histories) aborts its process; that pair is reported as
//!   cannot-merge and a new process continues after it.
//! * git 2.38: one `git merge-tree --write-tree -z --messages` process per pair.
//! * older git, or none: the git2 fallback (below). A merge with an explicit base on a git without
//!   `--merge-base` (< 2.40) also goes to git2. Each merge records which engine judged it and the probed
//!   git version.
//!
//! Read-only: every git process runs with `GIT_OBJECT_DIRECTORY` set to a temporary directory and the
//! repository's object store (and, inside a pre-receive hook, the quarantine) as
//! `GIT_ALTERNATE_OBJECT_DIRECTORIES`, with `LC_ALL=C` and no inherited index or work tree. Its objects are
//! written uncompressed (`core.looseCompression=0`) and, on Linux, glibc is told not to give heap memory back
//! early (`GLIBC_TUNABLES`, see `precheck_git::process::git_command`): the same answer, a third less of git's time. Conflicted blobs
//! are read from that directory (through git2, with the directory as an extra alternate) before a guard
//! deletes it, also on error or panic; child processes are killed and reaped by a guard too.
//!
//! # The git2 fallback and how it differs from git
//!
//! `Repository::merge_commits` with rename detection on (target limit 7000, git's `merge.renameLimit`) and
//! a recursive virtual base for criss-cross merges; merged blobs go to an in-memory object backend. Known
//! differences from merge-ort, accepted for the fallback (the tests assert them):
//!
//! * **Diff algorithm**: libgit2 has no histogram diff (Myers only), so rare false content conflicts are
//!   possible where git merges cleanly.
//! * **No directory-rename detection**: a file added by one side into a directory the other side renamed
//!   stays where it was added and the merge is clean; git reports `directory-rename`.
//! * **Rename/rename**: libgit2 does not report a rename/rename (1→2) conflict as one: each side's rename
//!   lands at its own path and the merge may be clean, or split into several entries; rename/delete shows as
//!   `rename-delete` or `modify-delete` under the surviving name. Paths of rename conflicts may be the old
//!   name where git gives the new one.
//! * **Kinds are derived from the stage pattern** and the entries' modes and blobs (libgit2 has no
//!   messages): `content`, `add-add`, `modify-delete`, `rename-delete`, `rename-rename`,
//!   `rename-collision`, `distinct-types`, `distinct-modes`, `binary`, `submodule`; never
//!   `file-directory` (libgit2 reports those as `add-add`/`modify-delete` entries of the file path) or
//!   `directory-rename`. Messages are precheck's, in git's style.
//! * **Submodules**: libgit2 does not try git's fast-forward resolution of submodule pointers; both sides
//!   moving a submodule conflicts.
//! * **Lines**: add/add content conflicts get no line ranges (libgit2's file merge needs an ancestor).
//! * **CF005** (both modified, merged cleanly): paths both sides changed to different entries since the
//!   (first) merge base, rather than git's `Auto-merging` messages.
//! * **Unrelated histories** with `allow-unrelated-histories`: merged against the empty tree, as git does.
//!
//! # No pre-filter
//!
//! Every pair of a matrix goes to git: a filter of changed paths, walked in-process without the
//! commit-graph, saved nothing measurable against git's own `--stdin` batch on real histories
//! (benches/README.md, issue 15), and it was a second reading of what git decides.

#![warn(clippy::string_slice)]

use precheck_core::{Check, FileCtx, FileInfo, FileMode, RepoCtx, RuleMeta, Sink};

pub mod config;
mod engine;
mod gate;
pub mod kind;
mod lines;
pub mod liquibase;
pub mod migrations;
pub mod model;
mod predict;
mod render;
pub mod rules;

pub use config::ConflictConfig;
pub use engine::{CleanMerge, GitInfo, Options, parse_version, probe};
pub use gate::{migration_findings, migration_findings_in, semantic_skipped_why};
pub use kind::ConflictKind;
pub use lines::head_side_ranges;
pub use model::{Conflict, EngineKind, LineRange, Matrix, MergeResult, Prediction, SemanticConflict, Verdict};
pub use predict::{
    LARGE_HISTORY, Planned, Predictor, Rev, commit_graph_note, large_history, predict, predict_matrix, predict_on_base,
};
pub use render::{render_html, render_human, render_json, render_markdown};

/// The `conflict` check.
#[derive(Debug, Default)]
pub struct ConflictCheck;

impl Check for ConflictCheck {
    fn id(&self) -> &'static str {
        "conflict"
    }

    fn rules(&self) -> &'static [&'static RuleMeta] {
        rules::RULES
    }

    fn config(&self) -> Option<&'static precheck_core::config_spec::ConfigSpec> {
        Some(&ConflictConfig::SPEC)
    }

    fn wants(&self, file: &FileInfo) -> bool {
        matches!(file.mode, FileMode::Regular | FileMode::Executable)
    }

    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        rules::cf001_conflict_marker::check(cx, out);
    }

    fn check_repo(&self, cx: &RepoCtx<'_>, out: &mut Sink) {
        gate::check_repo(cx, out);
    }
}
