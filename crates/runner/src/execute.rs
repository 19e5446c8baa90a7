//! Execution: every file in one rayon task that runs all checks wanting it (so a parse is shared), the
//! repository checks beside them, and panics turned into `PC002` findings.

use std::collections::{HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use precheck_core::check::panic_message;

use crate::source::SizeCapped;
use precheck_core::pc;
use precheck_core::text::LineIndex;
use precheck_core::{Check, Facts, FileCtx, FileInfo, Finding, RepoCtx, RulePolicy, Scope, Sink, Span};
use rayon::prelude::*;

use crate::Plan;

pub(crate) const DIRECTIVE: &[u8] = b"precheck:allow";

/// What execution produced, before suppressions, fingerprints and filters.
pub(crate) struct Raw {
    pub findings: Vec<Finding>,
    /// Findings from `check_repo`, kept apart for the diff filter.
    pub repo_findings: Vec<Finding>,
    /// Fingerprints of the repo findings on the base's version of the inputs (diff mode `added`).
    pub base_repo_findings: Option<Vec<Finding>>,
    /// Decoded text of files that have findings or suppression comments.
    pub texts: HashMap<Arc<str>, Arc<str>>,
    /// The line index of those texts where a rule already built it (fingerprints reuse it).
    pub line_indexes: HashMap<Arc<str>, LineIndex>,
    /// Those texts known to hold no suppression comment (searched once, here).
    pub without_directive: HashSet<Arc<str>>,
    /// Without sources: for files whose text was not kept, the text of the lines their findings cover,
    /// by (first, last) line, which is all their fingerprints read.
    pub line_texts: HashMap<Arc<str>, LineTexts>,
    /// Files left out of the hygiene rules as vendored, generated or minified.
    pub left_out: usize,
}

/// The text of lines `first..=last` (terminators included), by `(first, last)`.
pub(crate) type LineTexts = HashMap<(u32, u32), String>;

/// The lines a finding's fingerprint reads, `None` for a finding about the whole file (it reads the
/// message).
pub(crate) fn fingerprint_lines(f: &Finding) -> Option<(u32, u32)> {
    let p = &f.primary;
    if p.range.is_empty() && p.start.line == 1 {
        return None;
    }
    Some((p.start.line, p.end.line.max(p.start.line)))
}

/// A file's decoded text kept for the finishing steps.
struct Kept {
    path: Arc<str>,
    text: Arc<str>,
    lines: Option<LineIndex>,
    has_directive: bool,
}

struct FileResult {
    findings: Vec<Finding>,
    text: Option<Kept>,
    line_texts: Option<(Arc<str>, LineTexts)>,
    /// Vendored, generated or minified: left out of the hygiene rules.
    left_out: bool,
}

pub(crate) fn execute(plan: &Plan<'_>) -> Raw {
    // A shard checks its own files; the repository checks still see every file of the run.
    let owned: Vec<&FileInfo> = plan.files.iter().filter(|f| plan.owns_path(&f.path)).collect();
    if let Some(progress) = &plan.input.progress {
        progress.start(owned.len() as u64);
    }
    let facts = Facts::new();
    if let Some(memo) = &plan.memo {
        facts.share(Arc::clone(memo));
    }
    let capped = SizeCapped::new(plan.source.as_ref(), plan.config.max_file_size);
    let rerun = crate::semantic::Rerun { plan };
    let mut head = repo_ctx(plan, false, &facts, &capped, &plan.attributes, &plan.files);
    if plan.reruns && plan.git_dir.is_some() {
        head.merges = Some(&rerun);
    }
    // File tasks see the same RepoCtx as the repository checks, so a run-wide fact (a schema, the sharding
    // catalogue) is built once, by whichever asks first.
    let (file_results, mut repo_findings) = rayon::join(
        || owned.par_iter().map(|info| check_file(plan, info, &head)).collect::<Vec<_>>(),
        || run_repo_checks(plan, &head),
    );
    // What the listing could not name or enter (a file name that is not UTF-8, a path too long): PC003 each.
    if plan.changes.is_none() {
        for (path, why) in plan.source.skipped() {
            if crate::in_paths(&plan.paths, &path) && plan.owns_path(&path) {
                push(plan.selection.union_policy(), &mut repo_findings, not_checked_path(&path, why));
            }
        }
    }
    // A run-wide fact that panicked while being built: one PC002 for the run; its readers went on without it.
    for failure in facts.failures() {
        push(
            plan.selection.union_policy(),
            &mut repo_findings,
            Finding::new(
                &pc::INTERNAL_ERROR,
                Span::file("."),
                format!("{failure}; the checks that read it went on without it"),
            )
            .with_help("please report this with the repository's file names to the precheck maintainers"),
        );
    }
    if let Some(progress) = &plan.input.progress {
        progress.finish();
    }
    // Repo-level findings count as added only when the same checks on the base did not report them.
    let wants_base = matches!(plan.diff_mode, precheck_core::DiffMode::Added | precheck_core::DiffMode::DiffContext);
    let base_repo_findings = match &plan.base_source {
        Some(base) if wants_base && !repo_findings.is_empty() => {
            let base_facts = Facts::new();
            if let Some(notes) = facts.get::<precheck_core::HeadNotes>() {
                base_facts.share(notes);
            }
            let facts = base_facts;
            let attributes = precheck_core::Attributes::new(Arc::clone(base), None);
            let checked: Vec<FileInfo> = plan.files.iter().filter(|f| base.exists(&f.path)).cloned().collect();
            let capped = SizeCapped::new(base.as_ref(), plan.config.max_file_size);
            let cx = repo_ctx(plan, true, &facts, &capped, &attributes, &checked);
            Some(run_repo_checks(plan, &cx))
        }
        _ => None,
    };
    let mut raw = Raw {
        findings: Vec::new(),
        repo_findings,
        base_repo_findings,
        texts: HashMap::new(),
        line_indexes: HashMap::new(),
        without_directive: HashSet::new(),
        line_texts: HashMap::new(),
        left_out: 0,
    };
    for result in file_results {
        raw.findings.extend(result.findings);
        raw.left_out += usize::from(result.left_out);
        if let Some(kept) = result.text {
            if let Some(index) = kept.lines {
                raw.line_indexes.insert(Arc::clone(&kept.path), index);
            }
            if !kept.has_directive {
                raw.without_directive.insert(Arc::clone(&kept.path));
            }
            raw.texts.insert(kept.path, kept.text);
        }
        if let Some((path, lines)) = result.line_texts {
            raw.line_texts.insert(path, lines);
        }
    }
    raw
}

fn check_file(plan: &Plan<'_>, info: &FileInfo, repo: &RepoCtx<'_>) -> FileResult {
    let result = check_file_inner(plan, info, repo);
    if let Some(progress) = &plan.input.progress {
        progress.advance();
    }
    result
}

fn check_file_inner(plan: &Plan<'_>, info: &FileInfo, repo: &RepoCtx<'_>) -> FileResult {
    let mut out = FileResult { findings: Vec::new(), text: None, line_texts: None, left_out: false };
    let policy = plan.selection.policy_for(&info.path);
    let wanted: Vec<_> = plan
        .checks
        .iter()
        .filter(|c| policy.any_enabled(c.rules().iter().copied().filter(|r| r.scope != Scope::Repo)) && c.wants(info))
        .filter(|c| c.file_findings_read_repo() || plan.narrow.as_ref().is_none_or(|n| n.contains(&info.path)))
        .collect();
    if wanted.is_empty() {
        return out;
    }
    let max = plan.config.max_file_size;
    if info.size > max {
        // A vendored or generated file is as large as its maker made it: not worth a word.
        if !precheck_core::origin::of_path(&info.path, &plan.attributes, &plan.config.origin_globs).is_authored() {
            out.left_out = true;
            return out;
        }
        push(
            &policy,
            &mut out.findings,
            not_checked(info, format!("{} is over max-file-size ({})", size(info.size), size(max))),
        );
        return out;
    }
    // The re-runs of a semantic comparison read the same blobs over and over (a schema both sides left alone is
    // in every merged tree and side): each is read, and inflated, once for all of them.
    if let Some(memo) = plan.memo.as_deref()
        && let Some(id) = plan.source.content_id(&info.path)
    {
        let read = memo.get_or_insert(&precheck_core::memo::blob_key("blob", "", &id), || {
            plan.source.read(&info.path).map_err(|e| e.to_string())
        });
        return match &*read {
            Ok(bytes) => check_bytes(plan, info, repo, &policy, bytes, wanted, out),
            Err(e) => {
                push(&policy, &mut out.findings, not_checked(info, format!("cannot be read: {e}")));
                out
            }
        };
    }
    // Each worker thread reads into the buffer of its previous file: no fresh pages to fault in per file. A
    // task nested on the same thread (a check waiting on its own parallel work) finds the slot empty and
    // allocates its own.
    let mut bytes = READ_BUFFER.take();
    // When no check wants binary files, a binary file is read only as far as it takes to see it is binary.
    let read = if wanted.iter().any(|c| reads_binary(**c)) {
        plan.source.read_into(&info.path, &mut bytes).map(|()| true)
    } else {
        plan.source.read_text_into(&info.path, &mut bytes)
    };
    let out = match read {
        // Binary, and nothing to do with it.
        Ok(false) => out,
        Ok(true) => check_bytes(plan, info, repo, &policy, &bytes, wanted, out),
        Err(e) => {
            push(&policy, &mut out.findings, not_checked(info, format!("cannot be read: {e}")));
            out
        }
    };
    if bytes.capacity() <= KEPT_BUFFER {
        READ_BUFFER.set(bytes);
    }
    out
}

/// Whether `check_file` should see binary files: one of the check's rules reads them.
fn reads_binary(check: &dyn Check) -> bool {
    check.rules().iter().any(|r| r.reads_binary)
}

/// Whether `code`, reported by `check`'s `check_file`, is one of its rules that are not [`Scope::Repo`] (or not
/// its own rule at all).
fn declared_per_file(check: &dyn Check, code: &str) -> bool {
    match check.rules().iter().find(|r| r.code == code) {
        Some(rule) => rule.scope != Scope::Repo,
        None => true,
    }
}

thread_local! {
    static READ_BUFFER: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// A read buffer larger than this is freed after its file rather than kept for the next one.
const KEPT_BUFFER: usize = 16 << 20;

fn check_bytes(
    plan: &Plan<'_>,
    info: &FileInfo,
    repo: &RepoCtx<'_>,
    policy: &RulePolicy,
    bytes: &[u8],
    wanted: Vec<&&dyn Check>,
    mut out: FileResult,
) -> FileResult {
    let max = plan.config.max_file_size;
    if bytes.len() as u64 > max {
        let msg = format!("{} is over max-file-size ({})", size(bytes.len() as u64), size(max));
        push(policy, &mut out.findings, not_checked(info, msg));
        return out;
    }
    let sized;
    let info = if info.size == bytes.len() as u64 {
        info
    } else {
        sized = FileInfo { size: bytes.len() as u64, ..info.clone() };
        &sized
    };
    let change = plan.changes.as_ref().and_then(|c| c.get(&info.path));
    let cx = FileCtx::new(info, bytes, change, plan.config, &plan.attributes).with_repo(repo);
    let binary = cx.is_binary();
    out.left_out = !binary && !cx.origin().is_authored();
    for check in wanted {
        if binary && !reads_binary(*check) {
            continue;
        }
        let mut sink = Sink::new(policy);
        let outcome = catch_unwind(AssertUnwindSafe(|| check.check_file(&cx, &mut sink)));
        match outcome {
            Ok(()) => {
                let found = sink.into_findings();
                // A rule declared `Scope::Repo` would silently not run when it is the only one selected.
                debug_assert!(
                    found.iter().all(|f| declared_per_file(*check, f.code)),
                    "the `{}` check reported a rule from check_file that its metadata declares `Scope::Repo`",
                    check.id()
                );
                out.findings.extend(found)
            }
            Err(payload) => {
                let finding = Finding::new(
                    &pc::INTERNAL_ERROR,
                    Span::file(Arc::clone(&info.path)),
                    format!("the `{}` check failed on this file: {}", check.id(), panic_message(&*payload)),
                )
                .with_help(
                    "the file was not fully checked; please report this with the file to the precheck maintainers",
                );
                push(policy, &mut out.findings, finding);
            }
        }
    }
    // Suppression comments are searched in the decoded text, as the finishing steps read them.
    let has_directive = !binary && memchr::memmem::find(cx.text().as_bytes(), DIRECTIVE).is_some();
    if binary || (out.findings.is_empty() && !has_directive) {
        return out;
    }
    if has_directive || !plan.input.without_sources {
        let text = Arc::from(cx.text());
        out.text = Some(Kept { path: Arc::clone(&info.path), text, lines: cx.into_lines(), has_directive });
        return out;
    }
    // Nobody quotes this file and it has no suppression: keep only what the fingerprints read, not a copy of
    // the whole text (a run over a large tree would otherwise hold every file with a finding).
    let (text, index) = (cx.text(), cx.lines());
    let mut lines = LineTexts::new();
    for f in out.findings.iter().filter(|f| f.primary.path == info.path) {
        if let Some((first, last)) = fingerprint_lines(f) {
            lines.entry((first, last)).or_insert_with(|| {
                text.get(index.line_range(first).start..index.line_range(last).end).unwrap_or_default().to_string()
            });
        }
    }
    out.line_texts = Some((Arc::clone(&info.path), lines));
    out
}

/// A repository context over the head's source, or (`on_base`) over the merge-base's for the `added`
/// filter's second pass.
fn repo_ctx<'a>(
    plan: &'a Plan<'_>,
    on_base: bool,
    facts: &'a Facts,
    source: &'a dyn precheck_core::FileSource,
    attributes: &'a precheck_core::Attributes,
    checked: &'a [FileInfo],
) -> RepoCtx<'a> {
    RepoCtx {
        root: &plan.root,
        git_dir: plan.git_dir.as_deref(),
        revision: &plan.revision,
        changes: if on_base { None } else { plan.changes.as_ref() },
        base: plan.base.as_deref(),
        config: plan.config,
        source,
        checked,
        attributes,
        pushed_ref: plan.input.pushed_ref.as_deref(),
        is_base: on_base,
        cache_dir: plan.input.cache_dir.as_deref(),
        facts,
        merges: None,
        merge_run: if on_base { precheck_core::MergeRun::No } else { plan.merge_run },
    }
}

fn run_repo_checks(plan: &Plan<'_>, cx: &RepoCtx<'_>) -> Vec<Finding> {
    let policy = plan.selection.union_policy();
    plan.checks
        .par_iter()
        .filter(|c| {
            plan.owns_check(c.id())
                && !plan.repo_skipped.contains(&c.id())
                && policy.any_enabled(c.rules().iter().copied())
        })
        .flat_map_iter(|check| {
            let mut sink = Sink::new(policy);
            match catch_unwind(AssertUnwindSafe(|| check.check_repo(cx, &mut sink))) {
                Ok(()) => sink.into_findings(),
                Err(payload) => {
                    let mut sink = Sink::new(policy);
                    sink.push(Finding::new(
                        &pc::INTERNAL_ERROR,
                        Span::file("."),
                        format!("the `{}` check failed on the repository: {}", check.id(), panic_message(&*payload)),
                    ));
                    sink.into_findings()
                }
            }
        })
        .collect()
}

fn push(policy: &RulePolicy, findings: &mut Vec<Finding>, finding: Finding) {
    let mut sink = Sink::new(policy);
    sink.push(finding);
    findings.extend(sink.into_findings());
}

fn not_checked_path(path: &str, why: String) -> Finding {
    Finding::new(&pc::FILE_NOT_CHECKED, Span::file(path), format!("file not checked: {why}"))
        .with_help("rename the file, or add its directory to `exclude` in precheck.toml")
}

fn not_checked(info: &FileInfo, why: String) -> Finding {
    Finding::new(&pc::FILE_NOT_CHECKED, Span::file(Arc::clone(&info.path)), format!("file not checked: {why}"))
        .with_help("raise `max-file-size` in precheck.toml, or add the path to `exclude`")
}

/// A human size: `1.2 GB`, `10 MB`, `512 B`.
fn size(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GB", 1_000_000_000), ("MB", 1_000_000), ("kB", 1_000)];
    for (unit, factor) in UNITS {
        if bytes >= factor {
            let value = bytes as f64 / factor as f64;
            return if value.fract() < 0.05 { format!("{value:.0} {unit}") } else { format!("{value:.1} {unit}") };
        }
    }
    format!("{bytes} B")
}
