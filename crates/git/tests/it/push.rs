//! Pre-push stdin parsing and the base of each pushed ref, with a bare "remote" and real pushes.

use std::path::{Path, PathBuf};

use precheck_git::{GitError, PushBase, PushUpdate, Repo, parse_pre_push};

use crate::common::TestRepo;

const ZERO: &str = "0000000000000000000000000000000000000000";
const A: &str = "1111111111111111111111111111111111111111";
const B: &str = "abcdefabcdefabcdefabcdefabcdefabcdefabcd";

fn update(local_ref: &str, local_sha: &str, remote_ref: &str, remote_sha: &str) -> PushUpdate {
    PushUpdate {
        local_ref: local_ref.to_string(),
        local_sha: local_sha.to_string(),
        remote_ref: remote_ref.to_string(),
        remote_sha: remote_sha.to_string(),
    }
}

#[test]
fn parse_pre_push_reads_updates_new_branches_and_deletions() {
    let sha256 = "a".repeat(64);
    let stdin = format!(
        "refs/heads/main {A} refs/heads/main {B}\n\
         \n\
         refs/heads/new {} refs/heads/new {ZERO}\r\n\
         (delete) {ZERO} refs/heads/old {A}\n\
         refs/heads/big {sha256} refs/heads/big {sha256}\n",
        B.to_uppercase()
    );
    let updates = parse_pre_push(&stdin).expect("parse");
    assert_eq!(
        updates,
        [
            update("refs/heads/main", A, "refs/heads/main", B),
            update("refs/heads/new", B, "refs/heads/new", ZERO),
            update("(delete)", ZERO, "refs/heads/old", A),
            update("refs/heads/big", &sha256, "refs/heads/big", &sha256),
        ]
    );
    let flags: Vec<(bool, bool)> = updates.iter().map(|u| (u.is_delete(), u.is_new_branch())).collect();
    assert_eq!(flags, [(false, false), (false, true), (true, false), (false, false)]);
    assert_eq!(parse_pre_push("").expect("empty"), []);
    assert_eq!(parse_pre_push("\n  \n").expect("blank"), []);
}

#[test]
fn parse_pre_push_names_the_malformed_line() {
    let stdin = format!("refs/heads/main {A} refs/heads/main {B}\nrefs/heads/x {A} refs/heads/x\n");
    let err = parse_pre_push(&stdin).expect_err("three fields");
    assert_eq!(
        err.to_string(),
        format!(
            "malformed pre-push input on line 2: `refs/heads/x {A} refs/heads/x` \
             (expected `<local ref> <local sha> <remote ref> <remote sha>`)"
        )
    );
    assert!(matches!(err, GitError::MalformedPushLine { line: 2, .. }));

    let err = parse_pre_push("refs/heads/x 123 refs/heads/x 456").expect_err("short shas");
    assert!(
        matches!(err, GitError::MalformedPushLine { line: 1, ref text } if text == "refs/heads/x 123 refs/heads/x 456")
    );
    let bad_hex = format!("refs/heads/x {} refs/heads/x {ZERO}", "g".repeat(40));
    assert!(matches!(parse_pre_push(&bad_hex), Err(GitError::MalformedPushLine { line: 1, .. })));
    let five = format!("a {A} b {B} extra");
    assert!(matches!(parse_pre_push(&five), Err(GitError::MalformedPushLine { line: 1, .. })));
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// A bare remote seeded from `repo` (commits A, B on `branch`), and a clone of it (which has `origin/HEAD`).
fn remote_and_clone(repo: &TestRepo, branch: &str) -> (PathBuf, PathBuf, String) {
    repo.write("a.txt", "a\n");
    repo.commit("A");
    repo.write("a.txt", "b\n");
    let b = repo.commit("B");
    let remote = repo.root().join("remote.git");
    repo.git_at(&repo.root(), &["init", "-q", "--bare", path_str(&remote)]);
    repo.git(&["remote", "add", "origin", path_str(&remote)]);
    repo.git(&["push", "-q", "origin", &format!("HEAD:refs/heads/{branch}")]);
    let clone = repo.root().join("clone");
    repo.git_at(&repo.root(), &["clone", "-q", "-b", branch, path_str(&remote), path_str(&clone)]);
    (remote, clone, b)
}

#[test]
fn pre_push_base_of_updates_new_branches_and_deletions() {
    let repo = TestRepo::init();
    let (_remote, clone, b) = remote_and_clone(&repo, "main");
    // main moves on after the feature branches off at B.
    std::fs::write(clone.join("main.txt"), "main\n").expect("write");
    let e = repo.commit_in(&clone, "E");
    repo.git_at(&clone, &["push", "-q", "origin", "main"]);
    repo.git_at(&clone, &["checkout", "-q", "-b", "feature", &b]);
    std::fs::write(clone.join("f.txt"), "c\n").expect("write");
    repo.commit_in(&clone, "C");
    std::fs::write(clone.join("f.txt"), "d\n").expect("write");
    let d = repo.commit_in(&clone, "D");
    let r = Repo::discover(&clone).expect("discover");
    assert_ne!(e, b);

    // Deleting a remote branch: nothing to check.
    let del = update("(delete)", ZERO, "refs/heads/old", &b);
    assert_eq!(r.pre_push_base("origin", &del).expect("delete"), PushBase::Delete);

    // A new branch: the merge-base with the remote's default branch (origin/HEAD -> origin/main = E).
    let new = update("refs/heads/feature", &d, "refs/heads/feature", ZERO);
    assert_eq!(r.pre_push_base("origin", &new).expect("new branch"), PushBase::Commit(b.clone()));
    assert_eq!(repo.git_at(&clone, &["merge-base", &d, "origin/HEAD"]).trim(), b);

    // An existing remote branch whose tip is here: that tip.
    repo.git_at(&clone, &["push", "-q", "origin", "feature"]);
    std::fs::write(clone.join("f.txt"), "f\n").expect("write");
    let f = repo.commit_in(&clone, "F");
    let existing = update("refs/heads/feature", &f, "refs/heads/feature", &d);
    assert_eq!(r.pre_push_base("origin", &existing).expect("update"), PushBase::Commit(d.clone()));

    // A remote tip never fetched: as for a new branch.
    let unfetched = update("refs/heads/feature", &f, "refs/heads/feature", A);
    assert_eq!(r.pre_push_base("origin", &unfetched).expect("unfetched"), PushBase::Commit(b.clone()));

    // Without origin/HEAD, origin/main is the default branch.
    repo.git_at(&clone, &["remote", "set-head", "origin", "-d"]);
    assert_eq!(r.pre_push_base("origin", &new).expect("no origin/HEAD"), PushBase::Commit(b));

    // An unknown local commit is an error.
    let bogus = update("refs/heads/x", A, "refs/heads/x", ZERO);
    assert_eq!(r.pre_push_base("origin", &bogus).expect_err("unknown").to_string(), format!("unknown revision `{A}`"));
}

#[test]
fn pre_push_base_without_a_default_branch_uses_the_newest_commit_a_remote_has() {
    let repo = TestRepo::init();
    repo.git(&["checkout", "-q", "-b", "develop"]);
    let (remote, _clone, b) = remote_and_clone(&repo, "develop");
    // The seed repository pushed develop itself: it has origin/develop but no origin/HEAD, main or master.
    repo.git(&["fetch", "-q", "origin"]);
    repo.git(&["checkout", "-q", "-b", "topic"]);
    repo.write("t.txt", "c\n");
    repo.commit("C");
    repo.write("t.txt", "d\n");
    let d = repo.commit("D");
    let r = Repo::discover(&repo.path).expect("discover");
    let refs = repo.git(&["for-each-ref", "--format=%(refname)", "refs/remotes"]);
    assert_eq!(refs, "refs/remotes/origin/develop\n");

    let new = update("refs/heads/topic", &d, "refs/heads/topic", ZERO);
    assert_eq!(r.pre_push_base("origin", &new).expect("new branch"), PushBase::Commit(b.clone()));
    // Pushing to a URL rather than a named remote: the same answer through remote-tracking refs.
    assert_eq!(r.pre_push_base(path_str(&remote), &new).expect("url"), PushBase::Commit(b.clone()));

    // A new name for a commit a remote already has: nothing new to check.
    let copy = update("refs/heads/copy", &b, "refs/heads/copy", ZERO);
    assert_eq!(r.pre_push_base("origin", &copy).expect("copy"), PushBase::Commit(b));
}

#[test]
fn pre_push_base_is_root_when_no_remote_has_any_commit() {
    let repo = TestRepo::init();
    repo.write("a.txt", "a\n");
    repo.commit("A");
    repo.write("a.txt", "b\n");
    let head = repo.commit("B");
    let remote = repo.root().join("remote.git");
    repo.git_at(&repo.root(), &["init", "-q", "--bare", path_str(&remote)]);
    repo.git(&["remote", "add", "origin", path_str(&remote)]);
    let r = Repo::discover(&repo.path).expect("discover");

    let new = update("refs/heads/main", &head, "refs/heads/main", ZERO);
    assert_eq!(r.pre_push_base("origin", &new).expect("first push"), PushBase::Root);
}
