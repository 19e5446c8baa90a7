//! End to end on the real repositories of `../shared/corpora` (skipped when it is absent, as in a user's
//! checkout): every rule runs on each without a crash (no PC002) and with a report, and the default set stays
//! small. benches/corpus.py records the per-rule counts; this only guards what must never regress.

mod common;

use std::path::{Path, PathBuf};

fn corpora() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    dir.is_dir().then_some(dir)
}

#[test]
#[allow(clippy::print_stderr, reason = "says why the test skipped when the corpora are absent")]
fn every_rule_runs_on_the_real_repositories_without_a_crash() {
    let Some(dir) = corpora() else {
        eprintln!("skipped: no ../shared/corpora");
        return;
    };
    let mut bundles: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpora")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "bundle"))
        .collect();
    bundles.sort();
    let rules =
        assert_cmd::Command::cargo_bin("precheck").expect("binary").args(["rules", "--format", "json"]).output();
    let rules: serde_json::Value = serde_json::from_slice(&rules.expect("rules").stdout).expect("rules json");
    let default_on: std::collections::HashSet<&str> = rules
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r["default"] == true)
        .filter_map(|r| r["code"].as_str())
        .collect();
    assert!(!bundles.is_empty(), "no bundles in {}", dir.display());
    for bundle in &bundles {
        check_bundle(bundle, &default_on);
    }
}

fn check_bundle(bundle: &Path, default_on: &std::collections::HashSet<&str>) {
    {
        let work = tempfile::tempdir().expect("tempdir");
        let repo = work.path().join("repo");
        let cloned = std::process::Command::new("git")
            .args(["-c", "init.defaultBranch=main", "clone", "-q", "-b", "main"])
            .arg(bundle)
            .arg(&repo)
            .status()
            .expect("git clone");
        assert!(cloned.success(), "{}", bundle.display());
        let run = |args: &[&str]| {
            let out = assert_cmd::Command::cargo_bin("precheck")
                .expect("binary")
                .current_dir(&repo)
                .env("HOME", work.path())
                .env("PRECHECK_CACHE_DIR", "")
                .args(["check", "--format", "json", "--fail-on", "never"])
                .args(args)
                .output()
                .expect("run");
            assert_eq!(out.status.code(), Some(0), "{}: {}", bundle.display(), String::from_utf8_lossy(&out.stderr));
            serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("json")
        };
        let all = run(&["--select", "ALL", "--no-group"]);
        let crashes: Vec<&serde_json::Value> =
            all["findings"].as_array().into_iter().flatten().filter(|f| f["code"] == "PC002").collect();
        assert!(crashes.is_empty(), "{}: {crashes:#?}", bundle.display());
        // The default set's share of them, every line: today 0-44 per repository (benches/corpus/); a jump
        // means a noisy rule joined the default set.
        let count = all["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|f| f["code"].as_str().is_some_and(|c| default_on.contains(c)))
            .count();
        assert!(count <= 100, "{}: {count} findings of default rules", bundle.display());
    }
}
