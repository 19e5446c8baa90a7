//! Change sets compared with `git diff -U0 --raw -M`.

use std::collections::BTreeMap;

use precheck_core::{ChangeKind, FileChange};
use precheck_git::{GitError, Repo};

use crate::common::{TestRepo, change, git_changes, lines, object_files, renamed};

const CODE_BEFORE: &str = "fn a() {\n    x();\n}\n\nfn c() {\n    z();\n}\n";
/// A function inserted between two others: the `+` block could start at lines 3, 4 or 5; git's indent
/// heuristic puts it at 5..=8.
const CODE_AFTER: &str = "fn a() {\n    x();\n}\n\nfn b() {\n    y();\n}\n\nfn c() {\n    z();\n}\n";

/// Base and head commits covering every kind of change.
fn history() -> (TestRepo, String, String) {
    let repo = TestRepo::init();
    repo.write("seed.txt", "seed\n");
    let seed = repo.commit("seed");

    repo.write("keep.txt", lines(5, "keep"));
    repo.write("mod.txt", lines(10, "mod"));
    repo.write("del.txt", lines(3, "del"));
    repo.write("old_name.txt", lines(20, "moved"));
    repo.write("script.sh", "#!/bin/sh\necho hi\n");
    repo.symlink("keep.txt", "link");
    repo.write("bin.dat", b"\x00\x01\x02\x03binary\n".repeat(8));
    repo.write("deep/a/b/c.txt", lines(6, "c"));
    repo.write("deep/a/other.txt", "other\n");
    repo.write("code.rs", CODE_BEFORE);
    // A submodule pointer (no checkout needed: an empty directory is an uninitialised submodule).
    std::fs::create_dir(repo.path.join("sub")).expect("mkdir sub");
    repo.git(&["update-index", "--add", "--cacheinfo", &format!("160000,{seed},sub")]);
    let base = repo.commit("base");

    let mut m: Vec<String> = (1..=10).map(|i| format!("mod line {i}")).collect();
    m[1] = "changed 2".into();
    m[4] = "changed 5".into();
    m[5] = "changed 6".into();
    m.remove(7); // old line 8
    m.push("new 1".into());
    m.push("new 2".into());
    repo.write("mod.txt", m.join("\n") + "\n");
    repo.remove("del.txt");
    repo.remove("old_name.txt");
    repo.write("dir/new_name.txt", lines(20, "moved").replace("moved line 10\n", "edited line 10\n"));
    repo.chmod("script.sh", 0o755);
    repo.remove("link");
    repo.write("link", "hello\nworld\n");
    repo.write("bin.dat", b"\x00\x09\x08binary changed\n".repeat(8));
    repo.write("deep/a/b/c.txt", lines(6, "c").replace("c line 3\n", "c line three\n"));
    repo.write("newdir/x.txt", lines(3, "x"));
    repo.write("newdir/empty.txt", "");
    repo.symlink("target/path", "newlink");
    repo.write("code.rs", CODE_AFTER);
    repo.git(&["update-index", "--cacheinfo", &format!("160000,{base},sub")]);
    let head = repo.commit("head");
    (repo, base, head)
}

fn expected_history() -> BTreeMap<String, FileChange> {
    use ChangeKind::*;
    BTreeMap::from([
        ("bin.dat".to_string(), change(Modified, 0o100644, 0o100644, &[])),
        ("code.rs".to_string(), change(Modified, 0o100644, 0o100644, &[(5, 8)])),
        ("deep/a/b/c.txt".to_string(), change(Modified, 0o100644, 0o100644, &[(3, 3)])),
        ("del.txt".to_string(), change(Deleted, 0o100644, 0, &[])),
        ("dir/new_name.txt".to_string(), change(renamed("old_name.txt"), 0o100644, 0o100644, &[(10, 10)])),
        ("link".to_string(), change(TypeChanged, 0o120000, 0o100644, &[(1, 2)])),
        ("mod.txt".to_string(), change(Modified, 0o100644, 0o100644, &[(2, 2), (5, 6), (10, 11)])),
        ("newdir/empty.txt".to_string(), change(Added, 0, 0o100644, &[])),
        ("newdir/x.txt".to_string(), change(Added, 0, 0o100644, &[(1, 3)])),
        ("newlink".to_string(), change(Added, 0, 0o120000, &[(1, 1)])),
        ("script.sh".to_string(), change(Modified, 0o100644, 0o100755, &[])),
        ("sub".to_string(), change(Modified, 0o160000, 0o160000, &[(1, 1)])),
    ])
}

#[test]
fn changes_between_matches_git_diff_for_every_kind_of_change() {
    let (repo, base, head) = history();
    let r = Repo::discover(&repo.path).expect("discover");
    let before = object_files(r.git_dir());

    let changes = r.changes_between(&base, &head).expect("changes");

    assert_eq!(changes.base_commit.as_deref(), Some(base.as_str()));
    assert_eq!(changes.files, git_changes(&repo, &[&base, &head]));
    assert_eq!(changes.files, expected_history());
    // The pruned trees lived in memory: no object was written or touched.
    assert_eq!(object_files(r.git_dir()), before);
}

#[test]
fn changes_between_accepts_revisions_and_reports_the_reverse_direction() {
    let (repo, base, head) = history();
    let r = Repo::discover(&repo.path).expect("discover");

    let named = r.changes_between("HEAD~1", "main").expect("changes");
    assert_eq!(named.base_commit.as_deref(), Some(base.as_str()));
    assert_eq!(named.files, expected_history());

    let reverse = r.changes_between(&head, &base).expect("reverse");
    assert_eq!(reverse.files, git_changes(&repo, &[&head, &base]));
    assert_eq!(reverse.files["old_name.txt"], change(renamed("dir/new_name.txt"), 0o100644, 0o100644, &[(10, 10)]));
    assert_eq!(reverse.files["del.txt"], change(ChangeKind::Added, 0, 0o100644, &[(1, 3)]));

    let none = r.changes_between(&head, "HEAD").expect("no change");
    assert_eq!(none.files, BTreeMap::new());
}

#[test]
fn changes_between_works_in_a_packed_bare_clone() {
    let (repo, base, head) = history();
    let bare = repo.root().join("bare.git");
    repo.git(&["clone", "-q", "--bare", repo.path.to_str().expect("utf-8"), bare.to_str().expect("utf-8")]);
    let r = Repo::discover(&bare).expect("discover bare");
    assert!(r.is_bare());
    let before = object_files(r.git_dir());

    let changes = r.changes_between(&base, &head).expect("changes");
    assert_eq!(changes.files, expected_history());
    assert_eq!(object_files(r.git_dir()), before);
}

#[test]
fn many_scattered_edits_match_git_line_for_line() {
    let repo = TestRepo::init();
    let original: Vec<String> = (0..300).map(|i| format!("{}value {}", "  ".repeat(i % 4), i % 37)).collect();
    repo.write("big.txt", original.join("\n") + "\n");
    let base = repo.commit("base");

    // A fixed pseudo-random sequence of replacements, insertions and deletions.
    let mut edited = original.clone();
    let mut state: u32 = 12345;
    for _ in 0..60 {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
        let at = (state >> 8) as usize % edited.len();
        match (state >> 4) % 3 {
            0 => edited[at] = format!("replaced {state}"),
            1 => edited.insert(at, format!("{}inserted {}", "  ".repeat(at % 3), state % 7)),
            _ => {
                edited.remove(at);
            }
        }
    }
    repo.write("big.txt", edited.join("\n") + "\n");
    let head = repo.commit("head");

    let r = Repo::discover(&repo.path).expect("discover");
    let changes = r.changes_between(&base, &head).expect("changes");
    let git = git_changes(&repo, &[&base, &head]);
    assert_eq!(changes.files, git);
    assert!(git["big.txt"].added_lines.ranges().len() > 20, "the edits are scattered");
}

/// A repository with staged, unstaged, untracked and ignored changes on top of `base`.
fn dirty_repo() -> (TestRepo, String) {
    let repo = TestRepo::init();
    repo.write(".gitignore", "*.log\nbuild/\n");
    repo.write("a.txt", lines(5, "a"));
    repo.write("b.txt", lines(5, "b"));
    repo.write("c.txt", lines(4, "c"));
    repo.write("gone.txt", lines(3, "gone"));
    repo.write("moved.txt", lines(10, "moved"));
    let base = repo.commit("base");

    repo.write("a.txt", lines(5, "a").replace("a line 2\n", "staged 2\n"));
    repo.git(&["add", "a.txt"]);
    repo.write("a.txt", lines(5, "a").replace("a line 2\n", "staged 2\n").replace("a line 4\n", "unstaged 4\n"));
    repo.write("b.txt", lines(5, "b").replace("b line 5\n", "unstaged 5\n"));
    repo.git(&["rm", "-q", "c.txt"]);
    repo.remove("gone.txt");
    repo.write("new_staged.txt", lines(2, "new"));
    repo.git(&["add", "new_staged.txt"]);
    repo.write("untracked.txt", lines(3, "u"));
    repo.write("untracked_dir/deep/u.txt", lines(2, "deep"));
    repo.write("debug.log", "ignored\n");
    repo.write("build/out.txt", "ignored\n");
    std::fs::rename(repo.path.join("moved.txt"), repo.path.join("moved2.txt")).expect("mv");
    (repo, base)
}

#[test]
fn changes_to_index_match_git_diff_cached() {
    let (repo, base) = dirty_repo();
    let r = Repo::discover(&repo.path).expect("discover");
    let changes = r.changes_to_index(&base).expect("changes");
    use ChangeKind::*;
    let expected = BTreeMap::from([
        ("a.txt".to_string(), change(Modified, 0o100644, 0o100644, &[(2, 2)])),
        ("c.txt".to_string(), change(Deleted, 0o100644, 0, &[])),
        ("new_staged.txt".to_string(), change(Added, 0, 0o100644, &[(1, 2)])),
    ]);
    assert_eq!(changes.base_commit.as_deref(), Some(base.as_str()));
    assert_eq!(changes.files, git_changes(&repo, &["--cached", &base]));
    assert_eq!(changes.files, expected);
}

#[test]
fn changes_to_workdir_include_unstaged_and_untracked_files_but_not_ignored_ones() {
    let (repo, base) = dirty_repo();
    let r = Repo::discover(&repo.path).expect("discover");
    let index = std::fs::read(r.git_dir().join("index")).expect("index");

    let changes = r.changes_to_workdir(&base).expect("changes");

    use ChangeKind::*;
    let expected = BTreeMap::from([
        ("a.txt".to_string(), change(Modified, 0o100644, 0o100644, &[(2, 2), (4, 4)])),
        ("b.txt".to_string(), change(Modified, 0o100644, 0o100644, &[(5, 5)])),
        ("c.txt".to_string(), change(Deleted, 0o100644, 0, &[])),
        ("gone.txt".to_string(), change(Deleted, 0o100644, 0, &[])),
        ("moved2.txt".to_string(), change(renamed("moved.txt"), 0o100644, 0o100644, &[])),
        ("new_staged.txt".to_string(), change(Added, 0, 0o100644, &[(1, 2)])),
        ("untracked.txt".to_string(), change(Added, 0, 0o100644, &[(1, 3)])),
        ("untracked_dir/deep/u.txt".to_string(), change(Added, 0, 0o100644, &[(1, 2)])),
    ]);
    assert_eq!(changes.files, expected);
    // Read-only: the index is untouched.
    assert_eq!(std::fs::read(r.git_dir().join("index")).expect("index"), index);
    // The same as git's view once everything is staged.
    repo.git(&["add", "-A"]);
    assert_eq!(changes.files, git_changes(&repo, &["--cached", &base]));
}

#[test]
fn workdir_mode_changes_symlinks_and_binaries_match_git() {
    let repo = TestRepo::init();
    repo.write("run.sh", "echo\n");
    repo.write("data.bin", b"\x00binary\x00".repeat(4));
    repo.write("plain.txt", "one\ntwo\n");
    let base = repo.commit("base");
    repo.chmod("run.sh", 0o755);
    repo.write("data.bin", b"\x00other\x00".repeat(4));
    repo.remove("plain.txt");
    repo.symlink("run.sh", "plain.txt");
    repo.symlink("data.bin", "newlink");

    let r = Repo::discover(&repo.path).expect("discover");
    let changes = r.changes_to_workdir(&base).expect("changes");
    use ChangeKind::*;
    let expected = BTreeMap::from([
        ("data.bin".to_string(), change(Modified, 0o100644, 0o100644, &[])),
        ("newlink".to_string(), change(Added, 0, 0o120000, &[(1, 1)])),
        ("plain.txt".to_string(), change(TypeChanged, 0o100644, 0o120000, &[(1, 1)])),
        ("run.sh".to_string(), change(Modified, 0o100644, 0o100755, &[])),
    ]);
    assert_eq!(changes.files, expected);
    repo.git(&["add", "-A"]);
    assert_eq!(changes.files, git_changes(&repo, &["--cached", &base]));
}

#[test]
fn change_set_errors_are_one_clear_line() {
    let (repo, base, _) = history();
    let r = Repo::discover(&repo.path).expect("discover");
    let err = r.changes_between("nope", &base).expect_err("unknown base");
    assert_eq!(err.to_string(), "unknown revision `nope`");
    assert!(matches!(err, GitError::UnknownRevision(ref rev) if rev == "nope"));
    assert_eq!(r.changes_to_workdir("HEAD~9").expect_err("too far").to_string(), "unknown revision `HEAD~9`");

    let bare = repo.root().join("bare.git");
    repo.git(&["clone", "-q", "--bare", repo.path.to_str().expect("utf-8"), bare.to_str().expect("utf-8")]);
    let rb = Repo::discover(&bare).expect("discover bare");
    assert_eq!(
        rb.changes_to_workdir(&base).expect_err("bare").to_string(),
        format!("diffing against the working tree needs a working tree, but {} is a bare repository", bare.display())
    );
    assert_eq!(
        rb.changes_to_index(&base).expect_err("bare").to_string(),
        format!("diffing against the index needs a working tree, but {} is a bare repository", bare.display())
    );
}

#[test]
fn pruning_large_directories_and_directory_file_swaps_match_git() {
    let repo = TestRepo::init();
    // More entries than the pruner keeps whole, so this directory is pruned entry by entry.
    for i in 0..600 {
        repo.write(&format!("big/f{i:03}.txt"), format!("file {i}\n"));
    }
    repo.write("big/f100.txt", lines(10, "travels"));
    repo.write("big/sub/x.txt", "x\n");
    repo.write("swap", "a file that becomes a directory\n");
    repo.write("gone/1.txt", "1\n");
    repo.write("gone/2.txt", "2\n");
    repo.write("other/y.txt", "y\n");
    let base = repo.commit("base");

    repo.write("big/f010.txt", "file 10\nmore\n");
    repo.write("big/f500.txt", "changed\n");
    repo.remove("big/f300.txt");
    repo.write("big/f600.txt", "new\n");
    repo.remove("big/f100.txt");
    repo.write("other/moved.txt", lines(10, "travels").replace("travels line 5\n", "edited\n"));
    repo.remove("swap");
    repo.write("swap/inner.txt", "inner\n");
    std::fs::remove_dir_all(repo.path.join("gone")).expect("rm -r gone");
    repo.write("new/dir/deep.txt", lines(2, "deep"));
    let head = repo.commit("head");

    let r = Repo::discover(&repo.path).expect("discover");
    let changes = r.changes_between(&base, &head).expect("changes");
    use ChangeKind::*;
    let expected = BTreeMap::from([
        ("big/f010.txt".to_string(), change(Modified, 0o100644, 0o100644, &[(2, 2)])),
        ("big/f300.txt".to_string(), change(Deleted, 0o100644, 0, &[])),
        ("big/f500.txt".to_string(), change(Modified, 0o100644, 0o100644, &[(1, 1)])),
        ("big/f600.txt".to_string(), change(Added, 0, 0o100644, &[(1, 1)])),
        ("gone/1.txt".to_string(), change(Deleted, 0o100644, 0, &[])),
        ("gone/2.txt".to_string(), change(Deleted, 0o100644, 0, &[])),
        ("new/dir/deep.txt".to_string(), change(Added, 0, 0o100644, &[(1, 2)])),
        ("other/moved.txt".to_string(), change(renamed("big/f100.txt"), 0o100644, 0o100644, &[(5, 5)])),
        ("swap".to_string(), change(Deleted, 0o100644, 0, &[])),
        ("swap/inner.txt".to_string(), change(Added, 0, 0o100644, &[(1, 1)])),
    ]);
    assert_eq!(changes.files, git_changes(&repo, &[&base, &head]));
    assert_eq!(changes.files, expected);
}

/// A commit whose tree has `f.txt` with `mode` and `content`, made with plumbing (porcelain never writes odd
/// modes).
fn commit_with_mode(repo: &TestRepo, mode: &str, content: &str, parent: Option<&str>) -> String {
    let hash = |args: &[&str], stdin: &str| -> String {
        use std::io::Write;
        let mut child = crate::common::git_command(&repo.path, 1)
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("git");
        child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write");
        let out = child.wait_with_output().expect("wait");
        assert!(out.status.success());
        String::from_utf8(out.stdout).expect("utf-8").trim().to_string()
    };
    let blob = hash(&["hash-object", "-w", "--stdin"], content);
    let keep = hash(&["hash-object", "-w", "--stdin"], "keep\n");
    let tree = hash(&["mktree"], &format!("{mode} blob {blob}\tf.txt\n100644 blob {keep}\tkeep.txt\n"));
    let mut args = vec!["commit-tree", "-m", "odd", tree.as_str()];
    if let Some(p) = parent {
        args.extend(["-p", p]);
    }
    hash(&args, "")
}

#[test]
fn odd_modes_in_crafted_trees_count_as_regular_files_instead_of_panicking() {
    let repo = TestRepo::init();
    let base = commit_with_mode(&repo, "100600", "one\n", None);
    let head = commit_with_mode(&repo, "100664", "one\ntwo\n", Some(&base));
    let r = Repo::discover(&repo.path).expect("discover");

    let changes = r.changes_between(&base, &head).expect("tree diff");
    let expected = BTreeMap::from([("f.txt".to_string(), change(ChangeKind::Modified, 0o100644, 0o100644, &[(2, 2)]))]);
    assert_eq!(changes.files, expected);

    // Against the index, the odd mode comes straight from the base tree.
    repo.git(&["read-tree", &head]);
    let staged = r.changes_to_index(&base).expect("index diff");
    assert_eq!(staged.files, expected);
}
