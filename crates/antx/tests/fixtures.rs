//! The antx fixtures (`fixtures/antx/<CODE>/`) run with the antx check alone, as the workspace harness
//! (`crates/checks/tests/fixtures.rs`) runs them: same `.expected` format, same `fires_*`/`quiet_*` rule.
//! It lets this crate be tested without building the other checks. `UPDATE_EXPECT=1` rewrites the sidecars.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use precheck_antx::AntxCheck;
use precheck_core::{Check, Config, Finding};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/antx")
}

fn render(findings: &[&Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let _ = writeln!(
            out,
            "{}:{}-{}:{} {} {} {}",
            f.primary.start.line,
            f.primary.start.column,
            f.primary.end.line,
            f.primary.end.column,
            f.code,
            f.severity,
            f.message
        );
        for l in &f.labels {
            let _ = writeln!(
                out,
                "    label {}:{}:{}-{}:{} {}",
                l.span.path, l.span.start.line, l.span.start.column, l.span.end.line, l.span.end.column, l.message
            );
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() { walk(&p, out) } else { out.push(p) }
        }
    }
}

#[test]
fn antx_fixtures_give_exactly_their_expected_findings() {
    let mut problems = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root())
        .map(|r| r.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    dirs.sort();
    assert!(!dirs.is_empty());
    let checks: Vec<Box<dyn Check>> = vec![Box::new(AntxCheck)];
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    for dir in dirs {
        let code = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let config = match std::fs::read_to_string(dir.join("precheck.toml")) {
            Ok(text) => Config::parse(&text, "precheck.toml").unwrap_or_else(|e| panic!("{code}: {e}")),
            Err(_) => Config::default(),
        };
        let mut paths = Vec::new();
        walk(&dir, &mut paths);
        let mut files: Vec<(String, Vec<u8>)> = paths
            .iter()
            .map(|p| (p.strip_prefix(&dir).unwrap_or(p).to_string_lossy().replace('\\', "/"), p))
            .filter(|(rel, _)| !rel.ends_with(".expected") && rel != "precheck.toml")
            .map(|(rel, p)| (rel, std::fs::read(p).unwrap_or_default()))
            .collect();
        files.sort();
        let report =
            precheck_runner::run_files(&config, &checks, files.clone()).unwrap_or_else(|e| panic!("{code}: {e}"));
        for f in report.findings.iter().filter(|f| f.code.starts_with("PC")) {
            problems.push(format!("{code}: {} {} {}", f.primary.path, f.code, f.message));
        }
        let mut fired = false;
        for (name, _) in &files {
            let mine: Vec<&Finding> = report.findings.iter().filter(|f| &*f.primary.path == name).collect();
            let actual = render(&mine);
            let expected_path = dir.join(format!("{name}.expected"));
            let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
            if update {
                if actual.is_empty() {
                    let _ = std::fs::remove_file(&expected_path);
                } else if actual != expected {
                    let _ = std::fs::write(&expected_path, &actual);
                }
            } else if actual != expected {
                problems.push(format!("{code}/{name}: findings differ\n--- expected\n{expected}--- actual\n{actual}"));
            }
            let fires = mine.iter().any(|f| f.code == code);
            let base = name.rsplit('/').next().unwrap_or(name);
            if base.starts_with("fires") {
                fired = true;
                if !fires {
                    problems.push(format!("{code}/{name}: named fires_* but {code} does not fire"));
                }
            }
            if base.starts_with("quiet") && fires {
                problems.push(format!("{code}/{name}: named quiet_* but {code} fires"));
            }
        }
        if !fired {
            problems.push(format!("{code}: no fires_* file"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
