//! The fallback engine: libgit2's `merge_commits` (recursive merge base, rename detection on), used when no
//! git ≥ 2.38 is found. The merged index stays in memory and merged blobs go to an in-memory object backend,
//! so nothing is written to the repository. Its known differences from merge-ort are listed in the crate
//! docs.

use std::collections::BTreeSet;

use git2::{IndexEntry, MergeOptions, Oid, Repository};

use super::{Engine, Job, Outcome};
use crate::kind::ConflictKind;
use crate::lines::head_side_ranges;
use crate::model::{Conflict, EngineKind, Verdict};

/// Above the repository's own backends, so merged blobs libgit2 writes land in memory.
const MEMPACK_PRIORITY: i32 = 1000;
/// merge-ort's `merge.renameLimit` default (libgit2's own default target limit is 200).
const RENAME_LIMIT: u32 = 7000;
const EMPTY_TREE: &str = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

pub(crate) fn run(engine: &Engine<'_>, jobs: &[&Job]) -> Vec<Outcome> {
    if jobs.is_empty() {
        return Vec::new();
    }
    let fail_all =
        |why: String| jobs.iter().map(|_| Outcome::failed(EngineKind::Git2, why.clone())).collect::<Vec<_>>();
    // A handle of our own: the in-memory backend must not leak into the shared pool's handles.
    let repo = match Repository::open(engine.repo.git_dir()) {
        Ok(r) => r,
        Err(e) => return fail_all(format!("cannot open the repository: {}", e.message())),
    };
    let odb = match repo.odb() {
        Ok(o) => o,
        Err(e) => return fail_all(format!("cannot open the object store: {}", e.message())),
    };
    let _mempack = match odb.add_new_mempack_backend(MEMPACK_PRIORITY) {
        Ok(m) => m,
        Err(e) => return fail_all(format!("cannot add an in-memory object backend: {}", e.message())),
    };
    jobs.iter()
        .map(|job| {
            one(&repo, engine.options.allow_unrelated_histories, job)
                .unwrap_or_else(|e| Outcome::failed(EngineKind::Git2, e.message().to_string()))
        })
        .collect()
}

fn one(repo: &Repository, allow_unrelated: bool, job: &Job) -> Result<Outcome, git2::Error> {
    let ours = repo.find_commit(Oid::from_str(&job.ours)?)?;
    let theirs = repo.find_commit(Oid::from_str(&job.theirs)?)?;
    let mut opts = MergeOptions::new();
    opts.find_renames(true).target_limit(RENAME_LIMIT).fail_on_conflict(false);
    let base = match &job.base {
        Some(b) => Some(repo.find_commit(Oid::from_str(b)?)?.tree_id()),
        None => match repo.merge_base(ours.id(), theirs.id()) {
            Ok(b) => Some(repo.find_commit(b)?.tree_id()),
            Err(e) if e.code() == git2::ErrorCode::NotFound => None,
            Err(e) => return Err(e),
        },
    };
    let index = match (&job.base, base) {
        (None, Some(_)) => repo.merge_commits(&ours, &theirs, Some(&opts))?,
        (Some(_), Some(base)) => {
            repo.merge_trees(&repo.find_tree(base)?, &ours.tree()?, &theirs.tree()?, Some(&opts))?
        }
        (_, None) if allow_unrelated => {
            let empty = repo.find_tree(Oid::from_str(EMPTY_TREE)?)?;
            repo.merge_trees(&empty, &ours.tree()?, &theirs.tree()?, Some(&opts))?
        }
        (_, None) => return Ok(Outcome::failed(EngineKind::Git2, "refusing to merge unrelated histories".to_string())),
    };
    let mut conflicts = Vec::new();
    let mut conflicted_paths = BTreeSet::new();
    for c in index.conflicts()? {
        let c = c?;
        for e in [&c.ancestor, &c.our, &c.their].into_iter().flatten() {
            conflicted_paths.insert(path_of(e));
        }
        conflicts.push(conflict(repo, c.ancestor.as_ref(), c.our.as_ref(), c.their.as_ref()));
    }
    conflicts.sort_by(|a, b| a.path.cmp(&b.path));
    conflicts.dedup_by(|a, b| a.path == b.path && a.kind == b.kind);
    // `Auto-merging`: paths both sides changed to different results, merged cleanly.
    let mut auto_merged = Vec::new();
    if let Some(base) = base {
        let a = changed_paths(repo, base, ours.tree_id())?;
        let b = changed_paths(repo, base, theirs.tree_id())?;
        for (path, entry) in &a {
            let Some(other) = b.get(path) else { continue };
            if entry.is_some() && other.is_some() && entry != other && !conflicted_paths.contains(path) {
                auto_merged.push(path.clone());
            }
        }
    }
    let verdict = if conflicts.is_empty() { Verdict::Clean } else { Verdict::Conflicted };
    Ok(Outcome {
        verdict,
        engine: EngineKind::Git2,
        conflicts,
        auto_merged,
        conflicted_paths: conflicted_paths.into_iter().collect(),
        tree: None,
    })
}

fn path_of(e: &IndexEntry) -> String {
    String::from_utf8_lossy(&e.path).into_owned()
}

const GITLINK: u32 = 0o160000;
const TYPE_MASK: u32 = 0o170000;

/// Classifies one conflict by its stages, the way git's stage patterns read (conflicts.md §1).
fn conflict(repo: &Repository, a: Option<&IndexEntry>, o: Option<&IndexEntry>, t: Option<&IndexEntry>) -> Conflict {
    let path = t.or(o).or(a).map(path_of).unwrap_or_default();
    let stages: String = [(a, '1'), (o, '2'), (t, '3')].iter().filter(|(e, _)| e.is_some()).map(|(_, c)| *c).collect();
    let binary = |e: Option<&IndexEntry>| {
        e.and_then(|e| repo.find_blob(e.id).ok()).is_some_and(|b| precheck_core::text::is_binary(b.content()))
    };
    let kind = if [a, o, t].iter().flatten().any(|e| e.mode == GITLINK) {
        ConflictKind::Submodule
    } else {
        match (a, o, t) {
            (_, Some(o), Some(t)) if o.mode & TYPE_MASK != t.mode & TYPE_MASK => ConflictKind::DistinctTypes,
            (Some(a), Some(o), Some(t)) if a.path != o.path && a.path != t.path && o.path != t.path => {
                ConflictKind::RenameRename
            }
            (_, Some(o), Some(t)) if o.id == t.id && o.mode != t.mode => ConflictKind::DistinctModes,
            (_, Some(_), Some(_)) if binary(o) || binary(t) => ConflictKind::Binary,
            (None, Some(o), Some(t)) if o.path != t.path => ConflictKind::RenameCollision,
            (None, Some(_), Some(_)) => ConflictKind::AddAdd,
            (Some(_), Some(_), Some(_)) => ConflictKind::Content,
            (Some(a), Some(x), None) | (Some(a), None, Some(x)) if a.path != x.path => ConflictKind::RenameDelete,
            (Some(_), Some(_), None) | (Some(_), None, Some(_)) => ConflictKind::ModifyDelete,
            _ => ConflictKind::Other,
        }
    };
    let others: Vec<String> = {
        let mut v: Vec<String> = [a, o, t].iter().flatten().map(|e| path_of(e)).filter(|p| *p != path).collect();
        v.sort();
        v.dedup();
        v
    };
    let message = match kind {
        ConflictKind::Content => format!("CONFLICT (content): Merge conflict in {path}"),
        ConflictKind::AddAdd => format!("CONFLICT (add/add): Merge conflict in {path}"),
        ConflictKind::ModifyDelete if t.is_none() => {
            format!("CONFLICT (modify/delete): {path} deleted in the source and modified in the target")
        }
        ConflictKind::ModifyDelete => {
            format!("CONFLICT (modify/delete): {path} deleted in the target and modified in the source")
        }
        ConflictKind::Binary => format!("warning: Cannot merge binary files: {path}"),
        other => format!("CONFLICT ({}): {path}", other.as_str().replace('-', "/")),
    };
    // libgit2 needs an ancestor entry for a file merge, so add/add conflicts get no line ranges here.
    let lines = match (kind.has_marker_lines(), a, o, t) {
        (true, Some(a), Some(o), Some(t)) => match (repo.merge_file_from_index(a, o, t, None), repo.find_blob(t.id)) {
            (Ok(result), Ok(head)) => head_side_ranges(result.content(), head.content()),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    Conflict { path, kind, lines, message, subkind: None, stages, other_paths: others, primary: true }
}

/// The number of merge bases of a job's commits, as libgit2 walks them (`None`: a commit or the history is
/// missing); for runs without a usable git.
pub(crate) fn merge_base_count(git: &Repository, job: &Job) -> Option<usize> {
    let (ours, theirs) = (Oid::from_str(&job.ours).ok()?, Oid::from_str(&job.theirs).ok()?);
    match git.merge_bases(ours, theirs) {
        Ok(bases) => Some(bases.len()),
        Err(e) if e.code() == git2::ErrorCode::NotFound => Some(0),
        Err(_) => None,
    }
}

/// The paths tree `tip` changed since tree `base`, each with its entry on `tip` (`None`: deleted).
fn changed_paths(
    repo: &Repository,
    base: Oid,
    tip: Oid,
) -> Result<std::collections::BTreeMap<String, Option<(Oid, u32)>>, git2::Error> {
    let mut out = std::collections::BTreeMap::new();
    if base == tip {
        return Ok(out);
    }
    let (base, tip) = (repo.find_tree(base)?, repo.find_tree(tip)?);
    let diff = repo.diff_tree_to_tree(Some(&base), Some(&tip), None)?;
    for delta in diff.deltas() {
        let side = if delta.status() == git2::Delta::Deleted { delta.old_file() } else { delta.new_file() };
        let Some(path) = side.path() else { continue };
        let entry = (delta.status() != git2::Delta::Deleted).then(|| (side.id(), u32::from(side.mode())));
        out.insert(path.to_string_lossy().replace('\\', "/"), entry);
    }
    Ok(out)
}
