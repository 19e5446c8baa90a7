//! The runner on in-memory files: panic isolation, oversized files, suppressions, selection and order.

use precheck_core::{Check, Config, FileCtx, Finding, RuleMeta, Severity, Sink};

static WORD: RuleMeta = RuleMeta::new(
    "test",
    "XX001",
    "forbidden-word",
    Severity::Warning,
    "the word `forbidden`",
    "## What it does\n## Why\n## Example\n## Use instead\n",
);

/// Reports every `forbidden`; panics on a file containing `boom`.
struct WordCheck;

static RULES: [&RuleMeta; 1] = [&WORD];

impl Check for WordCheck {
    fn id(&self) -> &'static str {
        "test"
    }
    fn rules(&self) -> &'static [&'static RuleMeta] {
        &RULES
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let text = cx.text();
        assert!(!text.contains("boom"), "exploded on purpose");
        for (at, _) in text.match_indices("forbidden") {
            out.emit(&WORD, || Finding::new(&WORD, cx.span(at..at + 9), "`forbidden` found"));
        }
    }
}

fn run(config: &Config, files: &[(&str, &str)]) -> Vec<String> {
    let checks: Vec<Box<dyn Check>> = vec![Box::new(WordCheck)];
    let files = files.iter().map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()));
    match precheck_runner::run_files(config, &checks, files) {
        Ok(report) => report
            .findings
            .iter()
            .map(|f| {
                format!(
                    "{}:{}:{} {} {} {}",
                    f.primary.path, f.primary.start.line, f.primary.start.column, f.code, f.severity, f.message
                )
            })
            .collect(),
        Err(e) => vec![format!("error: {e}")],
    }
}

#[test]
fn a_panicking_check_becomes_pc002_and_the_run_goes_on() {
    let found = run(&Config::default(), &[("a.txt", "boom\n"), ("b.txt", "x forbidden\n")]);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].starts_with("a.txt:1:1 PC002 error the `test` check failed on this file: exploded on purpose"),
        "{found:?}"
    );
    assert_eq!(found[1], "b.txt:1:3 XX001 warning `forbidden` found");
}

#[test]
fn oversized_files_are_pc003_and_never_read() {
    let config = Config { max_file_size: 10, ..Config::default() };
    let found = run(&config, &[("big.txt", "forbidden forbidden\n"), ("small.txt", "ok\n")]);
    assert_eq!(found, vec!["big.txt:1:1 PC003 warning file not checked: 20 B is over max-file-size (10 B)"]);
}

#[test]
fn suppressions_with_and_without_required_reasons() {
    let files = [
        ("a.sh", "# precheck:allow(XX001)\nforbidden\n"),
        ("b.sh", "forbidden # precheck:allow(forbidden-word) legacy\n"),
    ];
    assert_eq!(run(&Config::default(), &files), Vec::<String>::new());
    let mut config = Config::default();
    config.rules.require_reason = true;
    assert_eq!(
        run(&config, &files),
        vec![
            "a.sh:1:3 PC001 warning `precheck:allow(XX001)` has no reason, and `require-reason = true` makes it count for nothing",
            "a.sh:2:1 XX001 warning `forbidden` found",
        ]
    );
}

#[test]
fn selection_severity_overrides_and_order() {
    let text = "group-findings = false\n[rules]\nseverity = { XX001 = \"error\" }\n[[overrides]]\npaths = [\"vendor/**\"]\nignore = [\"XX\"]\n";
    let config = Config::parse(text, "precheck.toml").unwrap_or_default();
    let found = run(
        &config,
        &[("z.txt", "forbidden\n"), ("vendor/x.txt", "forbidden\n"), ("a.txt", "\n\nforbidden forbidden\n")],
    );
    assert_eq!(
        found,
        vec![
            "a.txt:3:1 XX001 error `forbidden` found",
            "a.txt:3:11 XX001 error `forbidden` found",
            "z.txt:1:1 XX001 error `forbidden` found",
        ]
    );
    let mut config = Config::default();
    config.rules.ignore = vec!["XX001".into()];
    assert_eq!(run(&config, &[("a.txt", "forbidden\n")]), Vec::<String>::new());
}

#[test]
fn fingerprints_survive_moves_and_differ_by_occurrence() {
    let checks: Vec<Box<dyn Check>> = vec![Box::new(WordCheck)];
    let fps = |text: &str| -> Vec<String> {
        let every_line = Config { group_findings: false, ..Config::default() };
        precheck_runner::run_files(&every_line, &checks, [("a.txt".to_string(), text.as_bytes().to_vec())])
            .map(|r| r.findings.into_iter().map(|f| f.fingerprint).collect())
            .unwrap_or_default()
    };
    let before = fps("forbidden\nforbidden\n");
    let after = fps("new line\n\nforbidden\nforbidden\n");
    assert_eq!(before, after);
    assert_ne!(before[0], before[1]);
}

/// Without sources (the JSON, SARIF, … formats) the run keeps no file texts, yet reports exactly what a run
/// with sources reports, fingerprints included; a binary file is skipped after its first bytes either way.
#[test]
fn a_run_without_sources_reports_the_same_findings_and_fingerprints() {
    let dir = tempfile::tempdir().expect("tempdir");
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).expect("write");
    write("a.txt", b"forbidden\nforbidden\nok\nforbidden forbidden\n");
    write("b.txt", b"forbidden # precheck:allow(XX001): kept on purpose\nok\nok\nforbidden\n");
    let mut binary = vec![0u8; 16];
    binary.extend_from_slice(&b"forbidden\n".repeat(2000));
    write("c.bin", &binary);
    // A NUL beyond the first 8 KiB does not make a file binary.
    let mut late_nul = b"forbidden\n".repeat(1000);
    late_nul.push(0);
    write("d.txt", &late_nul);
    let checks: Vec<Box<dyn Check>> = vec![Box::new(WordCheck)];
    let report = |without_sources: bool| {
        let input = precheck_core::Input {
            dir: dir.path().to_path_buf(),
            without_sources,
            no_group: true,
            ..Default::default()
        };
        precheck_runner::run(&Config::default(), &input, &checks).expect("run")
    };
    let (with, without) = (report(false), report(true));
    let view = |r: &precheck_core::Report| -> Vec<String> {
        r.findings
            .iter()
            .map(|f| format!("{} {}:{} {}", f.code, f.primary.path, f.primary.start.line, f.fingerprint))
            .collect()
    };
    assert_eq!(view(&with), view(&without));
    let count = |path: &str| with.findings.iter().filter(|f| &*f.primary.path == path).count();
    assert_eq!((count("a.txt"), count("b.txt"), count("c.bin"), count("d.txt")), (4, 1, 0, 1000));
    let sources = |r: &precheck_core::Report| r.sources.keys().map(|k| k.to_string()).collect::<Vec<_>>();
    assert_eq!(sources(&with), ["a.txt", "b.txt", "d.txt"]);
    assert_eq!(sources(&without), ["b.txt"], "only the file with a suppression comment keeps its text");
}

static PER_FILE: RuleMeta = RuleMeta::new(
    "split",
    "YY001",
    "per-file",
    Severity::Warning,
    "reported from check_file",
    "## What it does\n## Why\n## Example\n## Use instead\n",
);

static PER_REPO: RuleMeta = RuleMeta::new(
    "split",
    "YY002",
    "per-repo",
    Severity::Warning,
    "reported from check_repo",
    "## What it does\n## Why\n## Example\n## Use instead\n",
)
.repo();

static SPLIT_RULES: [&RuleMeta; 2] = [&PER_FILE, &PER_REPO];

/// One rule per file, one per repository; counts the files it was handed.
struct SplitCheck(std::sync::Arc<std::sync::atomic::AtomicUsize>);

impl Check for SplitCheck {
    fn id(&self) -> &'static str {
        "split"
    }
    fn rules(&self) -> &'static [&'static RuleMeta] {
        &SPLIT_RULES
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        out.emit(&PER_FILE, || Finding::new(&PER_FILE, cx.span(0..0), "seen"));
    }
    fn check_repo(&self, _cx: &precheck_core::RepoCtx<'_>, out: &mut Sink) {
        out.emit(&PER_REPO, || Finding::new(&PER_REPO, precheck_core::Span::file("."), "once"));
    }
}

#[test]
fn files_are_read_only_for_checks_whose_file_rules_are_enabled() {
    let run_selecting = |select: &str| {
        let read = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let checks: Vec<Box<dyn Check>> = vec![Box::new(SplitCheck(std::sync::Arc::clone(&read)))];
        let mut config = Config::default();
        config.rules.select = Some(vec![select.into()]);
        let files = [("a.txt", "a\n"), ("b.txt", "b\n")].map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()));
        let report = precheck_runner::run_files(&config, &checks, files).expect("run");
        let codes: Vec<&str> = report.findings.iter().map(|f| f.code).collect();
        (read.load(std::sync::atomic::Ordering::Relaxed), codes)
    };
    assert_eq!(run_selecting("YY002"), (0, vec!["YY002"]));
    assert_eq!(run_selecting("YY001"), (2, vec!["YY001", "YY001"]));
    assert_eq!(run_selecting("ALL").0, 2);
}

/// A run-wide fact whose building panics: every file check reads it.
#[derive(Default)]
struct Poisoned(usize);

struct FactCheck;

impl Check for FactCheck {
    fn id(&self) -> &'static str {
        "test"
    }
    fn rules(&self) -> &'static [&'static RuleMeta] {
        &RULES
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(repo) = cx.repo() else { return };
        let fact = repo.fact(|| {
            let names = repo.source.paths().iter().filter(|f| f.path.contains("forbidden")).count();
            assert!(repo.source.paths().iter().all(|f| !f.path.contains("poison")), "fact exploded on purpose");
            Poisoned(names)
        });
        if cx.text().contains("forbidden") {
            out.emit(&WORD, || Finding::new(&WORD, cx.span(0..1), format!("`forbidden` found ({})", fact.0)));
        }
    }
}

#[test]
fn a_run_wide_fact_that_panics_is_one_pc002_and_every_file_is_still_checked() {
    let checks: Vec<Box<dyn Check>> = vec![Box::new(FactCheck)];
    let files = [("poison.txt", "x\n"), ("a.txt", "forbidden\n"), ("b.txt", "forbidden\n")];
    let files = files.iter().map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()));
    let report = precheck_runner::run_files(&Config::default(), &checks, files).expect("run");
    let found: Vec<String> =
        report.findings.iter().map(|f| format!("{} {} {}", f.primary.path, f.code, f.message)).collect();
    assert_eq!(
        found,
        [
            ". PC002 building `Poisoned` failed: fact exploded on purpose; the checks that read it went on without it",
            "a.txt XX001 `forbidden` found (0)",
            "b.txt XX001 `forbidden` found (0)",
        ]
    );
}

#[test]
fn the_same_finding_on_many_lines_is_one_finding_per_file_unless_asked_for_every_line() {
    let text = "forbidden\n".repeat(7) + "x forbidden forbidden\n";
    let found = run(&Config::default(), &[("a.txt", &text), ("b.txt", "forbidden\n")]);
    assert_eq!(
        found,
        [
            "a.txt:1:1 XX001 warning `forbidden` found (9 times on 8 lines: 1, 2, 3, 4, 5 and 3 more)",
            "b.txt:1:1 XX001 warning `forbidden` found",
        ]
    );
    let every_line = Config { group_findings: false, ..Config::default() };
    assert_eq!(run(&every_line, &[("a.txt", &text)]).len(), 9);
}
