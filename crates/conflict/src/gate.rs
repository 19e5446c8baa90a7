//! The gate: `precheck check --base TARGET` runs CF002–CF006, the semantic conflicts CF007 and the migration
//! clashes CF008–CF010 from `check_repo` (conflicts.md §8, §11).

use std::sync::Arc;

use precheck_core::text::{LineIndex, decode};
use precheck_core::{Finding, MergeRerun, MergedTree, RepoCtx, Revision, Sink, Span};
use precheck_git::Repo;

use crate::config::ConflictConfig;
use crate::engine::Options;
use crate::model::{Conflict, MergeResult, Verdict};
use crate::predict::{Predictor, Rev, commit_graph_note};
use crate::rules::{
    cf002_merge_conflict, cf003_branch_conflict, cf004_cannot_merge, cf005_both_modified, cf006_no_commit_graph,
    cf007_semantic_conflict, cf008_migration_version_clash, cf009_migration_out_of_order,
    cf010_applied_migration_changed,
};

/// What a finding about one merge needs to say where and how.
pub(crate) struct Context<'a> {
    pub repo: &'a Repo,
    /// The head commit (the source side of every merge).
    pub head: &'a str,
    /// Appended to messages: the head is the working tree or the index, merged as `HEAD`.
    pub uncommitted: bool,
    /// Whether the note that semantic conflicts could not be looked for was given (once per run). It is
    /// given only when the configuration asks for them itself: the default does not nag where git is too old.
    pub semantic_skipped: std::cell::Cell<bool>,
}

impl Context<'_> {
    /// The primary span of a conflict (the first conflicting range of the head blob, else the path) and
    /// labels for the other ranges and names.
    pub fn place(&self, c: &Conflict) -> (Span, Vec<(Span, String)>) {
        let path: Arc<str> = Arc::from(c.path.as_str());
        let mut labels = Vec::new();
        let mut primary = Span::file(Arc::clone(&path));
        if !c.lines.is_empty() {
            if let Ok(Some(bytes)) = self.repo.read_blob_at(self.head, &c.path) {
                let text = decode(&bytes).text;
                let index = LineIndex::new(&text);
                let max = index.line_count().max(1);
                let span =
                    |r: &crate::model::LineRange| index.lines_span(&path, &text, r.start.min(max), r.end.min(max));
                primary = span(&c.lines[0]);
                for r in &c.lines[1..] {
                    labels.push((span(r), "these lines conflict too".to_string()));
                }
            }
        }
        for other in &c.other_paths {
            labels.push((Span::file(other.as_str()), "also involved in this conflict".to_string()));
        }
        (primary, labels)
    }

    pub fn suffix(&self, m: &MergeResult) -> String {
        let mut s = format!(" [{}]", m.engine_note());
        if let Some(n) = m.merge_bases.filter(|n| *n > 1) {
            s.push_str(&format!("; {n} merge bases (criss-cross)"));
        }
        if self.uncommitted {
            s.push_str("; uncommitted changes are not part of the merge prediction (HEAD was merged)");
        }
        s
    }
}

pub(crate) fn check_repo(cx: &RepoCtx<'_>, out: &mut Sink) {
    if cx.is_base || cx.changes.is_none() {
        return;
    }
    let Some(base) = cx.base else { return };
    let rules = [
        &cf002_merge_conflict::RULE,
        &cf003_branch_conflict::RULE,
        &cf004_cannot_merge::RULE,
        &cf005_both_modified::RULE,
        &cf006_no_commit_graph::RULE,
        &cf007_semantic_conflict::RULE,
        &cf008_migration_version_clash::RULE,
        &cf009_migration_out_of_order::RULE,
        &cf010_applied_migration_changed::RULE,
    ];
    if !rules.iter().any(|r| out.enabled(r)) {
        return;
    }
    let Ok(repo) = Repo::discover(cx.root) else { return };
    let (head, uncommitted) = match cx.revision {
        Revision::Commit(id) => (id.clone(), false),
        Revision::WorkTree | Revision::Index => match repo.head_commit() {
            Some(id) => (id, true),
            None => return, // An unborn branch has nothing to merge.
        },
    };
    let config = ConflictConfig::of(cx.config);
    // Semantic conflicts re-run the checks on the merged trees: the predictor keeps them readable.
    let semantic = match cx.merges {
        Some(rerun) if config.semantic && out.enabled(&cf007_semantic_conflict::RULE) => Some(rerun),
        _ => None,
    };
    let predictor = Predictor::new(&repo, Options { keep_trees: semantic.is_some(), ..config.options() });
    let asked = ConflictConfig::semantic_set(cx.config) == Some(true);
    let context = Context { repo: &repo, head: &head, uncommitted, semantic_skipped: std::cell::Cell::new(!asked) };
    let head_rev = Rev { name: branch_name(&repo, &head).unwrap_or_else(|| short(&head)), id: head.clone() };
    let target = Rev { name: branch_name(&repo, base).unwrap_or_else(|| short(base)), id: base.to_string() };

    if out.enabled(&cf006_no_commit_graph::RULE) {
        if let Some(note) = commit_graph_note(&repo) {
            out.push(cf006_no_commit_graph::finding(note));
        }
    }
    if out.enabled(&cf002_merge_conflict::RULE)
        || out.enabled(&cf004_cannot_merge::RULE)
        || out.enabled(&cf005_both_modified::RULE)
        || semantic.is_some()
    {
        let merges = predictor.merge(&[(target.clone(), head_rev.clone())]);
        if let Some(m) = merges.first() {
            report_target_merge(&context, m, out);
            if let Some(rerun) = semantic {
                semantic_conflicts(&context, &predictor, rerun, m, out);
            }
        }
    }
    migration_clashes(&repo, &config, &target, &head, false, out);
    if config.release_branches.is_empty() {
        return;
    }
    let Ok(globs) = config.release_globs() else { return };
    let branches = release_branches(&repo, &globs, &[head.as_str(), base]);
    for branch in &branches {
        migration_clashes(&repo, &config, branch, &head, true, out);
    }
    if out.enabled(&cf003_branch_conflict::RULE) {
        let pairs: Vec<(Rev, Rev)> = branches.into_iter().map(|b| (b, head_rev.clone())).collect();
        for m in predictor.merge(&pairs) {
            if let Some(rerun) = semantic {
                semantic_conflicts(&context, &predictor, rerun, &m, out);
            }
            match &m.verdict {
                Verdict::Conflicted => {
                    // One finding per conflict, at the source side's name (a rename/rename has three paths).
                    for c in m.conflicts.iter().filter(|c| c.primary) {
                        out.push(cf003_branch_conflict::finding(&context, &m, c));
                    }
                }
                Verdict::Failed(why) => out.push(cf004_cannot_merge::finding(&context, &m, why)),
                Verdict::Clean => {}
            }
        }
    }
}

/// CF007: the checks re-run on the tree of a clean merge; what only that tree has. A check that fails on the
/// merged tree alone is PC002 for this pair.
fn semantic_conflicts(
    cx: &Context<'_>,
    predictor: &Predictor<'_>,
    rerun: &dyn MergeRerun,
    m: &MergeResult,
    out: &mut Sink,
) {
    if !m.is_clean() {
        return;
    }
    let Some(tree) = m.tree.as_deref() else {
        if !cx.semantic_skipped.replace(true) {
            out.push(semantic_skipped(m));
        }
        return;
    };
    let dirs = predictor.object_dirs();
    let merged =
        MergedTree { target: &m.target_id, source: &m.source_id, tree, object_dirs: &dirs, asking: "conflict" };
    let found = match rerun.new_in_merge(&merged) {
        Ok(found) => found,
        Err(why) => {
            out.push(Finding::new(
                &precheck_core::pc::INTERNAL_ERROR,
                Span::file("."),
                format!("semantic conflicts of `{}` into `{}` could not be looked for: {why}", m.source, m.target),
            ));
            return;
        }
    };
    if found.is_empty() {
        return;
    }
    let base = cx.repo.merge_base(&m.target_id, &m.source_id).ok().flatten().unwrap_or_default();
    let range = |to: &str| format!("{}..{}", short_id(&base), short_id(to));
    let (target_range, source_range) = (range(&m.target_id), range(&m.source_id));
    let uncommitted =
        if cx.uncommitted { "; uncommitted changes are not part of the merge (HEAD was merged)" } else { "" };
    for new in &found {
        if new.finding.code == precheck_core::pc::INTERNAL_ERROR.code {
            let mut f = new.finding.clone();
            f.message = format!("{} (on the merge of `{}` into `{}` only)", f.message, m.source, m.target);
            f.fingerprint = String::new();
            out.push(f);
            continue;
        }
        let mut f = cf007_semantic_conflict::finding(new, &m.target, &m.source, (&target_range, &source_range));
        f.message.push_str(uncommitted);
        out.push(f);
    }
}

/// CF007 as information: a clean merge without a tree to re-run the checks on (libgit2 merges in memory).
/// Silence would read as "no semantic conflicts".
fn semantic_skipped(m: &MergeResult) -> Finding {
    let mut f = Finding::new(
        &cf007_semantic_conflict::RULE,
        Span::file("."),
        format!("semantic conflicts were not looked for: {}", semantic_skipped_why(m)),
    )
    .with_help("install git 2.38 or later, or point `[conflict] git` at it");
    f.severity = precheck_core::Severity::Info;
    f
}

/// Why a clean merge has no tree for the semantic checks, for the gate's note and `precheck conflicts`.
pub fn semantic_skipped_why(m: &MergeResult) -> String {
    if m.engine == crate::model::EngineKind::Git2 {
        format!(
            "the merges were made by the git2 fallback ({}), which merges in memory and writes no merged tree; \
             `git merge-tree --write-tree` (git 2.38 or later) does",
            m.engine_note()
        )
    } else {
        "git wrote no merged tree".to_string()
    }
}

fn short_id(id: &str) -> String {
    id.chars().take(7).collect()
}

/// CF008–CF010: what the head did to the migrations, against what the target did since their merge base.
/// Against an open release branch (`open_branch`) a clash is a warning, and CF010 is left to the target: a
/// migration the head changes is in the merge base, so on the target too, where changing it is the error.
fn migration_clashes(
    repo: &Repo,
    config: &ConflictConfig,
    target: &Rev,
    head: &str,
    open_branch: bool,
    out: &mut Sink,
) {
    let rules = [
        &cf008_migration_version_clash::RULE,
        &cf009_migration_out_of_order::RULE,
        &cf010_applied_migration_changed::RULE,
    ];
    if !rules.iter().any(|r| out.enabled(r)) {
        return;
    }
    let enabled = |r: &precheck_core::RuleMeta| {
        out.enabled(r) && !(open_branch && r.code == cf010_applied_migration_changed::RULE.code)
    };
    for mut f in migration_findings(repo, config, target, head, enabled) {
        if open_branch {
            f.severity = crate::rules::migration_clash_between_branches(f.severity);
        }
        out.push(f);
    }
}

/// CF008–CF010 of merging `head` into `target`, for the rules `enabled` takes (the gate, and each pair of
/// `precheck conflicts` with semantic conflicts on).
pub fn migration_findings(
    repo: &Repo,
    config: &ConflictConfig,
    target: &Rev,
    head: &str,
    enabled: impl Fn(&precheck_core::RuleMeta) -> bool,
) -> Vec<Finding> {
    // The configured globs plus the folders the project's own Spring configuration gives Flyway, on either side.
    let located = crate::migrations::configured_globs(repo, &[&target.id, head]);
    let Ok(globs) = config.migration_globs_with(&located) else { return Vec::new() };
    migration_findings_in(repo, &globs, target, head, enabled)
}

/// [`migration_findings`] with the migration globs compiled once (a matrix: the Spring locations of every
/// branch, [`crate::migrations::configured_globs`]).
pub fn migration_findings_in(
    repo: &Repo,
    globs: &globset::GlobSet,
    target: &Rev,
    head: &str,
    enabled: impl Fn(&precheck_core::RuleMeta) -> bool,
) -> Vec<Finding> {
    let mut found = Vec::new();
    let Some(sides) = crate::migrations::compare(repo, &target.id, head, globs) else { return found };
    let mut emit = |rule: &'static precheck_core::RuleMeta, build: &dyn Fn() -> Finding| {
        if enabled(rule) {
            found.push(build());
        }
    };
    for m in &sides.head_added {
        let same: Vec<crate::migrations::Migration> = sides
            .target_added
            .get(&m.version.to_string())
            .map(|list| list.iter().filter(|t| t.path != m.path || t.blob != m.blob).cloned().collect())
            .unwrap_or_default();
        if !same.is_empty() {
            emit(&cf008_migration_version_clash::RULE, &|| {
                cf008_migration_version_clash::finding(m, &same, &target.name)
            });
            continue;
        }
        let dir = m.path.rsplit_once('/').map_or("", |(d, _)| d);
        if let Some(highest) = sides.target_highest.get(dir).filter(|h| h.0 > m.version) {
            emit(&cf009_migration_out_of_order::RULE, &|| {
                cf009_migration_out_of_order::finding(m, highest, &target.name)
            });
        }
    }
    for m in &sides.head_changed_applied {
        emit(&cf010_applied_migration_changed::RULE, &|| cf010_applied_migration_changed::finding(m, &target.name));
    }
    if let Some(clashes) = crate::liquibase::compare(repo, &target.id, head, globs) {
        for (mine, theirs) in &clashes.duplicated {
            let at = line_span(repo, head, &mine.path, mine.line);
            emit(&cf008_migration_version_clash::RULE, &|| {
                cf008_migration_version_clash::changeset_finding(at.clone(), mine, theirs, &target.name)
            });
        }
        for c in &clashes.edited {
            let at = line_span(repo, head, &c.path, c.line);
            emit(&cf010_applied_migration_changed::RULE, &|| {
                cf010_applied_migration_changed::changeset_finding(at.clone(), c, &target.name)
            });
        }
    }
    found
}

/// Line `line` of `path` in `commit`, else the file.
fn line_span(repo: &Repo, commit: &str, path: &str, line: u32) -> Span {
    let shared: Arc<str> = Arc::from(path);
    match repo.read_blob_at(commit, path) {
        Ok(Some(bytes)) => {
            let text = decode(&bytes).text;
            let index = LineIndex::new(&text);
            let line = line.clamp(1, index.line_count().max(1));
            index.lines_span(&shared, &text, line, line)
        }
        _ => Span::file(shared),
    }
}

fn report_target_merge(cx: &Context<'_>, m: &MergeResult, out: &mut Sink) {
    match &m.verdict {
        Verdict::Failed(why) => out.push(cf004_cannot_merge::finding(cx, m, why)),
        Verdict::Conflicted => {
            for c in m.conflicts.iter().filter(|c| c.primary) {
                out.push(cf002_merge_conflict::finding(cx, m, c));
            }
        }
        Verdict::Clean => {}
    }
    if out.enabled(&cf005_both_modified::RULE) {
        for path in &m.auto_merged {
            out.push(cf005_both_modified::finding(cx, m, path));
        }
    }
}

/// The first local, then remote-tracking branch pointing at `id`.
pub(crate) fn branch_name(repo: &Repo, id: &str) -> Option<String> {
    let oid = git2::Oid::from_str(id).ok()?;
    repo.with_git2(|git| {
        let mut found: Option<(u8, String)> = None;
        for kind in [git2::BranchType::Local, git2::BranchType::Remote] {
            let Ok(branches) = git.branches(Some(kind)) else { continue };
            for (branch, _) in branches.flatten() {
                let reference = branch.get();
                if reference.kind() == Some(git2::ReferenceType::Symbolic) || reference.target() != Some(oid) {
                    continue;
                }
                let rank = u8::from(kind == git2::BranchType::Remote);
                if let Ok(Some(name)) = branch.name() {
                    if found.as_ref().is_none_or(|(r, n)| (rank, name) < (*r, n.as_str())) {
                        found = Some((rank, name.to_string()));
                    }
                }
            }
        }
        found.map(|(_, n)| n)
    })
    .ok()
    .flatten()
}

fn short(id: &str) -> String {
    id.chars().take(12).collect()
}

/// Local and remote-tracking branches matching `globs`, one per commit (the first name in order), skipping
/// the commits in `skip` (the head, the target).
pub(crate) fn release_branches(repo: &Repo, globs: &globset::GlobSet, skip: &[&str]) -> Vec<Rev> {
    let found = repo.with_git2(|git| {
        let mut out: Vec<Rev> = Vec::new();
        for kind in [git2::BranchType::Local, git2::BranchType::Remote] {
            let Ok(branches) = git.branches(Some(kind)) else { continue };
            let mut named: Vec<Rev> = Vec::new();
            for (branch, _) in branches.flatten() {
                let reference = branch.get();
                if reference.kind() == Some(git2::ReferenceType::Symbolic) {
                    continue; // origin/HEAD
                }
                let (Ok(Some(name)), Ok(commit)) = (branch.name(), reference.peel_to_commit()) else { continue };
                if globs.is_match(name) {
                    named.push(Rev { name: name.to_string(), id: commit.id().to_string() });
                }
            }
            named.sort_by(|a, b| a.name.cmp(&b.name));
            out.extend(named);
        }
        out
    });
    let mut seen: Vec<String> = skip.iter().map(|s| s.to_string()).collect();
    let mut out = Vec::new();
    for rev in found.unwrap_or_default() {
        if !seen.contains(&rev.id) {
            seen.push(rev.id.clone());
            out.push(rev);
        }
    }
    out
}

/// A finding at a conflict's place, with its labels.
pub(crate) fn at_conflict(
    rule: &'static precheck_core::RuleMeta,
    cx: &Context<'_>,
    c: &Conflict,
    message: String,
) -> Finding {
    let (primary, labels) = cx.place(c);
    let mut f = Finding::new(rule, primary, message);
    for (span, message) in labels {
        f = f.with_label(span, message);
    }
    f
}
