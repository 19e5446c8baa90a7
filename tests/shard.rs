//! End to end: `precheck check --shard I/N` and `precheck report merge` on throw-away git repositories. The
//! shards of a run, merged, render exactly what the unsharded run renders, in every format that quotes no
//! source lines; bad shard specifications and reports that do not belong together are exit 2 with one line.

mod common;

use std::path::Path;
use std::process::Output;

use common::{MARKERS, TestRepo};

/// The directive, spliced so that this file itself holds none.
const ALLOW: &str = concat!("precheck", ":allow");
/// The formats whose output the merge must reproduce byte for byte (`human` quotes source lines, which the
/// JSON reports do not carry).
const FORMATS: [&str; 7] = ["json", "sarif", "concise", "gitlab", "junit", "github", "checkstyle"];

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn run(repo: &TestRepo, args: &[&str]) -> Output {
    repo.precheck().args(args).output().expect("run precheck")
}

/// The shard (1-based) of `n` that owns `path`: FNV-1a 64 of the path, reduced by its high bits, as
/// precheck_core::shard documents it.
fn owner(path: &str, n: u64) -> u64 {
    let hash = path.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    ((u128::from(hash) * u128::from(n)) >> 64) as u64 + 1
}

/// The shard of `n` that does the `code` check's repository work: the second check of the registry.
fn code_owner(n: u64) -> u64 {
    1 % n + 1
}

/// A repository where many rules fire: file rules on several files (a finding repeated on several lines, a
/// secret), a repository rule (TXT007, a case conflict) whose finding a suppression in the file silences,
/// a suppression a file rule uses, one that suppresses nothing, and a stale override (PC004).
fn busy_repo() -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        "precheck.toml",
        "[rules]\nselect = [\"ALL\"]\n\n[[overrides]]\npaths = [\"nothing/**\"]\nignore = [\"TXT001\"]\n",
    );
    repo.write("a.txt", &format!("a = 1   \nb = 2   \nc = 3   \n# {ALLOW}(CF001) nothing to hide\n"));
    repo.write("b.txt", MARKERS);
    repo.write("Notes.txt", "hello\n");
    repo.write("notes.txt", &format!("other\n# {ALLOW}-file(TXT007) one file on Linux\n"));
    repo.write("c.env", &format!("aws.accessKeyId=AKIA{}\nregion=cn-north-1  \n", "ARJHNGXMJIBKFYL3"));
    repo.write("d.rs", "fn main() {  \n    let x = 1;\n}\n");
    repo.write("f.txt", &format!("x  \n# {ALLOW}(TXT001) kept as it is\ny  \n"));
    // A link to a line on a branch (TXT019), spelled so that this file holds none.
    repo.write("docs/guide.md", &format!("# Guide\n\nSee <https://github.com/o/r/{}/main/a.txt#L3>.  \n", "blob"));
    repo.write("src/app.properties", &format!("a=1\n{MARKERS}b=2\n"));
    repo.commit("init");
    repo
}

/// Runs `check ARGS` unsharded and as `n` shards merged, for every format and n in 1..=3, and requires the
/// same bytes and the same exit code.
fn assert_merge_is_exact(repo: &TestRepo, args: &[&str]) {
    let dir = tempfile::tempdir().expect("tempdir");
    for n in 1..=3u32 {
        let mut parts = Vec::new();
        for i in 1..=n {
            let part = dir.path().join(format!("part-{i}-of-{n}.json"));
            let shard = format!("{i}/{n}");
            let mut cmd: Vec<&str> = vec!["check"];
            cmd.extend(args);
            cmd.extend(["--shard", &shard, "--format", "json", "-o", part.to_str().expect("UTF-8 path")]);
            let out = run(repo, &cmd);
            assert!(matches!(out.status.code(), Some(0 | 1)), "shard {shard}: {}", text(&out.stderr));
            parts.push(part);
        }
        for format in FORMATS {
            let mut cmd: Vec<&str> = vec!["check"];
            cmd.extend(args);
            cmd.extend(["--format", format]);
            let whole = run(repo, &cmd);
            assert!(matches!(whole.status.code(), Some(0 | 1)), "{}", text(&whole.stderr));
            let mut merge: Vec<&str> = vec!["report", "merge", "--format", format];
            merge.extend(parts.iter().map(|p| p.to_str().expect("UTF-8 path")));
            let merged = run(repo, &merge);
            assert_eq!(
                text(&merged.stdout),
                text(&whole.stdout),
                "{format}, {n} shards, check {args:?}: {}",
                text(&merged.stderr)
            );
            assert_eq!(merged.status.code(), whole.status.code(), "{format}, {n} shards: exit code");
        }
    }
}

#[test]
fn sharded_and_merged_equals_unsharded_byte_for_byte() {
    let repo = busy_repo();
    // The scenario holds what makes merging hard: the suppression only the repository rule uses lies in a
    // file another shard checks, and a suppression that suppresses nothing is reported once.
    assert!((2..=3).any(|n| owner("notes.txt", n) != code_owner(n)));
    let whole = run(&repo, &["check", "--format", "concise"]);
    let concise = text(&whole.stdout);
    for expected in
        ["TXT001 trailing whitespace (on 3 lines: 1, 2, 3)", "a.txt:4:3: PC001", "c.env:1:17: TXT103", "PC004"]
    {
        assert!(concise.contains(expected), "{expected}:\n{concise}");
    }
    assert!(!concise.contains("TXT007") && !concise.contains("notes.txt"), "{concise}");
    assert_merge_is_exact(&repo, &[]);
    assert_merge_is_exact(&repo, &["--no-group"]);

    // The files of the shards add up to the run's.
    let dir = tempfile::tempdir().expect("tempdir");
    let mut files = 0;
    for i in 1..=3 {
        let part = dir.path().join(format!("{i}.json"));
        run(&repo, &["check", "--shard", &format!("{i}/3"), "--format", "json", "-o", part.to_str().expect("path")]);
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&part).expect("part")).expect("JSON");
        files += doc["summary"]["files"].as_u64().expect("files");
        assert_eq!(doc["shard"]["index"], i);
    }
    let doc: serde_json::Value =
        serde_json::from_str(&text(&run(&repo, &["check", "--format", "json"]).stdout)).expect("JSON");
    assert_eq!(doc["summary"]["files"].as_u64(), Some(files));
    assert!(doc.get("shard").is_none());
}

#[test]
fn sharded_with_a_baseline_equals_unsharded() {
    // The baseline accepts today's findings, PC001 and PC004 included; then new ones arrive, among them a
    // second unused suppression on the same text as a baselined one (its fingerprint is the next occurrence).
    let repo = busy_repo();
    // Outside the repository: a baseline's fingerprints are high-entropy strings to TXT106.
    let dir = tempfile::tempdir().expect("tempdir");
    let baseline = dir.path().join("baseline.json");
    let baseline = baseline.to_str().expect("UTF-8 path");
    let out = run(&repo, &["baseline", "write", baseline]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    repo.write(
        "a.txt",
        &format!(
            "a = 1   \nb = 2\nc = 3   \n# {ALLOW}(CF001) nothing to hide\n# {ALLOW}(CF001) nothing to hide\nnew   \n"
        ),
    );
    repo.write("g.txt", "fresh   \n");
    let whole = text(&run(&repo, &["check", "--baseline", baseline, "--format", "concise"]).stdout);
    for expected in ["a.txt:5:3: PC001", "a.txt:6:4: TXT001", "g.txt:1:6: TXT001"] {
        assert!(whole.contains(expected), "{expected}:\n{whole}");
    }
    assert!(!whole.contains("a.txt:4:3") && !whole.contains("PC004"), "{whole}");
    assert_merge_is_exact(&repo, &["--baseline", baseline]);
}

#[test]
fn sharded_merge_request_with_repository_findings_equals_unsharded() {
    // main and the feature both change c.txt's second line (a CF002 conflict with the target, found by the
    // conflict check's repository work); the feature adds a case conflict and findings on new lines only.
    let repo = TestRepo::new();
    repo.write("c.txt", "one\ntwo\nthree\n");
    repo.write("old.txt", "old   \n");
    repo.write("Guide.md", "# Guide\n");
    repo.commit("init");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("c.txt", "one\nTWO from the feature\nthree\n");
    repo.write("guide.md", "# guide\n");
    repo.write("new.txt", "new   \nnew   \n");
    repo.write("old.txt", &format!("old   \n# {ALLOW}(TXT001) nothing new\n"));
    repo.commit("feature");
    repo.git(&["checkout", "-q", "main"]);
    repo.write("c.txt", "one\nTWO from main\nthree\n");
    repo.commit("main moves on");
    repo.git(&["checkout", "-q", "feature"]);
    let whole = text(&run(&repo, &["check", "--base", "main", "--select", "ALL", "--format", "concise"]).stdout);
    for expected in ["c.txt:2:1: CF002", "TXT007", "new.txt:1:4: TXT001", "old.txt:2:3: PC001"] {
        assert!(whole.contains(expected), "{expected}:\n{whole}");
    }
    assert_merge_is_exact(&repo, &["--base", "main", "--select", "ALL"]);
}

fn one_line_error(out: &Output) -> String {
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.starts_with("precheck: error: "), "{err}");
    err
}

#[test]
fn bad_shards_are_exit_2_with_one_line() {
    let repo = busy_repo();
    for bad in ["3/2", "0/0", "x", "1/0", "2", "a/b"] {
        let err = one_line_error(&run(&repo, &["check", "--shard", bad]));
        assert!(err.contains(&format!("`--shard {bad}`")), "{err}");
    }
    let err = one_line_error(&run(&repo, &["baseline", "write", "b.json", "--shard", "1/2"]));
    assert!(err.contains("--shard"), "{err}");
    assert!(!repo.path().join("b.json").exists());
    let err = one_line_error(&run(&repo, &["check", "--shard", "1/2", "--statistics"]));
    assert!(err.contains("report merge --statistics"), "{err}");
}

/// Writes shard `i` of `n` of `check ARGS` to `dir/name`, and returns its path.
fn shard_report(repo: &TestRepo, dir: &Path, name: &str, shard: &str, args: &[&str]) -> String {
    let path = dir.join(name).to_str().expect("UTF-8 path").to_string();
    let mut cmd = vec!["check", "--shard", shard, "--format", "json", "-o", &path];
    cmd.extend(args);
    let out = run(repo, &cmd);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", text(&out.stderr));
    path
}

#[test]
fn merge_refuses_reports_that_do_not_belong_together() {
    let repo = busy_repo();
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let one = shard_report(&repo, d, "1.json", "1/2", &[]);
    let two = shard_report(&repo, d, "2.json", "2/2", &[]);
    let other_rules = shard_report(&repo, d, "2-other.json", "2/2", &["--select", "CF"]);
    let of_three = shard_report(&repo, d, "2-of-3.json", "2/3", &[]);
    let merge = |reports: &[&str]| {
        let mut cmd = vec!["report", "merge", "--format", "concise"];
        cmd.extend(reports);
        run(&repo, &cmd)
    };
    let ok = merge(&[&two, &one]);
    assert_eq!(ok.status.code(), Some(1), "{}", text(&ok.stderr));

    let err = one_line_error(&merge(&[&one, &other_rules]));
    assert!(err.contains("different configurations"), "{err}");
    let err = one_line_error(&merge(&[&one]));
    assert!(err.contains("shard 2/2 is missing"), "{err}");
    let err = one_line_error(&merge(&[&one, &one]));
    assert!(err.contains("given twice"), "{err}");
    let err = one_line_error(&merge(&[&one, &of_three]));
    assert!(err.contains("one of 2"), "{err}");

    // Another precheck version, a plain report among shards, something that is no report, no file.
    let other_version = d.join("old.json");
    let json = std::fs::read_to_string(&one).expect("read").replacen(
        &format!("\"precheck_version\": \"{}\"", env!("CARGO_PKG_VERSION")),
        "\"precheck_version\": \"0.0.1\"",
        1,
    );
    std::fs::write(&other_version, json).expect("write");
    let err = one_line_error(&merge(&[other_version.to_str().expect("path"), &two]));
    assert!(err.contains("written by precheck 0.0.1"), "{err}");
    let plain = d.join("plain.json");
    let out = run(&repo, &["check", "--format", "json", "-o", plain.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(1));
    let err = one_line_error(&merge(&[plain.to_str().expect("path"), &two]));
    assert!(err.contains("not a shard's report"), "{err}");
    let garbage = d.join("garbage.json");
    std::fs::write(&garbage, "{\"version\": 1, \"findings\": [").expect("write");
    let err = one_line_error(&merge(&[garbage.to_str().expect("path")]));
    assert!(err.contains("not a precheck JSON report"), "{err}");
    one_line_error(&merge(&[d.join("missing.json").to_str().expect("path")]));
}

#[test]
fn merge_renders_one_plain_report_and_keeps_the_exit_code_semantics() {
    let repo = busy_repo();
    let dir = tempfile::tempdir().expect("tempdir");
    let plain = dir.path().join("plain.json");
    run(&repo, &["check", "--format", "json", "-o", plain.to_str().expect("path")]);
    let plain = plain.to_str().expect("path");
    // One report that is no shard's renders as the run would have.
    let whole = run(&repo, &["check", "--format", "sarif"]);
    let rendered = run(&repo, &["report", "merge", plain, "--format", "sarif"]);
    assert_eq!(text(&rendered.stdout), text(&whole.stdout));
    assert_eq!(rendered.status.code(), Some(1));
    // SARIF's category (automationDetails.id) is the caller's, on check and merge alike.
    let category = |out: Output| {
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF");
        doc["runs"][0]["automationDetails"]["id"].as_str().map(str::to_string)
    };
    assert_eq!(category(run(&repo, &["report", "merge", plain, "--format", "sarif"])).as_deref(), Some("precheck/"));
    let args = ["report", "merge", plain, "--format", "sarif", "--category", "precheck/backend"];
    assert_eq!(category(run(&repo, &args)).as_deref(), Some("precheck/backend/"));
    let args = ["check", "--format", "sarif", "--category", "lint"];
    assert_eq!(category(run(&repo, &args)).as_deref(), Some("lint/"));
    // --fail-on overrides the run's; --output writes the file.
    let out_file = dir.path().join("out.xml");
    let out = run(
        &repo,
        &["report", "merge", plain, "--format", "junit", "--fail-on", "never", "-o", out_file.to_str().expect("path")],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(std::fs::read_to_string(&out_file).expect("junit").contains("<testsuites"));
    // The run's fail-on is the default: a configuration that fails on nothing merges to exit 0.
    repo.write("precheck.toml", "fail-on = \"never\"\n[rules]\nselect = [\"ALL\"]\n");
    let part = shard_report(&repo, dir.path(), "only.json", "1/1", &[]);
    let out = run(&repo, &["report", "merge", &part, "--statistics"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("TXT001"), "{}", text(&out.stdout));
}
