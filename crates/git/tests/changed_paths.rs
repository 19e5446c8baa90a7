//! `Repo::changed_paths` compares trees itself (reading only subtrees whose ids differ): it must say what
//! libgit2's tree-to-tree diff says, path for path, kind and modes, on any pair of trees.

use std::collections::BTreeMap;

use git2::{Delta, DiffFile, Oid, Repository, Signature};
use precheck_core::{ChangeKind, FileChange, LineSet};
use proptest::prelude::*;

/// One file of a generated tree: its content (an index into a few blobs) and mode.
#[derive(Clone, Debug)]
struct File {
    content: u8,
    mode: i32,
}

fn file() -> impl Strategy<Value = File> {
    let mode = prop_oneof![Just(0o100644), Just(0o100755), Just(0o120000), Just(0o160000)];
    (0u8..3, mode).prop_map(|(content, mode)| File { content, mode })
}

/// Paths of up to three components from names that collide in git's tree order (`a`, `a.b`, `a-`, `b`).
fn path() -> impl Strategy<Value = String> {
    let name = prop_oneof![Just("a"), Just("a.b"), Just("a-"), Just("b"), Just("c")];
    prop::collection::vec(name, 1..=3).prop_map(|parts| parts.join("/"))
}

fn files() -> impl Strategy<Value = Vec<(String, File)>> {
    prop::collection::vec((path(), file()), 0..12)
}

/// The tree of `files` (a path that is a file and a folder at once keeps the first).
fn write_tree(repo: &Repository, files: &[(String, File)]) -> Oid {
    #[derive(Default)]
    struct Dir {
        files: BTreeMap<String, File>,
        dirs: BTreeMap<String, Dir>,
    }
    let mut root = Dir::default();
    'next: for (path, f) in files {
        let parts: Vec<&str> = path.split('/').collect();
        let mut dir = &mut root;
        for part in &parts[..parts.len() - 1] {
            if dir.files.contains_key(*part) {
                continue 'next;
            }
            dir = dir.dirs.entry(part.to_string()).or_default();
        }
        let last = parts[parts.len() - 1];
        if !dir.dirs.contains_key(last) && !dir.files.contains_key(last) {
            dir.files.insert(last.to_string(), f.clone());
        }
    }
    fn write(repo: &Repository, dir: &Dir) -> Oid {
        let mut builder = repo.treebuilder(None).expect("treebuilder");
        for (name, f) in &dir.files {
            let oid = if f.mode == 0o160000 {
                Oid::from_str(&format!("{:040x}", u32::from(f.content) + 1)).expect("oid")
            } else {
                repo.blob(format!("content {}\n", f.content).as_bytes()).expect("blob")
            };
            builder.insert(name, oid, f.mode).expect("insert");
        }
        for (name, sub) in &dir.dirs {
            let oid = write(repo, sub);
            if repo.find_tree(oid).is_ok_and(|t| !t.is_empty()) {
                builder.insert(name, oid, 0o040000).expect("insert tree");
            }
        }
        builder.write().expect("write tree")
    }
    write(repo, &root)
}

fn commit(repo: &Repository, tree: Oid) -> String {
    let sig = Signature::now("t", "t@example.com").expect("signature");
    let tree = repo.find_tree(tree).expect("tree");
    repo.commit(None, &sig, &sig, "c", &tree, &[]).expect("commit").to_string()
}

/// What libgit2's tree-to-tree diff says, as `changed_paths` lists it (a later delta of a path wins).
fn libgit2_says(repo: &Repository, old: Oid, new: Oid) -> BTreeMap<String, FileChange> {
    let (old, new) = (repo.find_tree(old).expect("old"), repo.find_tree(new).expect("new"));
    let diff = repo.diff_tree_to_tree(Some(&old), Some(&new), None).expect("diff");
    let mut files = BTreeMap::new();
    for delta in diff.deltas() {
        let kind = match delta.status() {
            Delta::Added => ChangeKind::Added,
            Delta::Deleted => ChangeKind::Deleted,
            Delta::Typechange => ChangeKind::TypeChanged,
            _ => ChangeKind::Modified,
        };
        let file = if kind == ChangeKind::Deleted { delta.old_file() } else { delta.new_file() };
        let path = String::from_utf8_lossy(file.path_bytes().expect("path")).into_owned();
        let mode = |f: DiffFile<'_>| if f.exists() { u32::from(f.mode()) } else { 0 };
        let change = FileChange {
            kind,
            old_mode: mode(delta.old_file()),
            new_mode: mode(delta.new_file()),
            added_lines: LineSet::new(),
        };
        files.insert(path, change);
    }
    files
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn changed_paths_say_what_libgit2s_diff_says(base in files(), head in files()) {
        let dir = tempfile::tempdir().expect("tempdir");
        let repo = Repository::init(dir.path()).expect("init");
        let (old, new) = (write_tree(&repo, &base), write_tree(&repo, &head));
        let (base_commit, head_commit) = (commit(&repo, old), commit(&repo, new));
        let ours = precheck_git::Repo::open(dir.path()).expect("open").changed_paths(&base_commit, &head_commit);
        let ours = ours.expect("changed paths");
        prop_assert_eq!(ours.files, libgit2_says(&repo, old, new));
        prop_assert_eq!(ours.base_commit.as_deref(), Some(base_commit.as_str()));
    }
}
