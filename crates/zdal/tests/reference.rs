//! The bar on the open-source samples (`../shared/reference/zdal/`): the one real defect (a copy-pasted
//! physical data source `name` in ShardFailover, which Zdal rejects with "the physicalDataSourceSet has same
//! name of …") is an error, and nothing else is. Skips cleanly when the samples are absent.

use std::path::{Path, PathBuf};

use precheck_core::{Check, Config, Severity};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() { walk(&p, out) } else { out.push(p) }
        }
    }
}

#[test]
#[allow(clippy::print_stderr, reason = "says why the test skipped when the reference samples are absent")]
fn reference_samples_have_exactly_the_one_real_defect() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference/zdal");
    if !root.is_dir() {
        eprintln!("skipped: {} is absent", root.display());
        return;
    }
    let mut paths = Vec::new();
    walk(&root, &mut paths);
    let files: Vec<(String, Vec<u8>)> = paths
        .iter()
        .map(|p| {
            (
                p.strip_prefix(&root).unwrap_or(p).to_string_lossy().replace('\\', "/"),
                std::fs::read(p).unwrap_or_default(),
            )
        })
        .collect();
    let checks: Vec<Box<dyn Check>> = vec![Box::new(precheck_zdal::ZdalCheck)];
    let report = match precheck_runner::run_files(&Config::default(), &checks, files) {
        Ok(r) => r,
        Err(e) => panic!("run failed: {e}"),
    };
    let errors: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| format!("{}:{} {} {}", f.primary.path, f.primary.start.line, f.code, f.message))
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].starts_with("oss/ShardFailover/ShardFailover-dev-ds.xml:"), "{errors:#?}");
    assert!(errors[0].contains("ZD018"), "{errors:#?}");
}
