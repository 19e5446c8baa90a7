//! End to end: `rules`, `explain`, `init`, and the git hooks on real pushes and commits.

mod common;

use std::process::Command;

use common::{MARKERS, TestRepo};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn rules_lists_every_rule_and_explain_prints_one() {
    let repo = TestRepo::new();
    let out = repo.precheck().args(["rules"]).output().expect("run");
    assert_eq!(out.status.code(), Some(0));
    let listing = text(&out.stdout);
    assert!(listing.lines().any(|l| l.starts_with("CF001   conflict-marker")), "{listing}");
    assert!(listing.lines().any(|l| l.starts_with("PC001   unused-suppression")), "{listing}");
    let out = repo.precheck().args(["rules", "--format", "json"]).output().expect("run");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(json.as_array().is_some_and(|a| a.iter().any(|r| r["code"] == "CF001" && r["severity"] == "error")));
    // Which rules are on by default and which presets hold them.
    let rule = |code: &str| json.as_array().and_then(|a| a.iter().find(|r| r["code"] == code)).cloned();
    assert_eq!(rule("CF001").map(|r| r["default"].clone()), Some(serde_json::json!(true)));
    assert_eq!(
        rule("SQL001").map(|r| (r["default"].clone(), r["presets"].clone())),
        Some((serde_json::json!(false), serde_json::json!(["alibaba", "strict"])))
    );
    assert!(listing.contains("preset = \"alibaba\""), "{listing}");

    for name in ["CF001", "cf001", "conflict-marker"] {
        let out = repo.precheck().args(["explain", name]).output().expect("run");
        assert_eq!(out.status.code(), Some(0));
        let page = text(&out.stdout);
        assert!(page.starts_with("# CF001 conflict-marker\n"), "{page}");
        assert!(page.contains("## Use instead"), "{page}");
    }
    let out = repo.precheck().args(["explain", "XX999"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stderr), "precheck: error: unknown rule `XX999` (see `precheck rules`)\n");
}

#[test]
fn init_writes_a_config_that_loads_and_refuses_to_overwrite() {
    let repo = TestRepo::new();
    repo.write("a.txt", "ok\n");
    repo.commit("init");
    let out = repo.precheck().args(["init"]).output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let config = std::fs::read_to_string(repo.path().join("precheck.toml")).expect("written");
    assert!(config.contains("[rules]"));
    let out = repo.precheck().args(["check"]).output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}{}", text(&out.stdout), text(&out.stderr));
    let out = repo.precheck().args(["init"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    let out = repo.precheck().args(["init", "--force"]).output().expect("run");
    assert_eq!(out.status.code(), Some(0));
}

/// A repository with a bare remote `origin`, `main` pushed.
fn with_remote() -> (TestRepo, tempfile::TempDir) {
    let remote = tempfile::tempdir().expect("tempdir");
    common::git_in(remote.path(), &["init", "-q", "--bare", "-b", "main"]);
    let repo = TestRepo::new();
    repo.write("a.txt", "ok\n");
    repo.commit("init");
    repo.git(&["remote", "add", "origin", &remote.path().display().to_string()]);
    repo.git(&["push", "-q", "origin", "main"]);
    (repo, remote)
}

/// `git push` with hooks enabled (the test helper disables them for setup commands).
fn push(repo: &TestRepo, args: &[&str]) -> std::process::Output {
    Command::new("git").current_dir(repo.path()).arg("push").args(args).env("NO_COLOR", "1").output().expect("git push")
}

#[test]
fn pre_push_hook_refuses_a_push_that_adds_conflict_markers() {
    let (repo, remote) = with_remote();
    let out = repo.precheck().args(["hook", "install", "pre-push"]).output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let hook = repo.path().join(".git/hooks/pre-push");
    assert!(std::fs::read_to_string(&hook).expect("hook").contains("hook run pre-push \"$@\""));

    // A new branch with a leftover conflict: refused.
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("b.txt", &format!("x\n{MARKERS}"));
    repo.commit("oops");
    let out = push(&repo, &["-q", "origin", "feature"]);
    assert!(!out.status.success(), "push should be refused");
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(all.contains("b.txt:2:1: CF001 leftover merge-conflict markers"), "{all}");
    assert!(all.contains("push refused"), "{all}");
    let refs = common::git_in(remote.path(), &["for-each-ref", "--format=%(refname)"]);
    assert_eq!(refs, "refs/heads/main\n");

    // Fixed: accepted.
    repo.write("b.txt", "x\n");
    repo.commit("fix");
    let out = push(&repo, &["-q", "origin", "feature"]);
    assert!(out.status.success(), "{}{}", text(&out.stdout), text(&out.stderr));

    // An existing branch: only the new commits count; an old leftover on main does not block.
    repo.git(&["checkout", "-q", "main"]);
    repo.write("old.txt", MARKERS);
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "--no-verify", "-m", "old leftover"]);
    common::git_in(repo.path(), &["push", "-q", "--no-verify", "origin", "main"]);
    repo.write("c.txt", "clean\n");
    repo.commit("clean change");
    // `main` is a protected branch by default (TXT014): a direct push is refused ...
    let out = push(&repo, &["-q", "origin", "main"]);
    assert!(!out.status.success());
    assert!(text(&out.stdout).contains("TXT014 push to protected branch `main`"), "{}", text(&out.stdout));
    // ... unless the configuration says otherwise; then only the new commits count.
    std::fs::write(repo.path().join("precheck.toml"), "[code]\nprotected-branches = []\n").expect("config");
    let out = push(&repo, &["-q", "origin", "main"]);
    assert!(out.status.success(), "{}{}", text(&out.stdout), text(&out.stderr));

    // Deleting a branch checks nothing.
    let out = push(&repo, &["-q", "origin", "--delete", "feature"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn hook_install_keeps_foreign_hooks_and_honours_core_hooks_path() {
    let repo = TestRepo::new();
    repo.write("a.txt", "ok\n");
    repo.commit("init");
    let hooks = repo.path().join(".git/hooks");
    std::fs::create_dir_all(&hooks).expect("mkdir");
    std::fs::write(hooks.join("pre-commit"), "#!/bin/sh\necho mine\n").expect("write");
    let out = repo.precheck().args(["hook", "install", "pre-commit"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("was not installed by precheck"), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(hooks.join("pre-commit")).expect("read"), "#!/bin/sh\necho mine\n");
    let out = repo.precheck().args(["hook", "install", "pre-commit", "--force"]).output().expect("run");
    assert_eq!(out.status.code(), Some(0));
    // Re-installing over our own hook needs no --force.
    let out = repo.precheck().args(["hook", "install", "pre-commit"]).output().expect("run");
    assert_eq!(out.status.code(), Some(0));

    repo.git(&["config", "core.hooksPath", "githooks"]);
    let out = repo.precheck().args(["hook", "install", "pre-push"]).output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(repo.path().join("githooks/pre-push").is_file());
}

#[test]
fn pre_commit_hook_checks_what_is_staged() {
    let repo = TestRepo::new();
    repo.write("a.txt", "ok\n");
    repo.commit("init");
    repo.precheck().args(["hook", "install", "pre-commit"]).assert().success();
    repo.write("a.txt", &format!("ok\n{MARKERS}"));
    repo.git(&["add", "a.txt"]);
    let out = Command::new("git")
        .current_dir(repo.path())
        .args(["-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-q", "-m", "bad"])
        .output()
        .expect("commit");
    assert!(!out.status.success(), "commit should be refused");
    // git sends a pre-commit hook's standard output to its standard error.
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(all.contains("a.txt:2:1: CF001 leftover merge-conflict markers"), "{all}");
    assert!(all.contains("commit refused"), "{all}");
    assert_eq!(repo.git(&["rev-list", "--count", "HEAD"]).trim(), "1");
}

/// Tags: an annotated tag is checked as the commit it names (it was refused with exit 2, "unknown
/// revision <tag object id>"), a tag of a tree names no commit and passes with a note, a deletion passes.
#[test]
fn pre_push_hook_checks_annotated_tags_as_their_commits() {
    let (repo, remote) = with_remote();
    let out = repo.precheck().args(["hook", "install", "pre-push"]).output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    repo.git(&["tag", "-a", "-m", "release 1", "v1"]);
    let out = push(&repo, &["-q", "origin", "v1"]);
    assert!(out.status.success(), "{}{}", text(&out.stdout), text(&out.stderr));

    // A tag on a commit that brings a leftover conflict: refused, like the branch would be.
    repo.git(&["checkout", "-q", "-b", "hotfix"]);
    repo.write("b.txt", &format!("x\n{MARKERS}"));
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "--no-verify", "-m", "oops"]);
    repo.git(&["tag", "-a", "-m", "release 2", "v2"]);
    let out = push(&repo, &["-q", "--follow-tags", "origin", "v2"]);
    assert!(!out.status.success(), "a tag bringing markers should be refused");
    assert!(text(&out.stdout).contains("b.txt:2:1: CF001"), "{}", text(&out.stdout));

    // A tag of a tree names no commit: nothing to check.
    let tree = repo.git(&["rev-parse", "HEAD^{tree}"]);
    repo.git(&["tag", "-a", "-m", "a tree", "tree-tag", tree.trim()]);
    let out = push(&repo, &["-q", "origin", "tree-tag"]);
    assert!(out.status.success(), "{}{}", text(&out.stdout), text(&out.stderr));
    assert!(
        text(&out.stderr).contains("refs/tags/tree-tag names no commit: nothing to check"),
        "{}",
        text(&out.stderr)
    );

    let out = push(&repo, &["-q", "origin", "--delete", "v1"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let tags = common::git_in(remote.path(), &["tag", "--list"]);
    assert_eq!(tags, "tree-tag\n");
}

/// Installs precheck as the bare remote's pre-receive hook (with `extra` global arguments).
fn install_pre_receive(remote: &std::path::Path, extra: &[&str]) {
    let mut cmd = assert_cmd::Command::cargo_bin("precheck").expect("binary");
    let out = cmd.args(extra).args(["-C"]).arg(remote).args(["hook", "install", "pre-receive"]).output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let script = std::fs::read_to_string(remote.join("hooks/pre-receive")).expect("hook");
    assert!(script.contains("hook run pre-receive \"$@\""), "{script}");
}

#[test]
fn pre_receive_hook_refuses_bad_pushes_with_the_configuration_committed_at_the_tip() {
    let (repo, remote) = with_remote();
    install_pre_receive(remote.path(), &[]);

    // A new branch with a leftover conflict: refused on the server, with the finding relayed to the pusher.
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("b.txt", &format!("x\n{MARKERS}"));
    repo.commit("oops");
    let out = push(&repo, &["-q", "origin", "feature"]);
    assert!(!out.status.success(), "push should be refused");
    let all = text(&out.stderr);
    assert!(all.contains("remote: b.txt:2:1: CF001 leftover merge-conflict markers"), "{all}");
    assert!(all.contains("remote: precheck: refs/heads/feature refused: 1 finding at or above"), "{all}");
    assert!(all.contains("remote: precheck: push refused: 1 of 1 ref failed the check."), "{all}");
    let refs = common::git_in(remote.path(), &["for-each-ref", "--format=%(refname)"]);
    assert_eq!(refs, "refs/heads/main\n");

    // Fixed: accepted; only the commits the server did not have count (the bad one is fixed on top).
    repo.write("b.txt", "x\n");
    repo.commit("fix");
    let out = push(&repo, &["-q", "origin", "feature"]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    // `main` is protected by default (TXT014): a direct push is refused ...
    repo.git(&["checkout", "-q", "main"]);
    repo.write("c.txt", "clean\n");
    repo.commit("clean change");
    let out = push(&repo, &["-q", "origin", "main"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("TXT014 push to protected branch `main`"), "{}", text(&out.stderr));
    // ... unless the configuration committed at the pushed tip says otherwise (there is no working tree).
    repo.write("precheck.toml", "[code]\nprotected-branches = []\n");
    repo.commit("allow direct pushes");
    let out = push(&repo, &["-q", "origin", "main"]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    // An annotated tag of a clean commit passes; deleting a branch checks nothing.
    repo.git(&["tag", "-a", "-m", "release", "v1"]);
    let out = push(&repo, &["-q", "origin", "v1"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = push(&repo, &["-q", "origin", "--delete", "feature"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn pre_receive_hook_with_a_server_wide_config_and_without_the_pushed_objects() {
    let (repo, remote) = with_remote();
    let server = tempfile::tempdir().expect("tempdir");
    let config = server.path().join("server.toml");
    std::fs::write(&config, "[code]\nprotected-branches = []\n").expect("config");
    install_pre_receive(remote.path(), &["--config", &config.display().to_string()]);
    let script = std::fs::read_to_string(remote.path().join("hooks/pre-receive")).expect("hook");
    assert!(script.contains("--config '"), "{script}");
    // The server's file wins over the one committed at the tip, which would protect `main`.
    repo.write("precheck.toml", "[code]\nprotected-branches = [\"main\"]\n");
    repo.commit("protect main");
    let out = push(&repo, &["-q", "origin", "main"]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    // A pushed commit the repository does not have is refused, never let through.
    let mut cmd = assert_cmd::Command::cargo_bin("precheck").expect("binary");
    let missing = "1234567890123456789012345678901234567890";
    let out = cmd
        .arg("-C")
        .arg(remote.path())
        .args(["hook", "run", "pre-receive"])
        .write_stdin(format!("{} {missing} refs/heads/ghost\n", "0".repeat(40)))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("refs/heads/ghost: cannot be checked, refusing it: unknown revision"), "{err}");
    // A malformed line is a usage error (exit 2), which git also takes as a refusal.
    let mut cmd = assert_cmd::Command::cargo_bin("precheck").expect("binary");
    let out = cmd
        .arg("-C")
        .arg(remote.path())
        .args(["hook", "run", "pre-receive"])
        .write_stdin("nonsense\n")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
}

#[test]
fn configuration_precedence_flag_then_committed_at_head_then_working_tree() {
    let repo = TestRepo::new();
    repo.write("b.txt", &format!("x\n{MARKERS}"));
    repo.write("precheck.toml", "[rules]\nignore = [\"CF001\"]\n");
    repo.commit("markers, ignored by the committed configuration");
    // The working tree's configuration no longer ignores CF001.
    repo.write("precheck.toml", "[rules]\nignore = []\n");
    let codes = |args: &[&str]| {
        let out = repo.precheck().args(args).args(["--format", "concise"]).output().expect("run");
        (out.status.code(), text(&out.stdout).contains("CF001"), text(&out.stderr))
    };
    // The working tree is checked with the working tree's configuration.
    assert_eq!(codes(&["check"]).0, Some(1));
    // A commit is judged by the configuration it carries.
    let (code, cf001, err) = codes(&["check", "--head", "HEAD"]);
    assert_eq!((code, cf001), (Some(0), false), "{err}");
    // --config wins over both; a relative path is taken from -C's directory.
    std::fs::write(repo.path().join("strict.toml"), "fail-on = \"error\"\n").expect("write");
    let (code, cf001, err) = codes(&["--config", "strict.toml", "check", "--head", "HEAD"]);
    assert_eq!((code, cf001), (Some(1), true), "{err}");
    // A --config that does not exist is a configuration error naming it.
    let (code, _, err) = codes(&["--config", "missing.toml", "check"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("missing.toml") && err.contains("cannot read"), "{err}");
}

#[test]
fn junit_fails_exactly_what_fail_on_fails_and_lists_only_the_rules_of_the_run() {
    let repo = TestRepo::new();
    repo.write("b.txt", &format!("x\n{MARKERS}"));
    repo.commit("markers");
    let junit = |fail_on: &str| {
        let out = repo
            .precheck()
            .args(["check", "--select", "CF001", "--format", "junit", "--fail-on", fail_on])
            .output()
            .expect("run");
        (out.status.code(), text(&out.stdout))
    };
    let (code, xml) = junit("error");
    assert_eq!(code, Some(1));
    assert!(
        xml.contains(r#"<testcase name="CF001 conflict-marker at b.txt:2:1" classname="precheck.conflict">"#),
        "{xml}"
    );
    assert!(xml.contains("<failure message="), "{xml}");
    // Deselected rules are not test cases.
    assert!(!xml.contains("TXT0"), "{xml}");
    // Below fail-on: a passing run, a passing case, the finding as output only.
    let (code, xml) = junit("never");
    assert_eq!(code, Some(0));
    assert!(!xml.contains("<failure"), "{xml}");
    assert!(xml.contains(r#"<testcase name="CF001 conflict-marker" classname="precheck.conflict"/>"#), "{xml}");
    assert!(xml.contains("<system-out>b.txt:2:1: CF001 [error]"), "{xml}");
}
