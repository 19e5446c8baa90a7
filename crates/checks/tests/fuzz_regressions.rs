//! Inputs the fuzz targets once failed on (`fuzz/`), kept as regression tests with the target's own
//! invariants: `regressions/<name>.run_files` is a `run_files` input (first byte picks the file name, the rest is
//! the file), checked with every rule on; no check may panic (PC002) and every finding's range must lie on
//! character boundaries of its file's text.

use precheck_core::Config;

/// The fuzz target's file names, in its order.
const NAMES: &[&str] = &[
    "a.sql",
    "mapper.xml",
    "pom.xml",
    "a.properties",
    "a.vm",
    "a.rs",
    "a.yml",
    "a.json",
    "conf/app-dev-ds.xml",
    "x-auto-config.xml",
];

#[test]
fn fuzz_finds_stay_fixed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut config = Config::default();
    config.rules.select = Some(vec!["ALL".to_string()]);
    let checks = precheck_checks::builtin();
    let mut tried = 0;
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("run_files") {
            continue;
        }
        let data = std::fs::read(&path).unwrap_or_default();
        let Some((&pick, body)) = data.split_first() else { continue };
        let name = NAMES[usize::from(pick) % NAMES.len()];
        let report = precheck_runner::run_files(&config, &checks, vec![(name.to_string(), body.to_vec())]);
        let Ok(report) = report else { continue };
        for f in &report.findings {
            assert_ne!(f.code, "PC002", "{}: {name}: {}", path.display(), f.message);
            if let Some(text) = report.sources.get(&f.primary.path) {
                assert!(
                    text.get(f.primary.range.clone()).is_some(),
                    "{}: {} at {:?}",
                    path.display(),
                    f.code,
                    f.primary.range
                );
            }
        }
        tried += 1;
    }
    assert!(tried > 0, "no regression inputs in {}", dir.display());
}
