//! Rules that depend on what the in-memory fixture harness cannot express — git modes, symlinks, gitlinks,
//! the change set, the pushed ref, and paths that must not be committed to this repository because they
//! would break its own checkout on Windows or macOS — run here through real `RepoCtx`/`FileCtx` values.

use std::collections::HashMap;
use std::io;
use std::sync::Arc;

use precheck_code::CodeCheck;
use precheck_core::{
    Attributes, ChangeKind, ChangeSet, Check, Config, FileChange, FileCtx, FileInfo, FileMode, FileSource, Finding,
    LineSet, RulePolicy, Sink,
};
use precheck_runner::RepoPass;

struct Files {
    list: Vec<FileInfo>,
    contents: HashMap<String, Vec<u8>>,
}

impl Files {
    fn new(entries: &[(&str, FileMode, &[u8])]) -> Files {
        let mut list: Vec<FileInfo> = entries.iter().map(|(p, m, b)| FileInfo::new(*p, *m, b.len() as u64)).collect();
        list.sort_by(|a, b| a.path.cmp(&b.path));
        let contents = entries.iter().map(|(p, _, b)| ((*p).to_string(), b.to_vec())).collect();
        Files { list, contents }
    }
}

impl FileSource for Files {
    fn files(&self) -> &[FileInfo] {
        &self.list
    }
    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        self.contents.get(path).cloned().ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, path.to_string()))
    }
}

fn change(kind: ChangeKind, old_mode: u32, new_mode: u32) -> FileChange {
    let mut added_lines = LineSet::new();
    added_lines.insert(1, 1);
    FileChange { kind, old_mode, new_mode, added_lines }
}

/// Runs `check_repo` and returns (code, path, message) of every finding.
fn repo(
    files: Files,
    changes: Option<ChangeSet>,
    pushed_ref: Option<&str>,
    config: &Config,
) -> Vec<(String, String, String)> {
    let pass = RepoPass { changes: changes.as_ref(), pushed_ref, ..RepoPass::default() };
    summarize(&pass.findings(&CodeCheck, Arc::new(files), config))
}

fn summarize(findings: &[Finding]) -> Vec<(String, String, String)> {
    findings.iter().map(|f| (f.code.to_string(), f.primary.path.to_string(), f.message.clone())).collect()
}

fn file(path: &str, mode: FileMode, bytes: &[u8]) -> Vec<(String, String, String)> {
    let check = CodeCheck;
    let info = FileInfo::new(path, mode, bytes.len() as u64);
    let source: Arc<dyn FileSource> = Arc::new(Files::new(&[]));
    let attributes = Attributes::new(source, None);
    let config = Config::default();
    let cx = FileCtx::new(&info, bytes, None, &config, &attributes);
    let policy = RulePolicy::all(check.rules().iter().copied());
    let mut sink = Sink::new(&policy);
    check.check_file(&cx, &mut sink);
    summarize(sink.findings())
}

fn codes(found: &[(String, String, String)]) -> Vec<&str> {
    found.iter().map(|(c, _, _)| c.as_str()).collect()
}

#[test]
fn txt007_case_conflicts_of_files_and_directories() {
    let files = Files::new(&[
        ("Docs/guide.md", FileMode::Regular, b"a\n"),
        ("README.md", FileMode::Regular, b"a\n"),
        ("docs/other.md", FileMode::Regular, b"a\n"),
        ("readme.md", FileMode::Regular, b"a\n"),
        ("src/lib.rs", FileMode::Regular, b"a\n"),
    ]);
    let found = repo(files, None, None, &Config::default());
    let case: Vec<_> = found.iter().filter(|f| f.0 == "TXT007").collect();
    assert_eq!(case.len(), 2, "{found:?}");
    assert!(case.iter().any(|f| f.1 == "docs/other.md" && f.2.contains("directory `docs`")));
    assert!(case.iter().any(|f| f.1 == "readme.md" && f.2.contains("`README.md`")));
}

#[test]
fn txt007_with_a_change_set_compares_only_added_paths() {
    let files = Files::new(&[("README.md", FileMode::Regular, b"a\n"), ("readme.md", FileMode::Regular, b"a\n")]);
    let mut changes = ChangeSet::default();
    changes.files.insert("src/x.rs".into(), change(ChangeKind::Modified, 0o100644, 0o100644));
    assert!(repo(files, Some(changes), None, &Config::default()).is_empty(), "no added path: nothing to compare");
    let files = Files::new(&[("README.md", FileMode::Regular, b"a\n"), ("readme.md", FileMode::Regular, b"a\n")]);
    let mut changes = ChangeSet::default();
    changes.files.insert("readme.md".into(), change(ChangeKind::Added, 0, 0o100644));
    assert_eq!(codes(&repo(files, Some(changes), None, &Config::default())), vec!["TXT007"]);
}

#[test]
fn txt008_broken_symlinks_only() {
    let files = Files::new(&[
        ("docs/latest", FileMode::Symlink, b"../site/v2"),
        ("docs/ok", FileMode::Symlink, b"../site/v3"),
        ("docs/dir", FileMode::Symlink, b"../site"),
        ("docs/abs", FileMode::Symlink, b"/etc/hosts"),
        ("site/v3", FileMode::Regular, b"x\n"),
    ]);
    let found = repo(files, None, None, &Config::default());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "TXT008");
    assert_eq!(found[0].1, "docs/latest");
}

#[test]
fn txt009_symlink_replaced_by_a_file() {
    let files = Files::new(&[("config/current", FileMode::Regular, b"prod.yaml")]);
    let mut changes = ChangeSet::default();
    changes.files.insert("config/current".into(), change(ChangeKind::TypeChanged, 0o120000, 0o100644));
    changes.files.insert("config/other".into(), change(ChangeKind::Modified, 0o100644, 0o100644));
    let found = repo(files, Some(changes), None, &Config::default());
    assert_eq!(codes(&found), vec!["TXT009"], "{found:?}");
}

#[test]
fn txt010_and_txt011_follow_the_git_mode() {
    assert_eq!(codes(&file("docs/README.md", FileMode::Executable, b"# Title\n")), vec!["TXT010"]);
    assert!(file("run.sh", FileMode::Executable, b"#!/bin/sh\necho hi\n").is_empty());
    assert_eq!(codes(&file("run.sh", FileMode::Regular, b"#!/bin/sh\necho hi\n")), vec!["TXT011"]);
}

#[test]
fn txt012_windows_names() {
    let files = Files::new(&[
        ("aux/readme.txt", FileMode::Regular, b"x\n"),
        ("notes/a:b.txt", FileMode::Regular, b"x\n"),
        ("notes/trailing.", FileMode::Regular, b"x\n"),
        ("src/console.rs", FileMode::Regular, b"x\n"),
        ("src/com1.h", FileMode::Regular, b"x\n"),
    ]);
    let found = repo(files, None, None, &Config::default());
    let paths: Vec<&str> = found.iter().filter(|f| f.0 == "TXT012").map(|f| f.1.as_str()).collect();
    assert_eq!(paths, vec!["aux/readme.txt", "notes/a:b.txt", "notes/trailing.", "src/com1.h"], "{found:?}");
}

#[test]
fn txt013_new_submodules() {
    let modules: &[u8] =
        b"[submodule \"vendor/libfoo\"]\n\tpath = vendor/libfoo\n\turl = https://git.example.com/libfoo.git\n";
    let found = file(".gitmodules", FileMode::Regular, modules);
    assert_eq!(codes(&found), vec!["TXT013"]);
    assert!(found[0].2.contains("vendor/libfoo"));
    // A gitlink declared in .gitmodules is reported there, an undeclared one here.
    let files = Files::new(&[
        (".gitmodules", FileMode::Regular, modules),
        ("vendor/libfoo", FileMode::Gitlink, b""),
        ("vendor/stray", FileMode::Gitlink, b""),
    ]);
    let mut changes = ChangeSet::default();
    changes.files.insert("vendor/libfoo".into(), change(ChangeKind::Added, 0, 0o160000));
    changes.files.insert("vendor/stray".into(), change(ChangeKind::Added, 0, 0o160000));
    let found = repo(files, Some(changes), None, &Config::default());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "vendor/stray");
}

#[test]
fn txt014_protected_branches_by_remote_ref() {
    let empty = || Files::new(&[]);
    assert_eq!(codes(&repo(empty(), None, Some("refs/heads/main"), &Config::default())), vec!["TXT014"]);
    assert!(repo(empty(), None, Some("refs/heads/feature/x"), &Config::default()).is_empty());
    assert!(repo(empty(), None, None, &Config::default()).is_empty());
    let config = Config::parse("[code]\nprotected-branches = [\"release/*\"]\n", "precheck.toml");
    let Ok(config) = config else { panic!("config parses") };
    assert_eq!(codes(&repo(empty(), None, Some("refs/heads/release/2024.11"), &config)), vec!["TXT014"]);
    assert!(repo(empty(), None, Some("refs/heads/main"), &config).is_empty());
}

#[test]
fn txt006_and_txt102_from_the_file_list() {
    let big = vec![b'a'; 600 * 1024];
    let files =
        Files::new(&[("dump.sql", FileMode::Regular, &big), ("certs/client.p12", FileMode::Regular, b"\x30\x82")]);
    let mut changes = ChangeSet::default();
    changes.files.insert("dump.sql".into(), change(ChangeKind::Added, 0, 0o100644));
    changes.files.insert("certs/client.p12".into(), change(ChangeKind::Modified, 0o100644, 0o100644));
    let found = repo(files, Some(changes), None, &Config::default());
    assert_eq!(codes(&found), vec!["TXT006"], "a modified keystore is not an added one: {found:?}");
}

#[test]
fn secrets_never_appear_in_findings() {
    let token = format!("ghp_{}", "q8Zr4Lx1Vb7Nw2Ps9Dk3Hf6Jt0Ym5Qc1Az9");
    let text = format!("token: {token}\n");
    let check = CodeCheck;
    let info = FileInfo::new("ci.yaml", FileMode::Regular, text.len() as u64);
    let source: Arc<dyn FileSource> = Arc::new(Files::new(&[]));
    let attributes = Attributes::new(source, None);
    for (redact, shown) in [("prefix", "ghp_…"), ("full", "`…`")] {
        let config = Config::parse(&format!("[code]\nredact = \"{redact}\"\n"), "precheck.toml");
        let Ok(config) = config else { panic!("config parses") };
        let cx = FileCtx::new(&info, text.as_bytes(), None, &config, &attributes);
        let policy = RulePolicy::all(check.rules().iter().copied());
        let mut sink = Sink::new(&policy);
        check.check_file(&cx, &mut sink);
        let found = sink.findings();
        assert_eq!(found.len(), 1, "{found:?}");
        let f = &found[0];
        let all = format!("{} {:?} {:?} {}", f.message, f.help, f.labels, f.fingerprint);
        assert!(!all.contains(&token[4..]), "{all}");
        assert!(f.message.contains(shown), "{}", f.message);
        assert_eq!(f.fingerprint.len(), 32);
    }
}

/// Whether a semantic comparison re-runs the list rules for a side's change: only a change to the file list
/// (an added, deleted, renamed or retyped path, a changed symlink) or to what the rules read besides it
/// (`.gitattributes`, the configured secret rule files); a file edited in place is the per-file pass's.
#[test]
fn only_changes_to_the_file_list_are_inputs_of_the_list_rules() {
    let files = Files::new(&[("a.txt", FileMode::Regular, b"a\n")]);
    let inputs = |changed: &[(&str, FileChange)], config: &Config| {
        let changes =
            ChangeSet { base_commit: None, files: changed.iter().map(|(p, c)| (p.to_string(), c.clone())).collect() };
        CodeCheck.inputs_changed(&changes, &files, config, None)
    };
    let config = Config::default();
    let edited = change(ChangeKind::Modified, 0o100644, 0o100644);
    assert!(!inputs(&[("a.txt", edited.clone()), ("src/b.rs", edited.clone())], &config));
    assert!(inputs(&[("a.txt", edited.clone()), ("c.txt", change(ChangeKind::Added, 0, 0o100644))], &config));
    assert!(inputs(&[("gone.txt", change(ChangeKind::Deleted, 0o100644, 0))], &config));
    let renamed = change(ChangeKind::Renamed { from: "old.txt".to_string() }, 0o100644, 0o100644);
    assert!(inputs(&[("a.txt", renamed)], &config));
    assert!(inputs(&[("run.sh", change(ChangeKind::Modified, 0o100644, 0o100755))], &config));
    assert!(inputs(&[("link", change(ChangeKind::Modified, 0o120000, 0o120000))], &config));
    assert!(inputs(&[("docs/.gitattributes", edited.clone())], &config));
    let with_rules = Config::parse("[code]\nsecrets-config = \"gitleaks.toml\"\n", "precheck.toml").expect("config");
    assert!(inputs(&[("a.txt", edited)], &with_rules));
}
