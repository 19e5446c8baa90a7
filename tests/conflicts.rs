//! End to end: `precheck conflicts` and the CF002–CF006 gate of `precheck check --base` on throw-away git
//! repositories built with the git CLI.

mod common;

use common::{TestRepo, git_in};

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn numbered(n: u32, at: u32, text: &str) -> String {
    (1..=n).map(|i| if i == at { format!("{text}\n") } else { format!("line {i}\n") }).collect()
}

/// `main` and `feature` both change line 5 of a.txt; `side` touches only b.txt; `other` changes line 5 like
/// `feature` does not (conflicting with `feature` but not with `main`'s… see each test).
fn release_train() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("a.txt", &numbered(20, 0, ""));
    repo.write("b.txt", "b\n");
    repo.write("docs/readme.md", "docs\n");
    repo.commit("base");
    repo.git(&["branch", "feature"]);
    repo.git(&["branch", "side"]);
    repo.git(&["branch", "other"]);
    repo.write("a.txt", &numbered(20, 5, "main five"));
    repo.commit("main edits line 5");
    repo.git(&["checkout", "-q", "feature"]);
    repo.write("a.txt", &numbered(20, 5, "feature five"));
    repo.commit("feature edits line 5");
    repo.git(&["checkout", "-q", "side"]);
    repo.write("b.txt", "side\n");
    repo.commit("side edits b");
    repo.git(&["checkout", "-q", "other"]);
    repo.write("b.txt", "other\n");
    repo.commit("other edits b");
    repo.git(&["checkout", "-q", "feature"]);
    repo
}

#[test]
fn json_output_has_the_design_shape_and_exit_code_one_on_conflict() {
    let repo = release_train();
    let before = repo.snapshot();
    let out = repo.precheck().args(["conflicts", "--into", "main", "--format", "json"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["version"], 1);
    assert!(json["matrix"].is_null());
    let merge = &json["merges"][0];
    assert_eq!(merge["source"], "HEAD");
    assert_eq!(merge["target"], "main");
    assert_eq!(merge["clean"], false);
    assert_eq!(merge["engine"], "git-merge-tree");
    assert!(merge["git_version"].as_str().is_some_and(|v| v.starts_with("2.")));
    let conflict = &merge["conflicts"][0];
    assert_eq!(conflict["path"], "a.txt");
    assert_eq!(conflict["kind"], "content");
    assert_eq!(conflict["lines"], serde_json::json!([{"start": 5, "end": 5}]));
    assert_eq!(conflict["message"], "CONFLICT (content): Merge conflict in a.txt");
    let keys: Vec<&str> = merge.as_object().expect("object").keys().map(String::as_str).collect();
    for key in ["source", "target", "clean", "engine", "git_version", "conflicts"] {
        assert!(keys.contains(&key), "{key} missing from {keys:?}");
    }
    // Clean merge: exit 0.
    let out = repo.precheck().args(["conflicts", "--into", "main", "side", "--format", "json"]).output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Read-only.
    assert_eq!(before, repo.snapshot(), "conflicts changed the repository");
}

#[test]
fn human_and_markdown_name_the_path_kind_lines_and_engine() {
    let repo = release_train();
    let out = repo.precheck().args(["conflicts", "--into", "main", "feature", "side"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("CONFLICT `feature` into `main`: 1 conflict"), "{text}");
    assert!(text.contains("content  a.txt (source lines 5)"), "{text}");
    assert!(text.contains("ok `side` into `main`: clean"), "{text}");
    assert!(text.contains("engine: git merge-tree, git 2."), "{text}");
    let out = repo.precheck().args(["conflicts", "--into", "main", "--format", "markdown"]).output().expect("run");
    let md = stdout(&out);
    assert!(md.starts_with("### precheck: merge-conflict prediction"), "{md}");
    assert!(md.contains("| `a.txt` | content | 5 | CONFLICT (content): Merge conflict in a.txt |"), "{md}");
}

#[test]
fn matrix_outputs_table_json_markdown_and_html_and_stays_read_only() {
    let repo = release_train();
    let before = repo.snapshot();
    let args = ["conflicts", "--into", "main", "--matrix", "feature", "side", "other"];
    let out = repo.precheck().args(args).output().expect("run");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("6 merges: 2 conflicted, 0 cannot merge"), "{text}");
    // Sources are numbered rows named in full once; columns are the target, then the sources by number.
    assert!(
        text.starts_with(
            "#  source   main    1    2    3\n\
             1  feature    1x    -   ok   ok\n\
             2  side       ok   ok    -   1x\n\
             3  other      ok   ok   1x    -\n"
        ),
        "{text}"
    );

    let out = repo.precheck().args(args).args(["--format", "json"]).output().expect("run");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let matrix = &json["matrix"];
    assert_eq!(matrix["target"], "main");
    assert_eq!(matrix["sources"], serde_json::json!(["feature", "side", "other"]));
    let cells = matrix["cells"].as_array().expect("cells");
    assert_eq!(cells.len(), 6);
    let cell = |source: &str, target: &str| {
        cells.iter().find(|c| c["source"] == source && c["target"] == target).cloned().expect("cell")
    };
    assert_eq!(cell("feature", "main")["clean"], false);
    assert_eq!(cell("feature", "main")["paths"], serde_json::json!(["a.txt"]));
    assert_eq!(cell("other", "side")["clean"], false);
    assert_eq!(cell("other", "side")["paths"], serde_json::json!(["b.txt"]));
    // Disjoint paths: merged by git like every pair, clean.
    assert_eq!(cell("side", "feature")["clean"], true);

    let out = repo.precheck().args(args).args(["--format", "markdown"]).output().expect("run");
    assert!(stdout(&out).contains("| `feature` | :x: 1 |"), "{}", stdout(&out));

    let page = repo.path().join("../matrix.html");
    let out = repo.precheck().args(args).args(["--format", "html", "--output"]).arg(&page).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let html = std::fs::read_to_string(&page).expect("html");
    let _ = std::fs::remove_file(&page);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("title=\"feature into main: 1 conflict&#10;a.txt (content)\""), "{html}");
    // Which way the cells read, the commits the branches were at, and when.
    assert!(html.contains("<th class=\"corner\">source ↓ / into →</th>"), "{html}");
    let main_id = repo.git(&["rev-parse", "--short=12", "main"]);
    assert!(html.contains(&format!("main (target) <code>{}</code>", main_id.trim())), "{html}");
    assert!(html.contains("<p>made 20") && html.contains(" UTC</p>"), "{html}");
    assert!(!html.contains("<script") && !html.contains("http"), "self-contained");
    assert_eq!(before, repo.snapshot(), "the matrix changed the repository");
}

#[test]
fn bad_input_exits_two_with_one_line() {
    let repo = release_train();
    let out = repo.precheck().args(["conflicts", "--into", "nope"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "precheck: error: unknown revision `nope`\n");
    let out = repo.precheck().args(["conflicts", "--into", "main", "feature", "missing"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "precheck: error: unknown revision `missing`\n");
    let plain = tempfile::tempdir().expect("tempdir");
    let out = repo.precheck().current_dir(plain.path()).args(["conflicts", "--into", "main"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.starts_with("precheck: error: not a git repository") && err.lines().count() == 1, "{err}");
}

fn findings(out: &std::process::Output) -> Vec<serde_json::Value> {
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    json["findings"].as_array().cloned().unwrap_or_default()
}

#[test]
fn check_base_reports_cf002_at_the_source_lines_and_stays_read_only() {
    let repo = release_train();
    let before = repo.snapshot();
    let head = repo.git(&["rev-parse", "HEAD"]).trim().to_string();
    let out =
        repo.precheck().args(["check", "--base", "main", "--head", &head, "--format", "json"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let all = findings(&out);
    let cf002: Vec<&serde_json::Value> = all.iter().filter(|f| f["code"] == "CF002").collect();
    assert_eq!(cf002.len(), 1, "{all:#?}");
    let f = cf002[0];
    assert_eq!(f["path"], "a.txt");
    assert_eq!(f["start"]["line"], 5);
    let message = f["message"].as_str().expect("message");
    assert!(message.starts_with("merging into `main` conflicts in `a.txt` (content, stages 123)"), "{message}");
    assert!(message.contains("[git merge-tree, git 2."), "{message}");
    assert!(!message.contains("uncommitted"), "{message}");
    // The fingerprint follows (rule, path, kind): the same after an unrelated commit moves the lines.
    let fingerprint = f["fingerprint"].clone();
    assert_eq!(before, repo.snapshot(), "check --base changed the repository");
    repo.write("a.txt", &format!("new first line\n{}", numbered(20, 5, "feature five")));
    repo.commit("shift the lines");
    let out = repo.precheck().args(["check", "--base", "main", "--format", "json"]).output().expect("run");
    let all = findings(&out);
    let f = all.iter().find(|f| f["code"] == "CF002").expect("CF002 again");
    assert_eq!(f["start"]["line"], 6);
    assert_eq!(f["fingerprint"], fingerprint);
    assert!(
        f["message"].as_str().is_some_and(|m| m.contains("uncommitted changes are not part of the merge prediction"))
    );
    // A clean merge: no CF002.
    let out = repo.precheck().args(["check", "--base", "side", "--format", "json"]).output().expect("run");
    assert!(findings(&out).iter().all(|f| f["code"] != "CF002"), "{}", stdout(&out));
}

#[test]
fn check_base_reports_cf003_against_release_branches_and_cf005() {
    let repo = release_train();
    repo.git(&["checkout", "-q", "side"]);
    repo.write("precheck.toml", "[conflict]\nrelease-branches = [\"oth*\", \"feature\"]\n");
    repo.commit("config");
    let out = repo.precheck().args(["check", "--base", "main", "--format", "json"]).output().expect("run");
    let all = findings(&out);
    let cf003: Vec<&serde_json::Value> = all.iter().filter(|f| f["code"] == "CF003").collect();
    assert_eq!(cf003.len(), 1, "{all:#?}");
    assert_eq!(cf003[0]["severity"], "warning");
    assert_eq!(cf003[0]["path"], "b.txt");
    assert!(cf003[0]["message"].as_str().is_some_and(|m| m.contains("open branch `other`")));
    // Warnings do not fail the gate by default.
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // `side` and `main` changed different files: nothing was modified on both sides (no CF005).
    assert!(all.iter().all(|f| f["code"] != "CF005"), "{all:#?}");

    // CF005: both sides changed a.txt in different places, merged cleanly.
    let repo = TestRepo::new();
    repo.write("a.txt", &numbered(30, 0, ""));
    repo.commit("base");
    repo.git(&["checkout", "-q", "-b", "topic"]);
    repo.write("a.txt", &numbered(30, 28, "topic"));
    repo.commit("topic");
    repo.git(&["checkout", "-q", "main"]);
    repo.write("a.txt", &numbered(30, 2, "main"));
    repo.commit("main");
    repo.git(&["checkout", "-q", "topic"]);
    let out = repo.precheck().args(["check", "--base", "main", "--format", "json"]).output().expect("run");
    let all = findings(&out);
    assert!(all.iter().any(|f| f["code"] == "CF005" && f["path"] == "a.txt" && f["severity"] == "info"), "{all:#?}");
}

#[test]
fn unrelated_histories_are_cf004_unless_allowed() {
    let repo = release_train();
    repo.git(&["switch", "-q", "--orphan", "lonely"]);
    repo.git(&["clean", "-qfdx"]);
    repo.write("z.txt", "z\n");
    repo.commit("unrelated root");
    let out = repo.precheck().args(["conflicts", "--into", "main", "--format", "json"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["merges"][0]["error"], "refusing to merge unrelated histories");
    // The gate: the runner itself refuses `--base` without a merge base (exit 2), so CF004 comes from a
    // release branch with an unrelated history.
    repo.git(&["checkout", "-q", "side"]);
    repo.write("precheck.toml", "[conflict]\nrelease-branches = [\"lonely\"]\n");
    repo.commit("config");
    let out = repo.precheck().args(["check", "--base", "main", "--format", "json"]).output().expect("run");
    let all = findings(&out);
    let cf004 = all.iter().find(|f| f["code"] == "CF004").expect("CF004");
    assert!(cf004["message"].as_str().is_some_and(|m| m.contains("refusing to merge unrelated histories")), "{all:#?}");
    assert_eq!(out.status.code(), Some(1));
    repo.git(&["checkout", "-q", "lonely"]);
    repo.write("precheck.toml", "[conflict]\nallow-unrelated-histories = true\n");
    let out = repo.precheck().args(["conflicts", "--into", "main"]).output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn a_bare_repository_works_with_head() {
    let repo = release_train();
    let bare = tempfile::tempdir().expect("tempdir");
    git_in(bare.path(), &["clone", "-q", "--bare", &repo.path().to_string_lossy(), "r.git"]);
    let dir = bare.path().join("r.git");
    let before = common::snapshot(&dir);
    let out = repo
        .precheck()
        .current_dir(&dir)
        .args(["check", "--base", "main", "--head", "feature", "--format", "json"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(findings(&out).iter().any(|f| f["code"] == "CF002" && f["path"] == "a.txt"), "{}", stdout(&out));
    let out = repo.precheck().current_dir(&dir).args(["conflicts", "--into", "main", "feature"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(before, common::snapshot(&dir), "the bare repository changed");
}

#[test]
fn a_shallow_clone_without_the_merge_base_says_to_fetch_more() {
    let repo = release_train();
    let clone = tempfile::tempdir().expect("tempdir");
    let url = format!("file://{}", repo.path().display());
    git_in(clone.path(), &["clone", "-q", "--depth", "1", "--no-single-branch", &url, "c"]);
    let dir = clone.path().join("c");
    let out = repo
        .precheck()
        .current_dir(&dir)
        .args(["conflicts", "--into", "origin/main", "--format", "json"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let error = json["merges"][0]["error"].as_str().unwrap_or_default().to_string();
    assert!(error.contains("shallow") && error.contains("git fetch --deepen"), "{error}");
    // The gate cannot even say what changed: one line, exit 2, the same advice.
    let out = repo.precheck().current_dir(&dir).args(["check", "--base", "origin/main"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let error = stderr(&out);
    assert_eq!(error.lines().count(), 1, "{error}");
    assert!(error.contains("no merge base") && error.contains("git fetch --deepen"), "{error}");
}

#[test]
fn the_per_pair_engine_and_old_git_agree_with_the_default() {
    // /usr/bin/git (2.39 on Debian 12) when present: configured through `[conflict] git`.
    if !std::path::Path::new("/usr/bin/git").exists() {
        return;
    }
    let repo = release_train();
    repo.write("precheck.toml", "[conflict]\ngit = \"/usr/bin/git\"\n");
    let out = repo.precheck().args(["conflicts", "--into", "main", "--format", "json"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let version = git_in(repo.path(), &["--version"]);
    let _ = version;
    let reported = json["merges"][0]["git_version"].as_str().unwrap_or_default().to_string();
    let usr = std::process::Command::new("/usr/bin/git").arg("version").output().expect("git");
    assert!(String::from_utf8_lossy(&usr.stdout).contains(&reported), "{reported}");
    assert_eq!(json["merges"][0]["conflicts"][0]["lines"], serde_json::json!([{"start": 5, "end": 5}]));
}

#[test]
fn cf006_says_once_to_write_a_commit_graph_on_a_large_history() {
    let repo = TestRepo::new();
    // 5,001 tiny commits on `main` (a commit, a tree and a blob each: over LARGE_HISTORY objects), through
    // fast-import (seconds with `git commit`, milliseconds here).
    let n = precheck_conflict::LARGE_HISTORY / 3 + 1;
    let mut stream = String::new();
    for i in 1..=n {
        stream.push_str(&format!(
            "commit refs/heads/main\nmark :{i}\ncommitter T <t@example.com> {} +0000\ndata 1\nc\nM 644 inline f.txt\ndata {}\n{i}\n\n",
            1_700_000_000 + i,
            i.to_string().len() + 1
        ));
    }
    let mut child = std::process::Command::new("git")
        .current_dir(repo.path())
        .args(["fast-import", "--quiet"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("fast-import");
    {
        use std::io::Write as _;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(stream.as_bytes()).expect("write");
    }
    assert!(child.wait().expect("wait").success());
    repo.git(&["checkout", "-q", "-f", "main"]);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("g.txt", "new\n");
    repo.commit("feature");
    let cf006 = |out: &std::process::Output| findings(out).iter().filter(|f| f["code"] == "CF006").count();
    let out = repo.precheck().args(["check", "--base", "main", "--format", "json"]).output().expect("run");
    assert_eq!(cf006(&out), 1, "{}", stdout(&out));
    repo.git(&["commit-graph", "write", "--reachable"]);
    let out = repo.precheck().args(["check", "--base", "main", "--format", "json"]).output().expect("run");
    assert_eq!(cf006(&out), 0, "{}", stdout(&out));
}

#[test]
fn merge_base_merges_as_of_an_older_base_and_excludes_the_matrix() {
    let repo = TestRepo::new();
    repo.write("a.txt", &numbered(20, 0, ""));
    let old = repo.commit("old base");
    repo.write("a.txt", &numbered(20, 5, "v1"));
    repo.commit("natural base");
    repo.git(&["branch", "feature"]);
    repo.write("b.txt", "main\n");
    repo.commit("main adds b");
    repo.git(&["checkout", "-q", "feature"]);
    repo.write("a.txt", &numbered(20, 5, "v2"));
    repo.commit("feature edits line 5");
    let run = |extra: &[&str]| {
        let mut args = vec!["conflicts", "--into", "main", "feature", "--format", "json"];
        args.extend_from_slice(extra);
        repo.precheck().args(&args).output().expect("run")
    };
    let natural = run(&[]);
    assert_eq!(natural.status.code(), Some(0), "{}", stdout(&natural));
    let given = run(&["--merge-base", &old]);
    assert_eq!(given.status.code(), Some(1), "{}", stderr(&given));
    let json: serde_json::Value = serde_json::from_slice(&given.stdout).expect("json");
    assert_eq!(json["merges"][0]["conflicts"][0]["path"], "a.txt", "{json}");
    assert_eq!(json["merges"][0]["conflicts"][0]["kind"], "content", "{json}");
    let both = run(&["--merge-base", &old, "--matrix"]);
    assert_eq!(both.status.code(), Some(2), "{}", stderr(&both));
    let unknown = run(&["--merge-base", "no-such-rev"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert_eq!(stderr(&unknown).lines().count(), 1, "{}", stderr(&unknown));
}

/// `main` and `feature` from one base with `V1__init.sql` and `V2__users.sql`: each test adds its own commits.
fn migrations_base() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("app/src/main/resources/db/migration/V1__init.sql", "CREATE TABLE t (id bigint);\n");
    repo.write("app/src/main/resources/db/migration/V2__users.sql", "CREATE TABLE users (id bigint);\n");
    repo.commit("base");
    repo.git(&["branch", "feature"]);
    repo
}

const MIGRATIONS: &str = "app/src/main/resources/db/migration";

fn gate(repo: &TestRepo) -> Vec<(String, String, String)> {
    let out = repo
        .precheck()
        .args(["check", "--base", "main", "--head", "feature", "--select", "CF008,CF009,CF010", "--format", "json"])
        .output()
        .expect("run");
    findings(&out)
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (s("code"), s("path"), s("message"))
        })
        .collect()
}

#[test]
fn migrations_that_merge_cleanly_but_clash_are_cf008_cf009_cf010() {
    let repo = migrations_base();
    repo.write(&format!("{MIGRATIONS}/V3__coupons.sql"), "CREATE TABLE coupon (id bigint);\n");
    repo.write(&format!("{MIGRATIONS}/V4__orders.sql"), "CREATE TABLE orders (id bigint);\n");
    repo.commit("main adds V3 and V4");
    repo.git(&["checkout", "-q", "feature"]);
    repo.write(&format!("{MIGRATIONS}/V3__order_index.sql"), "CREATE INDEX i ON t (id);\n");
    repo.write(&format!("{MIGRATIONS}/V3_5__audit.sql"), "CREATE TABLE audit (id bigint);\n");
    repo.write(&format!("{MIGRATIONS}/V1__init.sql"), "CREATE TABLE t (id bigint, name text);\n");
    repo.write(&format!("{MIGRATIONS}/R__views.sql"), "CREATE VIEW v AS SELECT 1;\n");
    repo.commit("feature: a clashing version, an old version, an applied migration edited");
    let found = gate(&repo);
    let codes: Vec<(&str, &str)> =
        found.iter().map(|(c, p, _)| (c.as_str(), p.rsplit('/').next().unwrap_or(""))).collect();
    assert_eq!(
        codes,
        vec![("CF010", "V1__init.sql"), ("CF009", "V3_5__audit.sql"), ("CF008", "V3__order_index.sql")],
        "{found:?}"
    );
    assert!(found[2].2.contains("migration version 3 is also added by `main`"), "{found:?}");
    assert!(found[1].2.contains("lower than 4"), "{found:?}");
}

#[test]
fn migrations_above_the_target_and_the_same_file_on_both_sides_are_quiet() {
    let repo = migrations_base();
    repo.write(&format!("{MIGRATIONS}/V3__coupons.sql"), "CREATE TABLE coupon (id bigint);\n");
    repo.write("docs/V9__not_a_migration.sql", "SELECT 1;\n");
    repo.commit("main adds V3");
    repo.git(&["checkout", "-q", "feature"]);
    // The same migration cherry-picked, a higher version, a file outside the migration folders.
    repo.write(&format!("{MIGRATIONS}/V3__coupons.sql"), "CREATE TABLE coupon (id bigint);\n");
    repo.write(&format!("{MIGRATIONS}/V4__orders.sql"), "CREATE TABLE orders (id bigint);\n");
    repo.write("docs/V1__notes.sql", "SELECT 2;\n");
    repo.commit("feature");
    assert_eq!(gate(&repo), Vec::new());
}

#[test]
fn flyway_locations_from_the_spring_configuration_are_migration_folders() {
    let repo = TestRepo::new();
    let dir = "app/src/main/resources/org/shop/db/mysql";
    repo.write(
        "app/src/main/resources/application.yml",
        "spring:\n  flyway:\n    locations:\n      - classpath:org/shop/db/{vendor}\n",
    );
    repo.write(&format!("{dir}/V1__init.sql"), "CREATE TABLE t (id bigint);\n");
    repo.commit("base");
    repo.git(&["branch", "feature"]);
    repo.write(&format!("{dir}/V2__coupons.sql"), "CREATE TABLE coupon (id bigint);\n");
    repo.commit("main adds V2");
    repo.git(&["checkout", "-q", "feature"]);
    repo.write(&format!("{dir}/V2__orders.sql"), "CREATE TABLE orders (id bigint);\n");
    repo.commit("feature adds another V2");
    let found = gate(&repo);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].0.as_str(), found[0].1.as_str()),
        ("CF008", "app/src/main/resources/org/shop/db/mysql/V2__orders.sql")
    );
}

const CHANGELOG: &str = "app/src/main/resources/db/changelog/changelog.xml";

fn changelog(sets: &[&str]) -> String {
    let body: String = sets.iter().map(|s| format!("{s}\n\n\n")).collect();
    format!("<databaseChangeLog>\n{body}</databaseChangeLog>\n")
}

#[test]
fn liquibase_changesets_added_twice_or_edited_after_applying_are_cf008_cf010() {
    let one = "  <changeSet id=\"1\" author=\"ann\">\n    <createTable tableName=\"t\"/>\n  </changeSet>";
    let repo = TestRepo::new();
    repo.write(CHANGELOG, &changelog(&[one]));
    repo.commit("base");
    repo.git(&["branch", "feature"]);
    let mains = "  <changeSet id=\"2\" author=\"bob\">\n    <createTable tableName=\"coupon\"/>\n  </changeSet>";
    repo.write(CHANGELOG, &changelog(&[mains, one]));
    repo.commit("main adds changeSet 2 at the top");
    repo.git(&["checkout", "-q", "feature"]);
    let features = "  <changeSet id=\"2\" author=\"bob\">\n    <createTable tableName=\"orders\"/>\n  </changeSet>";
    let edited = one.replace("tableName=\"t\"", "tableName=\"t2\"");
    repo.write(CHANGELOG, &changelog(&[&edited, features]));
    repo.commit("feature adds another changeSet 2 at the end and edits changeSet 1");
    let found = gate(&repo);
    let got: Vec<(&str, &str)> = found.iter().map(|(c, _, m)| (c.as_str(), m.as_str())).collect();
    assert_eq!(got.len(), 2, "{found:?}");
    assert_eq!(got[0].0, "CF010", "{found:?}");
    assert!(got[0].1.starts_with("changeSet `1` by `ann` is already on `main` and this change edits it"), "{found:?}");
    assert_eq!(got[1].0, "CF008", "{found:?}");
    assert!(got[1].1.starts_with("changeSet `2` by `bob` is also added by `main` with other content"), "{found:?}");
    // The same changeSet on both sides (cherry-picked) is no clash.
    let repo = TestRepo::new();
    repo.write(CHANGELOG, &changelog(&[one]));
    repo.commit("base");
    repo.git(&["branch", "feature"]);
    repo.write(CHANGELOG, &changelog(&[one, mains]));
    repo.commit("main");
    repo.git(&["checkout", "-q", "feature"]);
    repo.write(CHANGELOG, &changelog(&[one, mains]));
    repo.write("other.txt", "x\n");
    repo.commit("feature");
    assert_eq!(gate(&repo), Vec::new());
}
