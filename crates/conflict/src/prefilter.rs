//! The matrix pre-filter (conflicts.md §6): the paths each side changed since the merge base, compared tree
//! to tree (descending only into subtrees whose ids differ, so the cost follows the change). Two sides whose
//! changed paths cannot meet cannot conflict, and their merge is skipped.
//!
//! Never miss a conflict: besides equal paths, a path of one side that is an ancestor directory of a path of
//! the other side counts (file/directory conflicts), and so do the directories a side may have renamed
//! (merge-ort's directory-rename detection moves the other side's new files: a `directory rename
//! suggested` conflict with disjoint path sets). A directory may have been renamed when the side deleted a
//! path below it and added a path elsewhere: every ancestor of a deleted path below its common prefix with
//! an added path is such a candidate, and the deleted path's parent always is. Submodule pointers and
//! mode-only changes are path changes.

use std::collections::{BTreeMap, HashSet};

use git2::{ObjectType, Oid, Repository, Tree};

/// Nesting beyond any real tree; guards the recursion against a crafted repository.
const MAX_DEPTH: usize = 1024;
/// Above this many (deleted × added) pairs on one side, every ancestor of a deleted path is a candidate
/// (conservative and linear).
const MAX_RENAME_PAIRS: usize = 200_000;

/// The paths one side changed since a merge base.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SideChanges {
    /// Changed paths (files, symlinks, submodules) with their entry on this side (`None` when deleted).
    pub files: BTreeMap<String, Option<(Oid, i32)>>,
    /// Directories this side may have renamed (see the module docs).
    pub rename_dirs: Vec<String>,
}

impl SideChanges {
    /// The paths to compare: changed paths plus candidate renamed directories.
    fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str).chain(self.rename_dirs.iter().map(String::as_str))
    }
}

/// The changes from tree `base` to tree `tip`.
pub fn side_changes(repo: &Repository, base: Oid, tip: Oid) -> Result<SideChanges, git2::Error> {
    let mut files = BTreeMap::new();
    if base != tip {
        let base_tree = repo.find_tree(base)?;
        let tip_tree = repo.find_tree(tip)?;
        compare(repo, Some(&base_tree), Some(&tip_tree), "", &mut files, 0)?;
    }
    let deleted: Vec<&str> = files.iter().filter(|(_, v)| v.is_none()).map(|(k, _)| k.as_str()).collect();
    let added: Vec<&str> = files.iter().filter(|(_, v)| v.is_some()).map(|(k, _)| k.as_str()).collect();
    let mut dirs: HashSet<String> = HashSet::new();
    let all_ancestors = deleted.len().saturating_mul(added.len()) > MAX_RENAME_PAIRS;
    for d in &deleted {
        if let Some((parent, _)) = d.rsplit_once('/') {
            dirs.insert(parent.to_string());
        }
        if all_ancestors {
            dirs.extend(ancestors(d).map(str::to_string));
            continue;
        }
        for a in &added {
            let common = common_dir_prefix(d, a);
            dirs.extend(ancestors(d).filter(|dir| dir.len() > common).map(str::to_string));
        }
    }
    let mut rename_dirs: Vec<String> = dirs.into_iter().collect();
    rename_dirs.sort();
    Ok(SideChanges { files, rename_dirs })
}

/// The length of the longest common directory prefix of two paths (`a/b/x`, `a/c/y` → 1 for `a`).
fn common_dir_prefix(a: &str, b: &str) -> usize {
    let mut len = 0;
    for dir in ancestors(a) {
        if b.len() > dir.len() && b.starts_with(dir) && b.as_bytes()[dir.len()] == b'/' {
            len = len.max(dir.len());
        }
    }
    len
}

/// The ancestor directories of a path, shortest first: `a/b/c` → `a`, `a/b`.
#[allow(clippy::string_slice, reason = "`i` is a match of ASCII `/` in `path`")]
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i])
}

fn compare(
    repo: &Repository,
    old: Option<&Tree<'_>>,
    new: Option<&Tree<'_>>,
    prefix: &str,
    out: &mut BTreeMap<String, Option<(Oid, i32)>>,
    depth: usize,
) -> Result<(), git2::Error> {
    if depth > MAX_DEPTH {
        return Err(git2::Error::from_str("tree nesting too deep"));
    }
    // Trees are stored sorted in git's order (a tree's name compares as if followed by `/`), so the two
    // entry lists are walked side by side, without building maps.
    let list = |t: Option<&Tree<'_>>| -> Vec<(Vec<u8>, Oid, i32, bool)> {
        t.map(|t| {
            t.iter()
                .map(|e| (e.name_bytes().to_vec(), e.id(), e.filemode(), e.kind() == Some(ObjectType::Tree)))
                .collect()
        })
        .unwrap_or_default()
    };
    let (a, b) = (list(old), list(new));
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let order = match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) => git_order(&x.0, x.3, &y.0, y.3),
            (Some(_), None) => std::cmp::Ordering::Less,
            _ => std::cmp::Ordering::Greater,
        };
        let (ea, eb) = match order {
            std::cmp::Ordering::Less => (a.get(i), None),
            std::cmp::Ordering::Greater => (None, b.get(j)),
            std::cmp::Ordering::Equal => (a.get(i), b.get(j)),
        };
        i += usize::from(ea.is_some());
        j += usize::from(eb.is_some());
        if let (Some(x), Some(y)) = (ea, eb) {
            if x.1 == y.1 && x.2 == y.2 {
                continue;
            }
        }
        let name = ea.or(eb).map(|e| e.0.as_slice()).unwrap_or_default();
        let path = format!("{prefix}{}", String::from_utf8_lossy(name));
        let sub = |e: Option<&(Vec<u8>, Oid, i32, bool)>| -> Result<Option<Tree<'_>>, git2::Error> {
            match e {
                Some((_, id, _, true)) => Ok(Some(repo.find_tree(*id)?)),
                _ => Ok(None),
            }
        };
        let (ta, tb) = (sub(ea)?, sub(eb)?);
        if ta.is_some() || tb.is_some() {
            compare(repo, ta.as_ref(), tb.as_ref(), &format!("{path}/"), out, depth + 1)?;
        }
        let file_a = ea.filter(|e| !e.3);
        let file_b = eb.filter(|e| !e.3);
        if file_a.is_some() || file_b.is_some() {
            out.insert(path, file_b.map(|e| (e.1, e.2)));
        }
    }
    Ok(())
}

/// git's tree order: names compared bytewise, a tree's name as if it ended with `/`.
fn git_order(a: &[u8], a_tree: bool, b: &[u8], b_tree: bool) -> std::cmp::Ordering {
    let a_end = if a_tree { b'/' } else { 0 };
    let b_end = if b_tree { b'/' } else { 0 };
    a.iter().chain(std::iter::once(&a_end)).cmp(b.iter().chain(std::iter::once(&b_end)))
}

/// Whether the changes of two sides can meet: an equal path, or one side's path an ancestor directory of the
/// other's.
pub fn may_conflict(a: &SideChanges, b: &SideChanges) -> bool {
    let (small, large) = if a.files.len() <= b.files.len() { (a, b) } else { (b, a) };
    let large_paths: HashSet<&str> = large.paths().collect();
    let mut large_dirs: HashSet<&str> = HashSet::new();
    for p in large.paths() {
        large_dirs.extend(ancestors(p));
    }
    small
        .paths()
        .any(|p| large_paths.contains(p) || large_dirs.contains(p) || ancestors(p).any(|d| large_paths.contains(d)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(files: &[(&str, bool)], dirs: &[&str]) -> SideChanges {
        SideChanges {
            files: files
                .iter()
                .map(|(p, present)| (p.to_string(), present.then(|| (Oid::ZERO_SHA1, 0o100644))))
                .collect(),
            rename_dirs: dirs.iter().map(|d| d.to_string()).collect(),
        }
    }

    #[test]
    fn overlap_rules() {
        let a = side(&[("src/a.rs", true)], &[]);
        assert!(may_conflict(&a, &side(&[("src/a.rs", true)], &[])));
        assert!(!may_conflict(&a, &side(&[("src/b.rs", true)], &[])));
        // file/directory
        assert!(may_conflict(&side(&[("d", true)], &[]), &side(&[("d/x", true)], &[])));
        assert!(may_conflict(&side(&[("d/x", true)], &[]), &side(&[("d", true)], &[])));
        // a renamed directory and a new file in it
        assert!(may_conflict(&side(&[("d/a", false), ("e/a", true)], &["d"]), &side(&[("d/new", true)], &[])));
    }

    #[test]
    fn rename_candidates_stop_at_the_common_prefix() {
        assert_eq!(common_dir_prefix("a/b/c/x", "a/z/c/x"), 1);
        assert_eq!(common_dir_prefix("a/x", "b/x"), 0);
        let v: Vec<&str> = ancestors("a/b/c").collect();
        assert_eq!(v, vec!["a", "a/b"]);
    }
}
