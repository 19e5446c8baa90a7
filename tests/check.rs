//! End to end: `precheck check` on throw-away git repositories.

mod common;

use std::path::Path;

use common::{MARKERS, TestRepo};

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn clean_tree_exits_zero_and_says_so() {
    let repo = TestRepo::new();
    repo.write("README.md", "Title\n=======\n\nhello\n");
    repo.commit("init");
    let out = repo.precheck().args(["check"]).output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "No findings in 1 file.\n");
}

#[test]
fn conflict_markers_fail_the_run_with_exact_concise_output() {
    let repo = TestRepo::new();
    repo.write("app.properties", &format!("a=1\n{MARKERS}b=2\n"));
    repo.write("notes.rst", "Notes\n=======\n");
    repo.commit("init");
    let out = repo.precheck().args(["check"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "app.properties:2:1: CF001 leftover merge-conflict markers\nFound 1 finding (1 error) in 2 files.\n"
    );
}

#[test]
fn base_keeps_only_findings_on_changed_lines() {
    let repo = TestRepo::new();
    repo.write("old.txt", MARKERS);
    repo.write("changed.txt", "one\ntwo\n");
    repo.commit("init with an old leftover");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("changed.txt", &format!("one\n{MARKERS}two\n"));
    repo.commit("new leftover");
    let out = repo.precheck().args(["check", "--base", "main", "--format", "concise"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "changed.txt:2:1: CF001 leftover merge-conflict markers\nFound 1 finding (1 error) in 1 file.\n"
    );
    // The same change seen whole: both files.
    let out = repo.precheck().args(["check", "--base", "main", "--diff-mode", "none"]).output().expect("run");
    assert_eq!(stdout(&out).lines().count(), 2, "{}", stdout(&out));
    // Uncommitted work counts (like ruff): clean the file in the working tree only.
    repo.write("changed.txt", "one\ntwo\n");
    let out = repo.precheck().args(["check", "--base", "main"]).output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn head_checks_a_commit_in_a_bare_repository() {
    let repo = TestRepo::new();
    repo.write("a.txt", "fine\n");
    repo.commit("init");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("a.txt", &format!("fine\n{MARKERS}"));
    repo.commit("leftover");
    let bare = tempfile::tempdir().expect("tempdir");
    let bare_path = bare.path().join("r.git");
    common::git_in(bare.path(), &["clone", "-q", "--bare", &repo.path().display().to_string(), "r.git"]);
    let before = common::snapshot(&bare_path);
    let out = assert_cmd::Command::cargo_bin("precheck")
        .expect("bin")
        .args(["-C", &bare_path.display().to_string(), "check", "--head", "feature", "--base", "main"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "a.txt:2:1: CF001 leftover merge-conflict markers\nFound 1 finding (1 error) in 1 file.\n"
    );
    assert_eq!(before, common::snapshot(&bare_path), "the bare repository changed");
    // Without --head a bare repository has nothing to check.
    let out = assert_cmd::Command::cargo_bin("precheck")
        .expect("bin")
        .args(["-C", &bare_path.display().to_string(), "check"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn staged_checks_the_index_not_the_working_tree() {
    let repo = TestRepo::new();
    repo.write("a.txt", "ok\n");
    repo.commit("init");
    repo.write("a.txt", &format!("ok\n{MARKERS}"));
    repo.git(&["add", "a.txt"]);
    repo.write("a.txt", "ok\nfixed in the working tree only\n");
    let out = repo.precheck().args(["check", "--staged", "--base", "HEAD"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("a.txt:2:1: CF001"), "{}", stdout(&out));
    let out = repo.precheck().args(["check"]).output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn bad_input_is_exit_two_with_one_line() {
    let repo = TestRepo::new();
    repo.write("a.txt", "ok\n");
    repo.commit("init");
    let out = repo.precheck().args(["check", "--base", "no-such-branch"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "precheck: error: unknown revision `no-such-branch`\n");

    let plain = tempfile::tempdir().expect("tempdir");
    let out = assert_cmd::Command::cargo_bin("precheck")
        .expect("bin")
        .current_dir(plain.path())
        .args(["check", "--base", "main"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("not a git repository"), "{}", stderr(&out));

    repo.write("precheck.toml", "fail-on = \"error\"\n\n[rules]\nselect = [\"ALL\"]\nignroe = [\"CF001\"]\n");
    let out = repo.precheck().args(["check"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "precheck: error: precheck.toml:5:1: unknown key `ignroe` in [rules] (expected one of: select, extend-select, preset, ignore, severity, require-reason)\n"
    );

    repo.write("precheck.toml", "[rules]\nignore = [\"CF999\"]\n");
    let out = repo.precheck().args(["check"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "precheck: error: precheck.toml:2:11: unknown rule `CF999` in [rules] (see `precheck rules`)\n"
    );

    repo.write("precheck.toml", "[sqll]\ndialect = \"mysql\"\n");
    let out = repo.precheck().args(["check"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("precheck: error: precheck.toml:1:2: unknown key `sqll`"), "{}", stderr(&out));
}

#[test]
fn check_leaves_the_repository_byte_identical() {
    let repo = TestRepo::new();
    repo.write("a.txt", MARKERS);
    repo.commit("init");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("b.txt", MARKERS);
    repo.commit("more");
    repo.write("c.txt", "uncommitted\n");
    let before = repo.snapshot();
    for args in [
        vec!["check"],
        vec!["check", "--base", "main"],
        vec!["check", "--staged", "--base", "main"],
        vec!["check", "--head", "feature", "--base", "main", "--format", "sarif"],
        vec!["rules"],
        vec!["explain", "CF001"],
    ] {
        repo.precheck().args(&args).output().expect("run");
        assert_eq!(before, repo.snapshot(), "`precheck {}` changed the repository", args.join(" "));
    }
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let repo = TestRepo::new();
    for i in 0..60 {
        let body = if i % 3 == 0 { format!("x\n{MARKERS}{MARKERS}y\n") } else { "clean\n".to_string() };
        repo.write(&format!("dir{}/file{i}.txt", i % 7), &body);
    }
    repo.write("dir1/file1.txt", "# precheck:allow(CF001) unused on purpose\n");
    repo.commit("init");
    let one = repo.precheck().args(["check", "-j", "1", "--format", "json"]).output().expect("run");
    let eight = repo.precheck().args(["check", "-j", "8", "--format", "json"]).output().expect("run");
    assert_eq!(stdout(&one), stdout(&eight));
    let json: serde_json::Value = serde_json::from_str(&stdout(&one)).expect("json");
    assert_eq!(json["summary"]["findings"], 41, "{}", stdout(&one));
}

#[test]
fn suppressions_apply_and_unused_ones_are_reported() {
    let repo = TestRepo::new();
    repo.write("a.txt", &format!("# precheck:allow(CF001) example of a conflict for the docs\n{MARKERS}"));
    repo.write("b.txt", "# precheck:allow(conflict-marker) nothing here\nclean\n");
    repo.commit("init");
    let out = repo.precheck().args(["check"]).output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(
        stdout(&out),
        "b.txt:1:3: PC001 `precheck:allow(conflict-marker)` suppresses nothing\nFound 1 finding (1 warning) in 2 files.\n"
    );
    let out = repo.precheck().args(["check", "--fail-on", "warning"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn config_selection_overrides_and_stale_entries() {
    let repo = TestRepo::new();
    repo.write("src/a.txt", MARKERS);
    repo.write("docs/git.md", MARKERS);
    repo.write(
        "precheck.toml",
        "[rules]\nseverity = { CF001 = \"warning\" }\n\n[[overrides]]\npaths = [\"docs/**\"]\nignore = [\"CF001\"]\n\n\
[[overrides]]\npaths = [\"gone/**\"]\nignore = [\"CF\"]\n",
    );
    repo.commit("init");
    let out = repo.precheck().args(["check"]).output().expect("run");
    assert_eq!(out.status.code(), Some(0), "warnings do not fail by default: {}", stdout(&out));
    assert_eq!(
        stdout(&out),
        "precheck.toml:9:10: PC004 `[[overrides]]` path `gone/**` matches no file\n\
src/a.txt:1:1: CF001 leftover merge-conflict markers\nFound 2 findings (2 warnings) in 3 files.\n"
    );
    let out = repo.precheck().args(["check", "--ignore", "CF001,PC004"]).output().expect("run");
    assert_eq!(stdout(&out), "No findings in 3 files.\n");
    let out = repo.precheck().args(["check", "--select", "PC"]).output().expect("run");
    assert!(stdout(&out).starts_with("precheck.toml:9:10: PC004"), "{}", stdout(&out));
    let out = repo.precheck().args(["check", "--only", "nosuch"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn stale_allow_list_entries_of_a_check_are_pc004_on_full_runs_only() {
    let repo = TestRepo::new();
    repo.write("assets/logo.bin", "not large\n");
    repo.write("src/app.properties", "a=1\n");
    repo.write(
        "precheck.toml",
        "[code]\nlarge-file-allowlist = [\"assets/**\", \"videos/**\"]\nsecret-allow-paths = ['*.properties', 'gone/*.env']\n",
    );
    repo.commit("init");
    let out = repo.precheck().args(["check", "--select", "PC004"]).output().expect("run");
    assert_eq!(
        stdout(&out),
        "precheck.toml:2:38: PC004 `large-file-allowlist` entry `videos/**` in [code] matches no file\n\
precheck.toml:3:39: PC004 `secret-allow-paths` entry `gone/*.env` in [code] matches no file\n\
Found 2 findings (2 warnings) in 3 files.\n"
    );
    // A run on part of the repository cannot tell what the entries match elsewhere.
    let out = repo.precheck().args(["check", "--select", "PC004", "src"]).output().expect("run");
    assert_eq!(stdout(&out), "No findings in 1 file.\n");
}

#[test]
fn the_configuration_is_searched_up_to_the_repository_root_only() {
    let outer = tempfile::tempdir().expect("tempdir");
    // Another project's configuration above the repository (here one precheck would refuse).
    std::fs::write(outer.path().join("precheck.toml"), "no-such-key = 1\n").expect("write");
    let repo = outer.path().join("vendored");
    std::fs::create_dir_all(repo.join("src")).expect("mkdir");
    common::git_in(&repo, &["init", "-q", "-b", "main"]);
    std::fs::write(repo.join("src/a.txt"), "clean\n").expect("write");
    let precheck = |dir: &Path| {
        let mut cmd = assert_cmd::Command::cargo_bin("precheck").expect("binary");
        cmd.current_dir(dir).env("NO_COLOR", "1").env_remove("GIT_DIR").args(["check"]).output().expect("run")
    };
    let out = precheck(&repo.join("src"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "No findings in 1 file.\n");
    // A plain directory below it is no repository: the configuration above applies (and is refused).
    let plain = outer.path().join("plain");
    std::fs::create_dir_all(&plain).expect("mkdir");
    let out = precheck(&plain);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(stderr(&out).contains("no-such-key"), "{}", stderr(&out));
}

#[test]
fn unreadable_huge_and_binary_files_never_crash() {
    let repo = TestRepo::new();
    repo.write("small.txt", "ok\n");
    repo.write_bytes("blob.bin", b"<<<<<<< HEAD\n\0\0\0\n>>>>>>> x\n");
    repo.commit("init");
    // A 1 GB sparse file: over max-file-size, never read.
    let huge = std::fs::File::create(repo.path().join("huge.log")).expect("create");
    huge.set_len(1_000_000_000).expect("set_len");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("loop-b", repo.path().join("loop-a")).expect("symlink");
        std::os::unix::fs::symlink("loop-a", repo.path().join("loop-b")).expect("symlink");
    }
    let out = repo.precheck().args(["check", "--extend-select", "TXT006"]).output().expect("run");
    // Exit 1: the code check's large-file rule (TXT006) is an error; PC003 says the text rules skipped it.
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "huge.log:1:1: PC003 file not checked: 1 GB is over max-file-size (10 MB)\n\
huge.log:1:1: TXT006 `huge.log` is 976563 KiB, over the 500 KiB limit for added files\n\
Found 2 findings (1 error, 1 warning) in 5 files.\n"
    );
}

#[test]
fn baseline_write_then_check_drops_accepted_findings() {
    let repo = TestRepo::new();
    repo.write("legacy.txt", MARKERS);
    repo.commit("init");
    let out = repo.precheck().args(["baseline", "write", "baseline.json"]).output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let base: serde_json::Value =
        serde_json::from_slice(&std::fs::read(repo.path().join("baseline.json")).expect("read")).expect("json");
    assert_eq!(base["version"], 1);
    assert_eq!(base["findings"][0]["code"], "CF001");
    let out = repo.precheck().args(["check", "--baseline", "baseline.json"]).output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // A new leftover elsewhere is still reported; moving the old one down keeps it accepted.
    repo.write("legacy.txt", &format!("moved down\n{MARKERS}"));
    repo.write("new.txt", MARKERS);
    let out = repo.precheck().args(["check", "--baseline", "baseline.json"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).starts_with("new.txt:1:1: CF001"), "{}", stdout(&out));
    assert_eq!(stdout(&out).lines().count(), 2, "{}", stdout(&out));
}

#[test]
fn every_format_renders() {
    let repo = TestRepo::new();
    repo.write("a.txt", MARKERS);
    repo.commit("init");
    for format in ["human", "concise", "json", "sarif", "gitlab", "junit", "github", "checkstyle"] {
        let out = repo.precheck().args(["check", "--format", format]).output().expect("run");
        assert_eq!(out.status.code(), Some(1), "{format}: {}", stderr(&out));
        assert!(stdout(&out).contains("CF001"), "{format}: {}", stdout(&out));
    }
    let out = repo.precheck().args(["check", "--format", "sarif", "--output", "out.sarif"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(repo.path().join("out.sarif")).expect("read")).expect("json");
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "CF001");
}

#[test]
fn diff_modes_widen_what_a_base_run_keeps() {
    let repo = TestRepo::new();
    repo.write(
        "a.txt",
        &format!(
            "{MARKERS}x
y
z
"
        ),
    );
    repo.write("other.txt", MARKERS);
    repo.commit("old leftovers");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    // Line 8 changes: three lines below the block's last marker (line 5).
    repo.write(
        "a.txt",
        &format!(
            "{MARKERS}x
y
changed
"
        ),
    );
    repo.commit("edit near the block");
    let count = |mode: &str| -> usize {
        let out = repo
            .precheck()
            .args(["check", "--base", "main", "--diff-mode", mode, "--format", "json"])
            .output()
            .expect("run");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        json["summary"]["findings"].as_u64().unwrap_or(u64::MAX) as usize
    };
    assert_eq!(count("added"), 0);
    assert_eq!(count("diff-context"), 1);
    assert_eq!(count("file"), 1);
    assert_eq!(count("none"), 1, "only changed files are discovered with --base");
}

#[test]
fn secrets_never_reach_any_output() {
    let repo = TestRepo::new();
    // Built from parts so that precheck's own self-check does not see a key in this file.
    let key = ["AKIA", "Z3MXQ7KH2WLPV5TN"].concat();
    let key = key.as_str();
    repo.write("deploy/aws.env", &format!("region=cn-hangzhou\nAWS_ACCESS_KEY_ID={key}\n"));
    repo.commit("init");
    for format in ["human", "concise", "json", "sarif", "gitlab", "junit", "github", "checkstyle"] {
        let out = repo.precheck().args(["check", "--format", format]).output().expect("run");
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(all.contains("TXT103"), "{format}: {all}");
        assert!(!all.contains(key), "{format} shows the secret: {all}");
        assert!(!all.contains(&key[4..]), "{format} shows most of the secret: {all}");
    }
}

/// The XML scans (Zdal catalogue, Spring wiring) remember, outside the repository, the blobs they found
/// nothing in: a second run reads only new blobs and reports exactly what the first did; a cache directory
/// inside the repository is never used.
#[test]
fn xml_blobs_found_irrelevant_are_remembered_outside_the_repository() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let repo = TestRepo::new();
    repo.copy_in(&fixtures.join("zdal/sample-app"), "").copy_in(&fixtures.join("demo/main"), "");
    for i in 0..20 {
        repo.write(&format!("conf/plain{i:02}.xml"), &format!("<config><entry key=\"k{i}\"/></config>\n"));
    }
    repo.commit("release");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.copy_in(&fixtures.join("demo/feature"), "");
    repo.commit("feature");
    let cache = tempfile::tempdir().expect("tempdir");
    let run = |cache_dir: &Path| {
        let out = repo
            .precheck()
            .env("PRECHECK_CACHE_DIR", cache_dir)
            .args(["check", "--head", "feature", "--base", "main", "--format", "json"])
            .output()
            .expect("run");
        assert!(out.status.code().is_some_and(|c| c <= 1), "{}", stderr(&out));
        stdout(&out)
    };
    let first = run(cache.path());
    assert!(first.contains("\"ZD102\"") && first.contains("\"ZD027\""), "{first}");
    let kept = |name: &str| std::fs::metadata(cache.path().join(name)).map(|m| m.len()).unwrap_or(0);
    let ids = kept("zdal-recognition-v1");
    assert!(ids >= 20 * 20 && ids % 20 == 0, "{ids} bytes");
    assert_eq!(run(cache.path()), first, "the second run, reading only what it had not seen, says the same");
    assert_eq!(kept("zdal-recognition-v1"), ids, "nothing new to remember");
    // Asked to keep its cache inside the repository being checked, precheck keeps nothing at all.
    let before = repo.snapshot();
    let inside = repo.path().join("precheck-cache");
    assert_eq!(run(&inside), first);
    assert!(!inside.exists());
    assert_eq!(repo.snapshot(), before);
}

/// The default set is small; presets add their groups; `select` replaces the start; ignores still win.
#[test]
fn the_default_set_presets_and_select() {
    let repo = TestRepo::new();
    repo.write("db/q.sql", "UPDATE t SET a = 1 AND b = 2 WHERE id = 1;\nSELECT * FROM t WHERE id = 1;  \n");
    repo.commit("init");
    let codes = |args: &[&str]| {
        let out = repo.precheck().arg("check").args(args).args(["--format", "concise"]).output().expect("run");
        assert!(out.status.code().is_some_and(|c| c <= 1), "{}", stderr(&out));
        let codes: Vec<String> =
            stdout(&out).lines().filter_map(|l| l.split(": ").nth(1)?.split(' ').next().map(str::to_string)).collect();
        codes.join(" ")
    };
    // SQL010 is in the default set; SELECT * (SQL001) and trailing whitespace (TXT001) are not.
    assert_eq!(codes(&[]), "SQL010");
    assert_eq!(codes(&["--preset", "alibaba"]), "SQL010 SQL001");
    assert_eq!(codes(&["--extend-select", "TXT001"]), "SQL010 TXT001");
    repo.write("precheck.toml", "[rules]\npreset = \"strict\"\n");
    assert_eq!(codes(&[]), "SQL010 SQL001 TXT001");
    // `--select` replaces the configuration's selection, presets included.
    assert_eq!(codes(&["--select", "TXT"]), "TXT001");
    repo.write("precheck.toml", "[rules]\npreset = [\"strict\"]\nignore = [\"SQL\"]\n");
    assert_eq!(codes(&[]), "TXT001");
    repo.write("precheck.toml", "[rules]\nselect = [\"ALL\"]\n");
    assert_eq!(codes(&["--select", "SQL001"]), "SQL001");

    let out = repo.precheck().args(["check", "--preset", "google"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "precheck: error: unknown preset `google` (presets: alibaba, strict)\n");
    repo.write("precheck.toml", "[rules]\npreset = \"google\"\n");
    let out = repo.precheck().args(["check"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "precheck: error: precheck.toml:2:10: unknown preset `google` (presets: alibaba, strict)\n"
    );
}

/// `--statistics` prints the per-rule counts only; a long human report ends with them.
#[test]
fn statistics_count_findings_per_rule() {
    let repo = TestRepo::new();
    for i in 0..30 {
        repo.write(&format!("db/q{i:02}.sql"), "UPDATE t SET a = 1 AND b = 2 WHERE id = 1;\n");
    }
    repo.write("app.properties", "url=jdbc:mysql://db/app\n<<<<<<< HEAD\n");
    repo.commit("init");
    let out = repo.precheck().args(["check", "--statistics"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "30  SQL010   update-set-and   error\n 1  CF001    conflict-marker  error\nFound 31 findings (31 errors) in 31 files.\n"
    );
    let out = repo.precheck().args(["check", "--statistics", "--format", "json"]).output().expect("run");
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(
        json["statistics"][0],
        serde_json::json!({"code": "SQL010", "name": "update-set-and", "count": 30, "severity": "error"})
    );
    for i in 30..60 {
        repo.write(&format!("db/q{i:02}.sql"), "UPDATE t SET a = 1 AND b = 2 WHERE id = 1;\n");
    }
    let out = repo.precheck().args(["check", "--format", "human"]).env("NO_COLOR", "1").output().expect("run");
    assert!(
        stdout(&out).ends_with("60  SQL010   update-set-and   error\n 1  CF001    conflict-marker  error\n\nFound 61 findings (61 errors) in 61 files.\n"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_lone_separator_is_a_marker_only_in_a_file_git_left_unmerged() {
    let repo = TestRepo::new();
    repo.write("app.properties", "a=1\n");
    repo.write("notes.rst", "Notes\n=======\n");
    repo.commit("init");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("app.properties", "a=2\n");
    repo.commit("feature");
    repo.git(&["checkout", "-q", "main"]);
    repo.write("app.properties", "a=3\n");
    repo.commit("main");
    let merge = std::process::Command::new("git").current_dir(repo.path()).args(["merge", "-q", "feature"]).output();
    assert_eq!(merge.map(|o| o.status.code()).ok().flatten(), Some(1), "the merge conflicts");
    // Half resolved: the opening and closing markers deleted, the separator forgotten.
    repo.write("app.properties", "a=3\n=======\na=2\n");
    let out = repo.precheck().args(["check", "--format", "concise"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "app.properties:2:1: CF001 leftover merge-conflict marker `=======` without its opening `<<<<<<<`\n\
         Found 1 finding (1 error) in 2 files.\n"
    );
    // Once the file is marked resolved (`git add`), the same line is text again, as in notes.rst.
    repo.git(&["add", "app.properties"]);
    let out = repo.precheck().args(["check", "--format", "concise"]).output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

/// A push that edits one mapper is compared with the base where the mapper pass looked on the head: an old
/// finding of that mapper's namespace is not new, and another namespace's old duplicate is neither new nor read.
#[test]
fn the_gate_reports_only_the_mapper_findings_a_push_brings() {
    let repo = TestRepo::new();
    let user_xml = "src/main/resources/mapper/UserMapper.xml";
    let user = "<mapper namespace=\"com.example.UserMapper\">\n  <select id=\"findById\" resultType=\"map\">SELECT * FROM user WHERE id = #{id}</select>\n</mapper>\n";
    repo.write(user_xml, user);
    // `lost` has no statement: an old JV050.
    repo.write(
        "src/main/java/com/example/UserMapper.java",
        "package com.example;\n\npublic interface UserMapper {\n    Object findById(long id);\n\n    void lost();\n}\n",
    );
    repo.write(
        "src/main/resources/mapper/OrderMapper.xml",
        "<mapper namespace=\"com.example.OrderMapper\">\n  <select id=\"list\" resultType=\"map\">SELECT * FROM orders</select>\n  <select id=\"list\" resultType=\"map\">SELECT * FROM orders</select>\n</mapper>\n",
    );
    repo.write(
        "src/main/java/com/example/OrderMapper.java",
        "package com.example;\n\npublic interface OrderMapper {\n    Object list();\n}\n",
    );
    repo.commit("mappers with old findings");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    let again =
        "  <select id=\"findById\" resultType=\"map\">SELECT id FROM user WHERE id = #{id}</select>\n</mapper>\n";
    repo.write(user_xml, &user.replace("</mapper>\n", again));
    repo.commit("findById twice");
    let out = repo
        .precheck()
        .args(["check", "--base", "main", "--select", "JV05", "--format", "concise"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "src/main/resources/mapper/UserMapper.xml:3:15: JV051 `com.example.UserMapper.findById` is defined twice: \
         MyBatis fails at start-up (\"Mapped Statements collection already contains value for \
         com.example.UserMapper.findById\")\nFound 1 finding (1 error) in 1 file.\n"
    );
}
