//! The bodies left out of the parse and the rules skipped by their anchor words (`precheck_java::hollow`) change
//! no finding: every Java fixture, with each rule selected alone, then with every rule and at defaults, gives
//! the same findings with the shortcut on and off. A rule whose logic comes to read something its anchors do
//! not name fails here (give it the missing word, or no anchors). JV000 is the exception by design: it reports
//! a syntax error only in what the enabled rules read (a body none of them can report in is not parsed), so
//! with the shortcut its findings are a subset.

use std::path::Path;
use std::sync::atomic::Ordering;

use precheck_core::{Check, Config, RuleMeta};

fn java_fixtures() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/java");
    let mut out = Vec::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for e in entries.flatten() {
            let path = e.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|x| x == "java")
                && let Ok(bytes) = std::fs::read(&path)
            {
                let name = path.strip_prefix(&root).map_or_else(|_| path.clone(), Path::to_path_buf);
                out.push((name.to_string_lossy().replace('\\', "/"), bytes));
            }
        }
    }
    out.sort();
    out
}

fn findings(select: Option<&str>, files: &[(String, Vec<u8>)], shortcut: bool) -> Vec<String> {
    precheck_java::hollow::ENABLED.store(shortcut, Ordering::Relaxed);
    let mut config = Config::default();
    config.rules.select = select.map(|s| vec![s.to_string()]);
    config.group_findings = false;
    let checks: Vec<Box<dyn Check>> = vec![Box::new(precheck_java::JavaCheck)];
    let report = precheck_runner::run_files(&config, &checks, files.to_vec()).expect("run");
    let mut out: Vec<String> = report.findings.iter().map(|f| format!("{f:?}")).collect();
    out.sort();
    out
}

#[test]
fn leaving_bodies_out_changes_no_finding() {
    let files = java_fixtures();
    assert!(files.len() > 50, "the Java fixtures are missing");
    let codes: Vec<&str> = precheck_java::rules::RULES.iter().map(|r: &&RuleMeta| r.code).collect();
    let mut selections: Vec<Option<&str>> = codes.iter().map(|c| Some(*c)).collect();
    selections.extend([Some("JV"), None]);
    for select in selections {
        // Each fixture file on its own too: a rule's words in another file must not keep a body.
        for batch in std::iter::once(files.clone()).chain(files.iter().map(|f| vec![f.clone()])) {
            let with = findings(select, &batch, true);
            let without = findings(select, &batch, false);
            let lost: Vec<&String> = without.iter().filter(|f| !with.contains(f)).collect();
            let gained: Vec<&String> = with.iter().filter(|f| !without.contains(f)).collect();
            let files: Vec<&String> = batch.iter().map(|(p, _)| p).collect();
            assert!(gained.is_empty(), "{select:?} on {files:?}: found only with the shortcut: {gained:#?}");
            let syntax_only = select != Some("JV000") && lost.iter().all(|f| f.contains("code: \"JV000\""));
            assert!(lost.is_empty() || syntax_only, "{select:?} on {files:?}: lost with the shortcut: {lost:#?}");
        }
    }
    precheck_java::hollow::ENABLED.store(true, Ordering::Relaxed);
}
