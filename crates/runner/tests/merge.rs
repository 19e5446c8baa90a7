//! `precheck_runner::merge` on the shards of runs over a plain directory: what the merge decides (PC001,
//! grouping, counts) equals the unsharded run, and what it cannot decide exactly it refuses.

use std::sync::Arc;

use precheck_core::{Check, Config, FileCtx, Finding, Input, RepoCtx, Report, RuleMeta, Severity, Shard, Sink};

static ECHO: RuleMeta = RuleMeta::new(
    "echo",
    "XX002",
    "echo",
    Severity::Warning,
    "the word `echo`",
    "## What it does\n## Why\n## Example\n## Use instead\n",
)
.file_and_repo();

static SEEN: RuleMeta = RuleMeta::new("echo", "XX003", "seen", Severity::Warning, "line 3 of x.txt", "").repo();

static RULES: [&RuleMeta; 2] = [&ECHO, &SEEN];

/// Reports every `echo` of a file from `check_file`, and from `check_repo` line 3 of x.txt as XX003 (a
/// suppression there is used by another shard than the file's); with `same_code`, also the first line of
/// x.txt as XX002, the same code on the same line as the file's shard: the two would fingerprint it apart.
struct EchoCheck {
    same_code: bool,
}

impl Check for EchoCheck {
    fn id(&self) -> &'static str {
        "echo"
    }
    fn rules(&self) -> &'static [&'static RuleMeta] {
        &RULES
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        for (at, _) in cx.text().match_indices("echo") {
            out.emit(&ECHO, || Finding::new(&ECHO, cx.span(at..at + 4), "`echo` found"));
        }
    }
    fn check_repo(&self, cx: &RepoCtx<'_>, out: &mut Sink) {
        let Ok(bytes) = cx.source.read("x.txt") else { return };
        let text = String::from_utf8_lossy(&bytes);
        let path: Arc<str> = Arc::from("x.txt");
        let index = precheck_core::text::LineIndex::new(&text);
        if text.lines().count() >= 3 {
            out.push(Finding::new(&SEEN, index.lines_span(&path, &text, 3, 3), "line 3 seen"));
        }
        if self.same_code {
            out.push(Finding::new(&ECHO, index.lines_span(&path, &text, 1, 1), "`echo` seen from the repository"));
        }
    }
}

fn run(dir: &std::path::Path, checks: &[Box<dyn Check>], shard: Option<Shard>, no_group: bool) -> Report {
    let input = Input { dir: dir.to_path_buf(), shard, no_group, ..Input::default() };
    precheck_runner::run(&Config::default(), &input, checks).expect("run")
}

fn shards(dir: &std::path::Path, checks: &[Box<dyn Check>], n: u32, no_group: bool) -> Vec<(String, Report)> {
    (1..=n)
        .map(|i| {
            let shard = Shard::new(i, n).expect("shard");
            (format!("shard {shard}"), run(dir, checks, Some(shard), no_group))
        })
        .collect()
}

fn lines(report: &Report) -> Vec<String> {
    report
        .findings
        .iter()
        .map(|f| format!("{}:{} {} {} {}", f.primary.path, f.primary.start.line, f.code, f.message, f.fingerprint))
        .collect()
}

#[test]
fn merged_shards_are_the_unsharded_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let directive = concat!("precheck", ":allow");
    // x.txt: the suppression on line 3 is used only by the repository rule, those on lines 4 and 5 are unused
    // and read the same (PC001 twice, occurrences 0 and 1, which the file's shard saw as its 1 and 2).
    for (name, text) in [
        ("x.txt", format!("echo\necho\n# {directive}(XX) old\n# {directive}(XX) old\n# {directive}(XX) old\n")),
        ("y.txt", format!("quiet\n# {directive}(XX002) used\necho\n")),
        ("z.txt", "echo echo\n".to_string()),
    ] {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    assert!(Shard::new(2, 2).expect("shard").owns_path("x.txt"), "the repository work is shard 1's");
    let checks: Vec<Box<dyn Check>> = vec![Box::new(EchoCheck { same_code: false })];
    for no_group in [false, true] {
        let whole = run(dir.path(), &checks, None, no_group);
        for n in 1..=3 {
            let merged = precheck_runner::merge(shards(dir.path(), &checks, n, no_group)).expect("merge");
            assert_eq!(lines(&merged), lines(&whole), "{n} shards");
            assert_eq!((merged.files, merged.left_out), (whole.files, whole.left_out));
            assert_eq!(merged.configuration, whole.configuration);
            assert!(merged.shard.is_none());
        }
    }
    // Two unused suppressions on the same text: PC001 twice, with different fingerprints (grouped as one
    // finding unless every line is asked for).
    let whole = run(dir.path(), &checks, None, true);
    let pc001: Vec<&Finding> = whole.findings.iter().filter(|f| f.code == "PC001").collect();
    assert_eq!(pc001.len(), 2, "{:?}", lines(&whole));
    assert_eq!((pc001[0].primary.start.line, pc001[1].primary.start.line), (4, 5));
    assert_ne!(pc001[0].fingerprint, pc001[1].fingerprint);
}

#[test]
fn the_same_code_on_the_same_lines_from_two_shards_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    // x.txt is checked by shard 2 of 2; the only check's repository work is shard 1's.
    std::fs::write(dir.path().join("x.txt"), "echo\n").expect("write");
    assert!(Shard::new(2, 2).expect("shard").owns_path("x.txt"));
    let checks: Vec<Box<dyn Check>> = vec![Box::new(EchoCheck { same_code: true })];
    let err = precheck_runner::merge(shards(dir.path(), &checks, 2, false)).expect_err("refused");
    assert!(err.starts_with("cannot merge exactly: shards 1 and 2 both report XX002"), "{err}");
    // One shard: nothing to refuse.
    let merged = precheck_runner::merge(shards(dir.path(), &checks, 1, false)).expect("merge");
    assert_eq!(lines(&merged), lines(&run(dir.path(), &checks, None, false)));
}

/// A run-wide fact whose building panics: every file check reads it.
#[derive(Default)]
struct Poisoned;

struct FactCheck;

impl Check for FactCheck {
    fn id(&self) -> &'static str {
        "echo"
    }
    fn rules(&self) -> &'static [&'static RuleMeta] {
        &RULES
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(repo) = cx.repo() else { return };
        repo.fact(|| -> Poisoned { panic!("fact exploded on purpose") });
        for (at, _) in cx.text().match_indices("echo") {
            out.emit(&ECHO, || Finding::new(&ECHO, cx.span(at..at + 4), "`echo` found"));
        }
    }
}

#[test]
fn a_failed_run_wide_fact_that_every_shard_built_is_one_pc002() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Files on both shards of two: both build the fact.
    for name in ["x.txt", "z.txt"] {
        std::fs::write(dir.path().join(name), "echo\n").expect("write");
    }
    let checks: Vec<Box<dyn Check>> = vec![Box::new(FactCheck)];
    let whole = run(dir.path(), &checks, None, false);
    let parts = shards(dir.path(), &checks, 2, false);
    assert!(parts.iter().all(|(_, r)| r.findings.iter().any(|f| f.code == "PC002")), "each shard reports it");
    let merged = precheck_runner::merge(parts).expect("merge");
    assert_eq!(lines(&merged), lines(&whole));
    assert_eq!(whole.findings.iter().filter(|f| f.code == "PC002").count(), 1);
}
