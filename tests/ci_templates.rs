//! The CI templates run as pasted: the scripts of `ci/gitlab/precheck.gitlab-ci.yml` (the single job, and
//! the parallel shard jobs with their merge) and of the composite action `action.yml`, taken out of the YAML
//! and run with sh against a shallow clone (as both CI systems make) of a throw-away repository whose merge
//! base lies deeper than the clone, with a local remote.

mod common;

use std::path::Path;
use std::process::Command;

use common::{MARKERS, TestRepo, git_in};

/// The lines of the first block scalar (`- |` or `run: |`) after `marker`, dedented.
fn block_after(yaml: &str, marker: &str) -> String {
    let start = yaml.find(marker).unwrap_or_else(|| panic!("no `{marker}` in the template"));
    let mut lines = yaml[start..].lines().skip_while(|l| !l.trim_end().ends_with('|')).skip(1);
    let first = lines.next().unwrap_or_default();
    let indent = first.len() - first.trim_start().len();
    let mut script = format!("{}\n", first.trim_start());
    for line in lines {
        if !line.trim().is_empty() && line.len() - line.trim_start().len() < indent {
            break;
        }
        script.push_str(line.get(indent..).unwrap_or(""));
        script.push('\n');
    }
    script
}

/// An origin whose `main` moved on 60 commits after `feature` branched; `feature` adds `content` as b.txt.
/// Then a shallow clone of `feature` (depth 1, one branch), as a CI job checks out a merge request.
fn shallow_ci_clone(content: &str) -> (TestRepo, tempfile::TempDir) {
    let origin = TestRepo::new();
    origin.write("a.txt", "base\n");
    origin.commit("base");
    origin.git(&["branch", "feature"]);
    for i in 0..60 {
        origin.write("main.txt", &format!("main {i}\n"));
        origin.commit(&format!("main {i}"));
    }
    origin.git(&["checkout", "-q", "feature"]);
    origin.write("b.txt", content);
    origin.commit("feature");
    origin.git(&["checkout", "-q", "main"]);
    let ci = tempfile::tempdir().expect("tempdir");
    let url = format!("file://{}", origin.path().display());
    git_in(ci.path(), &["clone", "-q", "--depth", "1", "--branch", "feature", &url, "work"]);
    (origin, ci)
}

fn run_script(dir: &Path, script: &str, env: &[(&str, &str)]) -> std::process::Output {
    let precheck = assert_cmd::cargo::cargo_bin("precheck");
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .envs(env.iter().copied())
        .env("PRECHECK", &precheck)
        .env("NO_COLOR", "1")
        .env("PRECHECK_CACHE_DIR", "")
        .env_remove("GIT_DIR")
        .output()
        .expect("sh")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

#[test]
fn gitlab_template_runs_on_a_shallow_merge_request_clone() {
    let yaml = std::fs::read_to_string(Path::new(ROOT).join("ci/gitlab/precheck.gitlab-ci.yml")).expect("template");
    let script = block_after(&yaml, "\nprecheck:\n");
    let env = [("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main")];

    let (_origin, ci) = shallow_ci_clone(&format!("x\n{MARKERS}"));
    let work = ci.path().join("work");
    let out = run_script(&work, &script, &env);
    assert_eq!(out.status.code(), Some(1), "{}{}", text(&out.stdout), text(&out.stderr));
    let quality = std::fs::read_to_string(work.join("gl-code-quality.json")).expect("code quality report");
    assert!(quality.contains("CF001"), "{quality}");
    // Only the merge request's change counts, not main's 60 commits.
    assert!(!quality.contains("main.txt"), "{quality}");
    let junit = std::fs::read_to_string(work.join("precheck-junit.xml")).expect("junit");
    assert!(junit.contains("<failure"), "{junit}");
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(work.join("precheck.sarif")).expect("sarif")).expect("json");
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "CF001");

    let (_origin, ci) = shallow_ci_clone("clean\n");
    let out = run_script(&ci.path().join("work"), &script, &env);
    assert_eq!(out.status.code(), Some(0), "{}{}", text(&out.stdout), text(&out.stderr));
}

#[test]
fn gitlab_parallel_jobs_merge_into_the_reports_of_the_single_job() {
    let yaml = std::fs::read_to_string(Path::new(ROOT).join("ci/gitlab/precheck.gitlab-ci.yml")).expect("template");
    let single = block_after(&yaml, "\nprecheck:\n");
    let shard = block_after(&yaml, "\n.precheck-shard:\n");
    let merge = block_after(&yaml, "\n.precheck-merge:\n");
    assert!(shard.contains("--shard \"$CI_NODE_INDEX/$CI_NODE_TOTAL\""), "{shard}");
    let reports = ["gl-code-quality.json", "precheck-junit.xml", "precheck.sarif"];
    for (content, verdict) in [(format!("x\n{MARKERS}"), 1), ("clean\n".to_string(), 0)] {
        let (_origin, ci) = shallow_ci_clone(&content);
        let work = ci.path().join("work");
        let env = [("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main")];
        let out = run_script(&work, &single, &env);
        assert_eq!(out.status.code(), Some(verdict), "{}{}", text(&out.stdout), text(&out.stderr));
        let whole: Vec<String> =
            reports.iter().map(|r| std::fs::read_to_string(work.join(r)).expect("report of the single job")).collect();
        for r in reports {
            std::fs::remove_file(work.join(r)).expect("remove");
        }
        // Three parallel jobs (each in the clone as GitLab makes it; here one after the other), then the merge.
        for i in ["1", "2", "3"] {
            let env = [("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main"), ("CI_NODE_INDEX", i), ("CI_NODE_TOTAL", "3")];
            let out = run_script(&work, &shard, &env);
            assert_eq!(out.status.code(), Some(0), "shard {i}: {}{}", text(&out.stdout), text(&out.stderr));
            assert!(work.join(format!("precheck-shard-{i}.json")).is_file());
        }
        let out = run_script(&work, &merge, &env);
        assert_eq!(out.status.code(), Some(verdict), "{}{}", text(&out.stdout), text(&out.stderr));
        for (r, expected) in reports.iter().zip(&whole) {
            assert_eq!(&std::fs::read_to_string(work.join(r)).expect("merged report"), expected, "{r}");
        }
    }
}

#[test]
fn github_action_runs_on_a_shallow_pull_request_checkout() {
    let yaml = std::fs::read_to_string(Path::new(ROOT).join("action.yml")).expect("action");
    let script = block_after(&yaml, "run: |");
    let env = [("BASE", "main"), ("FORMAT", "github"), ("SARIF", "precheck.sarif")];

    let (_origin, ci) = shallow_ci_clone(&format!("x\n{MARKERS}"));
    let work = ci.path().join("work");
    let out = run_script(&work, &script, &env);
    assert_eq!(out.status.code(), Some(1), "{}{}", text(&out.stdout), text(&out.stderr));
    assert!(text(&out.stdout).contains("::error file=b.txt,line=2"), "{}", text(&out.stdout));
    assert!(work.join("precheck.sarif").is_file());

    let (_origin, ci) = shallow_ci_clone("clean\n");
    let out = run_script(&ci.path().join("work"), &script, &env);
    assert_eq!(out.status.code(), Some(0), "{}{}", text(&out.stdout), text(&out.stderr));
}

#[test]
fn without_fetch_missing_a_shallow_clone_is_a_clear_error_and_with_it_a_verdict() {
    let (_origin, ci) = shallow_ci_clone(&format!("x\n{MARKERS}"));
    let work = ci.path().join("work");
    git_in(&work, &["fetch", "-q", "--depth=1", "origin", "+refs/heads/main:refs/remotes/origin/main"]);
    let precheck = |args: &[&str]| {
        let mut cmd = assert_cmd::Command::cargo_bin("precheck").expect("binary");
        cmd.current_dir(&work).env("NO_COLOR", "1").env("PRECHECK_CACHE_DIR", "").args(args).output().expect("run")
    };
    let out = precheck(&["check", "--base", "origin/main"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("the clone is shallow"), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("--fetch-missing"), "{}", text(&out.stderr));
    let out = precheck(&["check", "--base", "origin/main", "--fetch-missing", "--format", "concise"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("b.txt:2:1: CF001"), "{}", text(&out.stdout));
    // --fetch-missing needs --base.
    let out = precheck(&["check", "--fetch-missing"]);
    assert_eq!(out.status.code(), Some(2));
}
