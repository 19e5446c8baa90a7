//! Fixture tests for every built-in rule.
//!
//! Layout: `fixtures/<check>/<CODE>/` holds the inputs of one rule. Each directory is checked as one small
//! repository (its `.gitattributes` and `precheck.toml`, if any, apply) with only that check. A *scenario* is
//! a file named `fires_*` or `quiet_*`, or a top-level folder so named (for inputs whose file names are fixed,
//! such as `pom.xml`): a `fires` scenario must produce the rule's code in at least one of its files, a
//! `quiet` one in none. Every file's exact findings are written beside it in `<file>.expected` (absent = no
//! findings). The rule directory is the run's root, so a relative path in its `precheck.toml` that leaves the
//! files (e.g. `[jar] local-repository = "../m2"`) resolves the same from any working directory. Set
//! `UPDATE_EXPECT=1` to rewrite the `.expected` files, then review the diff like code; set it to a
//! check id or a code prefix (`UPDATE_EXPECT=sql`, `UPDATE_EXPECT=ZD1`) to rewrite only those rule directories.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use precheck_core::{Check, Config, Finding};

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

/// Renders one file's findings exactly, one line per finding and one per label.
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

/// The scenario a fixture file belongs to: its top-level `fires_*`/`quiet_*` folder, else its own name.
fn scenario_of(path: &str) -> String {
    match path.split_once('/') {
        Some((top, _)) if top.starts_with("fires") || top.starts_with("quiet") => top.to_string(),
        _ => path.rsplit('/').next().unwrap_or(path).to_string(),
    }
}

fn is_input(name: &str) -> bool {
    !(name.ends_with(".expected")
        || name.ends_with(".elsewhere")
        || name == ".gitattributes"
        || name == "precheck.toml"
        || name.ends_with("/precheck.toml"))
}

/// `fires.elsewhere` / `quiet.elsewhere`: for a rule whose input an in-memory fixture cannot hold (git modes,
/// symlinks, a change set, the pushed ref, a real merge, or a path that would break this repository's own
/// checkout on Windows or macOS), lines `path/to/test.rs: test_name` naming the tests that exercise it on real
/// contexts or repositories. Returns the problems: a missing file, a missing test, a test file that never names
/// the rule.
fn elsewhere(dir: &Path, kind: &str, code: &str) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(dir.join(format!("{kind}.elsewhere"))).ok()?;
    let root = fixtures_root().join("..");
    let mut problems = Vec::new();
    let mut named = 0;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        named += 1;
        let Some((file, test)) = line.split_once(':') else {
            problems.push(format!("{}/{kind}.elsewhere: `{line}` is not `path: test_name`", dir.display()));
            continue;
        };
        let source = std::fs::read_to_string(root.join(file.trim())).unwrap_or_default();
        if !source.contains(&format!("fn {}(", test.trim())) {
            problems.push(format!("{}/{kind}.elsewhere: no test `{}` in {}", dir.display(), test.trim(), file.trim()));
        } else if !source.contains(code) && !source.to_ascii_lowercase().contains(&code.to_ascii_lowercase()) {
            problems.push(format!("{}/{kind}.elsewhere: {} never names {code}", dir.display(), file.trim()));
        }
    }
    if named == 0 {
        problems.push(format!("{}/{kind}.elsewhere names no test", dir.display()));
    }
    Some(problems)
}

struct RuleDir {
    check: String,
    code: String,
    dir: PathBuf,
}

fn rule_dirs() -> Vec<RuleDir> {
    let mut out = Vec::new();
    let Ok(checks) = std::fs::read_dir(fixtures_root()) else { return out };
    for check in checks.flatten() {
        let Ok(rules) = std::fs::read_dir(check.path()) else { continue };
        for rule in rules.flatten() {
            // Rule directories are named by code (`CF001`); other folders (fixtures/demo/…) are not rule inputs.
            let name = rule.file_name().to_string_lossy().into_owned();
            let letters = name.trim_end_matches(|c: char| c.is_ascii_digit());
            let is_code =
                !letters.is_empty() && letters.len() < name.len() && letters.chars().all(|c| c.is_ascii_uppercase());
            if rule.path().is_dir() && is_code {
                out.push(RuleDir {
                    check: check.file_name().to_string_lossy().into_owned(),
                    code: rule.file_name().to_string_lossy().into_owned(),
                    dir: rule.path(),
                });
            }
        }
    }
    out.sort_by(|a, b| a.dir.cmp(&b.dir));
    out
}

fn read_dir_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in walk(dir) {
        let rel = entry.strip_prefix(dir).unwrap_or(&entry).to_string_lossy().replace('\\', "/");
        if rel.ends_with(".expected") || rel.ends_with(".elsewhere") || rel == "precheck.toml" {
            continue;
        }
        files.push((rel, std::fs::read(&entry).unwrap_or_default()));
    }
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() { out.extend(walk(&p)) } else { out.push(p) }
        }
    }
    out
}

/// Runs one rule directory and compares (or rewrites) every `.expected` file. Returns the problems.
fn check_rule_dir(rd: &RuleDir, checks: &[Box<dyn Check>]) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(check) = checks.iter().position(|c| c.id() == rd.check) else {
        return vec![format!("{}: no check `{}`", rd.dir.display(), rd.check)];
    };
    let mut config = match std::fs::read_to_string(rd.dir.join("precheck.toml")) {
        Ok(text) => match Config::parse(&text, "precheck.toml") {
            Ok(c) => c,
            Err(e) => return vec![format!("{}: {e}", rd.dir.display())],
        },
        Err(_) => Config::default(),
    };
    // Every rule runs, on by default or not: a fixture measures a rule's recall, not the default set.
    // Every line on its own: a fixture pins each finding, not the grouping of repeats (tested in the runner).
    let every_rule = |config: &mut Config| {
        config.group_findings = false;
        if config.rules.select.is_none() {
            config.rules.select = Some(vec!["ALL".to_string()]);
        }
    };
    every_rule(&mut config);
    let only: Vec<Box<dyn Check>> =
        precheck_checks::builtin().into_iter().enumerate().filter(|(i, _)| *i == check).map(|(_, c)| c).collect();
    let files = read_dir_files(&rd.dir);
    // Each scenario folder is a repository of its own (so one scenario's schema or POMs never leak into
    // another's); loose files run together. Files outside any scenario folder (e.g. `.gitattributes`) join
    // every run. Paths keep their folder, so findings name the same files either way.
    let mut groups: std::collections::BTreeMap<String, Vec<(String, Vec<u8>)>> = std::collections::BTreeMap::new();
    let shared: Vec<(String, Vec<u8>)> =
        files.iter().filter(|(n, _)| !n.contains('/') && !is_input(n)).cloned().collect();
    for (name, bytes) in &files {
        let group = match name.split_once('/') {
            Some((top, _)) if top.starts_with("fires") || top.starts_with("quiet") => top.to_string(),
            _ => String::new(),
        };
        groups.entry(group).or_default().push((name.clone(), bytes.clone()));
    }
    let mut report = precheck_core::Report::default();
    for (group, mut members) in groups {
        if !group.is_empty() {
            members.extend(shared.iter().cloned());
        }
        // A scenario folder may hold its own precheck.toml (a key's non-default value), used instead.
        let own = members.iter().find(|(n, _)| *n == format!("{group}/precheck.toml"));
        let scenario_config =
            match own.map(|(_, bytes)| Config::parse(&String::from_utf8_lossy(bytes), "precheck.toml")) {
                Some(Ok(mut c)) => {
                    every_rule(&mut c);
                    c
                }
                Some(Err(e)) => return vec![format!("{}/{group}: {e}", rd.dir.display())],
                None => config.clone(),
            };
        match precheck_runner::run_files_at(&rd.dir, &scenario_config, &only, members) {
            Ok(r) => report.findings.extend(r.findings),
            Err(e) => return vec![format!("{}: {e}", rd.dir.display())],
        }
    }
    let update = std::env::var("UPDATE_EXPECT")
        .is_ok_and(|v| v == "1" || v == rd.check || (!v.is_empty() && rd.code.starts_with(&v.to_ascii_uppercase())));
    let mut scenarios: std::collections::BTreeMap<String, bool> = std::collections::BTreeMap::new();
    for (name, _) in files.iter().filter(|(n, _)| is_input(n)) {
        let mine: Vec<&Finding> = report.findings.iter().filter(|f| &*f.primary.path == name).collect();
        let actual = render(&mine);
        let expected_path = rd.dir.join(format!("{name}.expected"));
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if update {
            if actual.is_empty() {
                let _ = std::fs::remove_file(&expected_path);
            } else if actual != expected {
                let _ = std::fs::write(&expected_path, &actual);
            }
        } else if actual != expected {
            problems.push(format!(
                "{}/{name}: findings differ\n--- expected\n{expected}--- actual\n{actual}",
                rd.dir.display()
            ));
        }
        let fires = mine.iter().any(|f| f.code == rd.code);
        let entry = scenarios.entry(scenario_of(name)).or_insert(false);
        *entry |= fires;
    }
    for (scenario, fires) in scenarios {
        if scenario.starts_with("fires") && !fires {
            problems.push(format!("{}/{scenario}: a fires scenario, but {} does not fire", rd.dir.display(), rd.code));
        }
        if scenario.starts_with("quiet") && fires {
            problems.push(format!("{}/{scenario}: a quiet scenario, but {} fires", rd.dir.display(), rd.code));
        }
    }
    problems
}

#[test]
fn every_fixture_gives_exactly_its_expected_findings() {
    let checks = precheck_checks::builtin();
    let dirs = rule_dirs();
    assert!(!dirs.is_empty(), "no fixtures found under {}", fixtures_root().display());
    let problems: Vec<String> = dirs.iter().flat_map(|rd| check_rule_dir(rd, &checks)).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_rule_has_fixtures_that_fire_and_stay_quiet_and_an_explanation() {
    let checks = precheck_checks::builtin();
    let dirs = rule_dirs();
    let mut problems = Vec::new();
    let mut codes = BTreeSet::new();
    let mut names = BTreeSet::new();
    for rule in precheck_checks::all_rules(&checks) {
        if !codes.insert(rule.code) {
            problems.push(format!("{}: code used twice", rule.code));
        }
        if !names.insert(rule.name) {
            problems.push(format!("{}: name `{}` used twice", rule.code, rule.name));
        }
        for section in ["## What it does", "## Why", "## Example", "## Use instead"] {
            if !rule.explanation.contains(section) {
                problems.push(format!("{}: explanation lacks `{section}`", rule.code));
            }
        }
        if rule.summary.is_empty() {
            problems.push(format!("{}: no summary", rule.code));
        }
        if rule.check == "precheck" {
            continue; // PC rules are exercised by the runner's own tests.
        }
        let Some(rd) = dirs.iter().find(|d| d.code == rule.code && d.check == rule.check) else {
            problems.push(format!("{}: no fixtures/{}/{}/ directory", rule.code, rule.check, rule.code));
            continue;
        };
        let names: Vec<String> = read_dir_files(&rd.dir).into_iter().map(|(n, _)| n).filter(|n| is_input(n)).collect();
        for kind in ["fires", "quiet"] {
            if let Some(found) = elsewhere(&rd.dir, kind, rule.code) {
                problems.extend(found);
            } else if !names.iter().any(|n| scenario_of(n).starts_with(kind)) {
                problems.push(format!("{}: no {kind}_* fixture", rule.code));
            }
        }
    }
    for rd in &dirs {
        if !codes.contains(rd.code.as_str()) {
            problems.push(format!("{}: fixture directory for an unknown rule", rd.dir.display()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
