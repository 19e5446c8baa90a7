//! Discovery, revisions, merge-bases and small reads, compared with git.

use std::path::Path;

use precheck_git::{GitError, Repo};

use crate::common::TestRepo;

#[test]
fn discover_finds_the_repository_from_a_subdirectory() {
    let repo = TestRepo::init();
    repo.write("src/deep/file.txt", "x\n");
    repo.commit("one");
    let r = Repo::discover(&repo.path.join("src/deep")).expect("discover");
    assert_eq!(r.git_dir(), repo.path.join(".git"));
    assert_eq!(r.common_dir(), repo.path.join(".git"));
    assert_eq!(r.workdir(), Some(repo.path.as_path()));
    assert!(!r.is_bare());

    let opened = Repo::open(&repo.path).expect("open");
    assert_eq!(opened.git_dir(), repo.path.join(".git"));
}

#[test]
fn discover_outside_a_repository_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dir = dir.path().canonicalize().expect("canonical");
    let err = Repo::discover(&dir).expect_err("not a repo");
    assert_eq!(err.to_string(), format!("not a git repository: {} (or any parent)", dir.display()));
    assert!(matches!(err, GitError::NotARepository { ref path } if path == &dir));
}

#[test]
fn discover_works_in_a_bare_repository_and_its_subdirectories() {
    let repo = TestRepo::init();
    repo.write("a.txt", "a\n");
    let head = repo.commit("one");
    let bare = repo.root().join("bare.git");
    repo.git(&["clone", "-q", "--bare", repo.path.to_str().expect("utf-8"), bare.to_str().expect("utf-8")]);

    for dir in [bare.clone(), bare.join("refs")] {
        let r = Repo::discover(&dir).expect("discover bare");
        assert!(r.is_bare());
        assert_eq!(r.workdir(), None);
        assert_eq!(r.git_dir(), bare);
        assert_eq!(r.common_dir(), bare);
        assert_eq!(r.resolve("main").expect("resolve"), head);
        assert_eq!(r.head_commit(), Some(head.clone()));
    }
}

#[test]
fn discover_honours_the_git_file_of_a_linked_worktree() {
    let repo = TestRepo::init();
    repo.write("a.txt", "a\n");
    repo.commit("one");
    let wt = repo.root().join("wt");
    repo.git(&["worktree", "add", "-q", "-b", "side", wt.to_str().expect("utf-8")]);
    std::fs::write(wt.join("a.txt"), "a\nmore\n").expect("write");
    let side = repo.commit_in(&wt, "side");

    let r = Repo::discover(&wt).expect("discover worktree");
    assert_eq!(r.git_dir(), repo.path.join(".git/worktrees/wt"));
    assert_eq!(r.common_dir(), repo.path.join(".git"));
    assert_eq!(r.workdir(), Some(wt.as_path()));
    assert!(!r.is_bare());
    assert_eq!(r.head_commit(), Some(side.clone()));
    assert_eq!(r.resolve("HEAD").expect("HEAD"), side);

    std::fs::write(wt.join("new.txt"), "n\n").expect("write");
    let changes = r.changes_to_workdir("main").expect("workdir diff in a worktree");
    let paths: Vec<&str> = changes.files.keys().map(String::as_str).collect();
    assert_eq!(paths, ["a.txt", "new.txt"]);
    assert_eq!(changes.files["a.txt"].added_lines.ranges(), &[(2, 2)]);

    // Handles opened afresh from the worktree's git directory see the same repository.
    let between = r.changes_between("main", "side").expect("tree diff in a worktree");
    assert_eq!(between.files.keys().collect::<Vec<_>>(), ["a.txt"]);
    let tree = precheck_git::TreeSource::new(r.git_dir(), "HEAD").expect("tree source");
    assert_eq!(precheck_core::FileSource::read(&tree, "a.txt").expect("read"), b"a\nmore\n");
    let index = precheck_git::IndexSource::new(r.git_dir()).expect("index source");
    assert_eq!(precheck_core::FileSource::read(&index, "a.txt").expect("read"), b"a\nmore\n");
    let reopened = Repo::open(r.git_dir()).expect("open the worktree's git dir");
    assert_eq!(reopened.workdir(), Some(wt.as_path()));
    assert_eq!(reopened.common_dir(), repo.path.join(".git"));

    // info/attributes lives in the common directory.
    std::fs::create_dir_all(repo.path.join(".git/info")).expect("mkdir");
    std::fs::write(repo.path.join(".git/info/attributes"), "*.bin binary\n").expect("write");
    assert_eq!(r.info_attributes().as_deref(), Some("*.bin binary\n"));
}

#[test]
fn resolve_peels_to_commits_like_rev_parse() {
    let repo = TestRepo::init();
    repo.write("a.txt", "a\n");
    let first = repo.commit("one");
    repo.git(&["tag", "-a", "-m", "v1", "v1"]);
    repo.write("a.txt", "b\n");
    let second = repo.commit("two");
    let r = Repo::discover(&repo.path).expect("discover");

    for (rev, id) in [("HEAD", &second), ("main", &second), ("HEAD~1", &first), ("v1", &first), (&first[..10], &first)]
    {
        assert_eq!(&r.resolve(rev).expect(rev), id, "{rev}");
        assert_eq!(&repo.rev_parse(rev), id, "git agrees on {rev}");
    }

    assert_eq!(r.resolve("nope").expect_err("unknown").to_string(), "unknown revision `nope`");
    assert_eq!(r.resolve("HEAD~5").expect_err("too far").to_string(), "unknown revision `HEAD~5`");
    let missing = "0123456789012345678901234567890123456789";
    assert_eq!(r.resolve(missing).expect_err("absent id").to_string(), format!("unknown revision `{missing}`"));
    let err = r.resolve("HEAD:a.txt").expect_err("a blob");
    assert_eq!(err.to_string(), "revision `HEAD:a.txt` is a blob, not a commit");
    assert!(matches!(err, GitError::NotACommit { kind: "blob", .. }));
}

#[test]
fn merge_base_matches_git_and_is_none_for_unrelated_histories() {
    let repo = TestRepo::init();
    repo.write("a.txt", "a\n");
    repo.commit("A");
    repo.write("a.txt", "b\n");
    let b = repo.commit("B");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("f.txt", "f\n");
    repo.commit("D");
    repo.git(&["checkout", "-q", "main"]);
    repo.write("a.txt", "c\n");
    repo.commit("C");
    let r = Repo::discover(&repo.path).expect("discover");

    let git_says = repo.git(&["merge-base", "main", "feature"]).trim().to_string();
    assert_eq!(git_says, b);
    assert_eq!(r.merge_base("main", "feature").expect("merge-base"), Some(b.clone()));
    assert_eq!(r.merge_base("feature", "main").expect("merge-base"), Some(b));

    repo.git(&["checkout", "-q", "--orphan", "other"]);
    repo.git(&["rm", "-rfq", "."]);
    repo.write("o.txt", "o\n");
    repo.commit("orphan");
    assert_eq!(r.merge_base("main", "other").expect("unrelated"), None);
    assert_eq!(r.merge_base("main", "nope").expect_err("unknown").to_string(), "unknown revision `nope`");
}

#[test]
fn head_commit_is_none_on_an_unborn_branch() {
    let repo = TestRepo::init();
    let r = Repo::discover(&repo.path).expect("discover");
    assert_eq!(r.head_commit(), None);
    repo.write("a.txt", "a\n");
    let id = repo.commit("one");
    assert_eq!(r.head_commit(), Some(id));
}

#[test]
fn read_blob_at_reads_files_links_and_submodules_of_a_commit() {
    let repo = TestRepo::init();
    repo.write("dir/a.txt", "first\n");
    repo.symlink("dir/a.txt", "link");
    std::fs::create_dir(repo.path.join("sub")).expect("mkdir");
    let gitlink = "1111111111111111111111111111111111111111";
    repo.git(&["update-index", "--add", "--cacheinfo", &format!("160000,{gitlink},sub")]);
    let first = repo.commit("one");
    repo.write("dir/a.txt", "second\n");
    repo.commit("two");
    let r = Repo::discover(&repo.path).expect("discover");

    assert_eq!(r.read_blob_at(&first, "dir/a.txt").expect("read"), Some(b"first\n".to_vec()));
    assert_eq!(r.read_blob_at("HEAD", "dir/a.txt").expect("read"), Some(b"second\n".to_vec()));
    assert_eq!(r.read_blob_at("HEAD", "link").expect("read"), Some(b"dir/a.txt".to_vec()));
    assert_eq!(r.read_blob_at("HEAD", "sub").expect("read"), Some(gitlink.as_bytes().to_vec()));
    assert_eq!(r.read_blob_at("HEAD", "dir").expect("a directory"), None);
    assert_eq!(r.read_blob_at("HEAD", "missing.txt").expect("missing"), None);
    assert_eq!(r.read_blob_at("HEAD", "").expect("empty path"), None);
    assert_eq!(r.read_blob_at("HEAD", "dir//a.txt").expect("empty component"), None);
    assert_eq!(r.read_blob_at("HEAD", "/dir/a.txt").expect("absolute"), None);
    assert_eq!(r.read_blob_at("nope", "dir/a.txt").expect_err("unknown").to_string(), "unknown revision `nope`");
}

#[test]
fn info_attributes_and_commit_graph_are_reported_when_present() {
    let repo = TestRepo::init();
    repo.write("a.txt", "a\n");
    repo.commit("one");
    let r = Repo::discover(&repo.path).expect("discover");
    let info = repo.path.join(".git/info");
    let _ = std::fs::remove_file(info.join("attributes"));
    assert_eq!(r.info_attributes(), None);
    std::fs::create_dir_all(&info).expect("mkdir");
    std::fs::write(info.join("attributes"), "*.dat -diff\n").expect("write");
    assert_eq!(r.info_attributes().as_deref(), Some("*.dat -diff\n"));

    assert!(!r.has_commit_graph());
    repo.git(&["commit-graph", "write", "--reachable"]);
    assert!(Path::new(&repo.path.join(".git/objects/info/commit-graph")).is_file());
    assert!(r.has_commit_graph());
}
