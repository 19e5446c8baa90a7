//! Only what the change adds: findings are keyed by (module, artifact, rule), so a conflict that exists at
//! the merge base keeps its fingerprint at the head even when its lines move, and a finding points at the
//! POM line the change touched.

use std::path::Path;
use std::sync::Arc;

use precheck_core::{ChangeKind, ChangeSet, Config, FileChange, FileSource, Finding, LineSet};
use precheck_jar::JarCheck;
use precheck_runner::{MemorySource, RepoPass};

fn config() -> Config {
    let m2 = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/jar/m2");
    let m2 = m2.canonicalize().unwrap_or(m2);
    Config::parse(&format!("[jar]\nlocal-repository = {:?}\n", m2.to_string_lossy()), "precheck.toml")
        .unwrap_or_else(|e| panic!("{e}"))
}

fn pom(deps: &[&str]) -> String {
    let mut s = String::from(
        "<project>\n  <groupId>org.example.app</groupId>\n  <artifactId>svc</artifactId>\n  <version>1</version>\n  <dependencies>\n",
    );
    for d in deps {
        s.push_str(&format!(
            "    <dependency><groupId>org.example.fixture</groupId><artifactId>{d}</artifactId><version>1.0</version></dependency>\n"
        ));
    }
    s.push_str("  </dependencies>\n</project>\n");
    s
}

fn run(text: &str, changes: Option<&ChangeSet>, is_base: bool) -> Vec<Finding> {
    let source: Arc<dyn FileSource> = Arc::new(MemorySource::new([("pom.xml".to_string(), text.as_bytes().to_vec())]));
    RepoPass { changes, is_base, ..RepoPass::default() }.findings(&JarCheck, source, &config())
}

fn fingerprints(list: &[Finding], code: &str) -> Vec<String> {
    list.iter().filter(|f| f.code == code).map(|f| f.fingerprint.clone()).collect()
}

#[test]
fn existing_conflicts_keep_their_fingerprint_and_new_ones_point_at_the_changed_line() {
    let base = run(&pom(&["lib-a", "lib-b"]), None, true);
    // The head adds `client` first (moving every line) and `json-fork` last.
    let head_text = pom(&["client", "lib-a", "lib-b", "json-fork"]);
    let mut changes = ChangeSet::default();
    let mut lines = LineSet::new();
    lines.insert(6, 6);
    lines.insert(9, 9);
    changes.files.insert(
        "pom.xml".into(),
        FileChange { kind: ChangeKind::Modified, old_mode: 0, new_mode: 0, added_lines: lines },
    );
    let head = run(&head_text, Some(&changes), false);

    // json 1.0 vs 2.0 existed at the base: same fingerprint, though it now resolves differently.
    let b = fingerprints(&base, "JAR001");
    let h = fingerprints(&head, "JAR001");
    assert_eq!(b.len(), 1, "{base:#?}");
    assert_eq!(b, h, "{head:#?}");
    // The duplicate class brought by json-fork is new, and points at the line that added it.
    let dup: Vec<&Finding> = head.iter().filter(|f| f.code == "JAR006").collect();
    assert_eq!(dup.len(), 1, "{head:#?}");
    assert!(fingerprints(&base, "JAR006").is_empty());
    assert_eq!(dup[0].primary.start.line, 9, "{:#?}", dup[0]);
    // `client` reaches json only through lib-b, which loses to the direct lib-b: no path of the json conflict
    // crosses a changed line, so the finding stays on the winner's declaration (lib-a, moved to line 7).
    let dc: Vec<&Finding> = head.iter().filter(|f| f.code == "JAR001").collect();
    assert_eq!(dc[0].primary.start.line, 7, "{:#?}", dc[0]);
}

#[test]
fn a_change_that_cannot_matter_returns_before_reading() {
    let mut changes = ChangeSet::default();
    changes.files.insert(
        "src/main/java/A.java".into(),
        FileChange { kind: ChangeKind::Modified, old_mode: 0, new_mode: 0, added_lines: LineSet::new() },
    );
    assert!(run(&pom(&["lib-a", "lib-b"]), Some(&changes), false).is_empty());
}

#[test]
fn a_snapshot_is_an_error_when_pushing_to_a_release_branch() {
    let m2 = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/jar/m2");
    let config = Config::parse(
        &format!("[jar]\nlocal-repository = {:?}\nrelease-branches = [\"release/*\"]\n", m2.to_string_lossy()),
        "precheck.toml",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let source: Arc<dyn FileSource> =
        Arc::new(MemorySource::new([("pom.xml".to_string(), pom(&["snapshot-user"]).into_bytes())]));
    let severity = |pushed_ref: Option<&str>| {
        let pass = RepoPass { pushed_ref, ..RepoPass::default() };
        pass.findings(&JarCheck, Arc::clone(&source), &config)
            .into_iter()
            .find(|f| f.code == "JAR005")
            .map(|f| f.severity)
    };
    assert_eq!(severity(None), Some(precheck_core::Severity::Warning));
    assert_eq!(severity(Some("refs/heads/release/2.0")), Some(precheck_core::Severity::Error));
}
