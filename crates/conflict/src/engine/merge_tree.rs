//! The reference engine: `git merge-tree --write-tree -z --messages`, one long-lived `--stdin` process per
//! batch when the git supports it, one process per pair otherwise, all writing into one temporary object
//! directory per batch. Conflicted blobs are read (through git2, with the temporary directory as an extra
//! alternate) before the directory is deleted.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::Stdio;

use super::parse::{self, ParseError, RawMerge, StageEntry};
use super::{Engine, Job, Outcome, Share, in_parallel, workers};
use precheck_git::scratch::{ChildGuard, TempObjects};

/// A `--stdin` batch is split over several git processes only when each gets at least this many merges.
const MIN_STDIN_BATCH: usize = 8;
use crate::kind::{self, MessageType};
use crate::lines::head_side_ranges;
use crate::model::{Conflict, EngineKind, Verdict};

/// Runs `jobs` through git; one outcome per job, in order.
pub(crate) fn run(engine: &Engine<'_>, jobs: &[&Job]) -> Vec<Outcome> {
    if jobs.is_empty() {
        return Vec::new();
    }
    let temp = match TempObjects::new(engine.repo.common_dir()) {
        Ok(t) => t,
        Err(e) => {
            let why = format!("cannot create a temporary object directory: {e}");
            return jobs.iter().map(|_| Outcome::failed(EngineKind::GitMergeTree, why.clone())).collect();
        }
    };
    // Merges are independent: a batch is split over one git process per core (each `--stdin` process also
    // pays its start-up, so small batches stay whole).
    let stdin = jobs.len() > 1 && engine.options.use_stdin && engine.git.stdin();
    let parts = if stdin { workers(jobs.len() / MIN_STDIN_BATCH) } else { workers(jobs.len()) };
    let failed = |_: &&Job| Err("the git process for this merge stopped unexpectedly".to_string());
    // Told of each merge as it comes, a semantic comparison starts on the pairs of the last branches too
    // (their checks parse other files) rather than on the first branches' alone: litemall's 20-branch matrix
    // with semantic conflicts took 102 ms in runs and 106 ms dealt, the textual one 45 and 40 ms.
    let share = if engine.observer.is_some() { Share::Runs } else { Share::Dealt };
    let raws = in_parallel(
        jobs,
        parts,
        share,
        |chunk| {
            if stdin { batch(engine, &temp, chunk) } else { chunk.iter().map(|job| one(engine, &temp, job)).collect() }
        },
        failed,
    );
    // Declared after `temp`, so it is dropped (and its files closed) before the directory is deleted. Clean
    // merges read no blob, so they open no reader.
    let unclean = raws.iter().any(|r| r.as_ref().is_ok_and(|r| !r.clean || !r.entries.is_empty()));
    let reader = if unclean { Reader::open(engine.repo.git_dir(), temp.path()) } else { None };
    let outcomes = raws
        .into_iter()
        .zip(jobs)
        .map(|(raw, job)| match raw {
            Ok(raw) => build(raw, job, reader.as_ref()),
            Err(why) => Outcome::failed(EngineKind::GitMergeTree, why),
        })
        .collect();
    drop(reader);
    engine.keep(temp);
    outcomes
}

fn base_args(engine: &Engine<'_>, cmd: &mut std::process::Command) {
    if engine.options.allow_unrelated_histories {
        cmd.arg("--allow-unrelated-histories");
    }
}

/// One merge in its own process, with `beside` run on this thread while git merges.
pub(crate) fn run_one_beside<R>(engine: &Engine<'_>, job: &Job, beside: impl FnOnce() -> R) -> (Outcome, R) {
    let temp = match TempObjects::new(engine.repo.common_dir()) {
        Ok(t) => t,
        Err(e) => {
            let why = format!("cannot create a temporary object directory: {e}");
            return (Outcome::failed(EngineKind::GitMergeTree, why), beside());
        }
    };
    // Declared after `temp`: a panic in `beside` reaps git before the directory is deleted.
    let mut running = start_one(engine, &temp, job).map(|child| ChildGuard(Some(child)));
    // Opened while git merges, in case the merge does not go clean and its blobs are read.
    let handle = git2::Repository::open(engine.repo.git_dir()).ok();
    let beside = beside();
    let raw = match &mut running {
        Ok(guard) => match guard.0.take() {
            Some(child) => finish_one(engine, child),
            None => Err("git merge-tree did not start".to_string()),
        },
        Err(why) => Err(why.clone()),
    };
    let outcome = match raw {
        Ok(raw) => {
            let reader = if raw.clean && raw.entries.is_empty() {
                None
            } else {
                match handle {
                    Some(handle) => Reader::over(handle, temp.path()),
                    None => Reader::open(engine.repo.git_dir(), temp.path()),
                }
            };
            build(raw, job, reader.as_ref())
        }
        Err(why) => Outcome::failed(EngineKind::GitMergeTree, why),
    };
    drop(running);
    engine.keep(temp);
    (outcome, beside)
}

/// One process for one pair.
fn one(engine: &Engine<'_>, temp: &TempObjects, job: &Job) -> Result<RawMerge, String> {
    let child = start_one(engine, temp, job)?;
    let raw = finish_one(engine, child)?;
    engine.made(job, &raw, temp.path());
    Ok(raw)
}

fn start_one(engine: &Engine<'_>, temp: &TempObjects, job: &Job) -> Result<std::process::Child, String> {
    let mut cmd = engine.git.command();
    // The objects git writes go to a directory deleted after the run: compressing them is wasted time (a
    // sixth of a merge's).
    cmd.args(["-c", "core.looseCompression=0", "merge-tree", "--write-tree", "-z", "--messages"]);
    base_args(engine, &mut cmd);
    if let Some(base) = &job.base {
        cmd.arg(format!("--merge-base={base}"));
    }
    cmd.arg(&job.ours).arg(&job.theirs).stdin(Stdio::null()).stdout(Stdio::piped());
    temp.apply(&mut cmd);
    cmd.spawn().map_err(|e| format!("cannot run `{}`: {e}", engine.git.program))
}

fn finish_one(engine: &Engine<'_>, child: std::process::Child) -> Result<RawMerge, String> {
    let out = child.wait_with_output().map_err(|e| format!("cannot run `{}`: {e}", engine.git.program))?;
    let clean = match out.status.code() {
        Some(0) => true,
        Some(1) => false,
        _ => return Err(git_error(&out.stderr)),
    };
    parse::merge(&mut parse::fields(&out.stdout), false, clean).map_err(describe)
}

fn describe(e: ParseError) -> String {
    match e {
        ParseError::Truncated => "git merge-tree stopped in the middle of its output".to_string(),
        ParseError::Malformed(what) => format!("unexpected git merge-tree output: {what}"),
    }
}

/// The last `fatal:`/`error:` line of git's stderr, without the prefix.
fn git_error(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let line = text
        .lines()
        .rev()
        .find(|l| l.starts_with("fatal: ") || l.starts_with("error: "))
        .or_else(|| text.lines().rev().find(|l| !l.trim().is_empty()))
        .unwrap_or("git merge-tree failed without a message");
    line.trim_start_matches("fatal: ").trim_start_matches("error: ").trim().to_string()
}

/// All jobs through `--stdin` processes. One bad line aborts a batch (conflicts.md §4): the job at which the
/// output stops is reported as failed and a new process continues after it.
fn batch(engine: &Engine<'_>, temp: &TempObjects, jobs: &[&Job]) -> Vec<Result<RawMerge, String>> {
    let mut results = Vec::with_capacity(jobs.len());
    while results.len() < jobs.len() {
        let rest = &jobs[results.len()..];
        match batch_once(engine, temp, rest) {
            Ok((done, failure)) => {
                let finished = done.len() == rest.len();
                results.extend(done.into_iter().map(Ok));
                if !finished {
                    results.push(Err(failure));
                }
            }
            Err(why) => {
                // The process cannot even start: every remaining job fails the same way.
                results.extend(rest.iter().map(|_| Err(why.clone())));
            }
        }
    }
    results
}

type BatchResult = Result<(Vec<RawMerge>, String), String>;

fn batch_once(engine: &Engine<'_>, temp: &TempObjects, jobs: &[&Job]) -> BatchResult {
    let mut cmd = engine.git.command();
    cmd.args(["-c", "core.looseCompression=0", "merge-tree", "--stdin", "--messages"]);
    base_args(engine, &mut cmd);
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped());
    temp.apply(&mut cmd);
    let child = cmd.spawn().map_err(|e| format!("cannot run `{}`: {e}", engine.git.program))?;
    let mut guard = ChildGuard(Some(child));
    let Some(child) = guard.child() else { return Err("git merge-tree did not start".to_string()) };
    let (Some(mut stdin), Some(stdout), Some(mut stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        return Err("git merge-tree's pipes are missing".to_string());
    };
    let mut input = Vec::with_capacity(jobs.len() * 84);
    for job in jobs {
        match &job.base {
            Some(base) => input.extend_from_slice(format!("{base} -- {} {}\n", job.ours, job.theirs).as_bytes()),
            None => input.extend_from_slice(format!("{} {}\n", job.ours, job.theirs).as_bytes()),
        }
    }
    std::thread::scope(|scope| {
        // Writing and draining stderr run beside the reader so no pipe can fill up and stall git. A write
        // error means git stopped early; the reader sees where.
        scope.spawn(move || {
            let _ = stdin.write_all(&input);
        });
        let err_reader = scope.spawn(move || {
            let mut buf = Vec::new();
            let _ = stderr.read_to_end(&mut buf);
            buf
        });
        let mut out = BufReader::with_capacity(64 * 1024, stdout);
        let mut next = || {
            let mut field = Vec::new();
            match out.read_until(0, &mut field) {
                Ok(0) | Err(_) => None,
                Ok(_) if field.last() == Some(&0) => {
                    field.pop();
                    Some(field)
                }
                Ok(_) => None,
            }
        };
        let mut done = Vec::with_capacity(jobs.len());
        let mut failure = None;
        for job in jobs {
            match parse::merge(&mut next, true, false) {
                Ok(raw) => {
                    engine.made(job, &raw, temp.path());
                    done.push(raw);
                }
                Err(ParseError::Truncated) => break,
                Err(e) => {
                    failure = Some(describe(e));
                    break;
                }
            }
        }
        if done.len() < jobs.len() {
            if let Some(child) = guard.child() {
                let _ = child.kill();
            }
        }
        let stderr = err_reader.join().unwrap_or_default();
        drop(guard);
        Ok((done, failure.unwrap_or_else(|| git_error(&stderr))))
    })
}

/// Reads blobs of the merged trees (in the temporary directory) and of the repository.
struct Reader {
    repo: git2::Repository,
}

impl Reader {
    fn open(git_dir: &Path, temp: &Path) -> Option<Reader> {
        Reader::over(git2::Repository::open(git_dir).ok()?, temp)
    }

    /// A reader on a repository handle opened earlier (while git merged), with the temporary directory added.
    fn over(repo: git2::Repository, temp: &Path) -> Option<Reader> {
        repo.odb().ok()?.add_disk_alternate(&temp.to_string_lossy()).ok()?;
        Some(Reader { repo })
    }

    /// A blob, read in place (a conflicted lock file is hundreds of kilobytes: no copy).
    fn blob(&self, oid: &str) -> Option<git2::Blob<'_>> {
        self.repo.find_blob(git2::Oid::from_str(oid).ok()?).ok()
    }

    fn blob_at(&self, tree: &str, path: &str) -> Option<git2::Blob<'_>> {
        let tree = self.repo.find_tree(git2::Oid::from_str(tree).ok()?).ok()?;
        let entry = tree.get_path(Path::new(path)).ok()?;
        self.repo.find_blob(entry.id()).ok()
    }

    fn commit_has(&self, commit: &str, path: &str) -> bool {
        let Ok(oid) = git2::Oid::from_str(commit) else { return false };
        self.repo
            .find_commit(oid)
            .and_then(|c| c.tree())
            .is_ok_and(|t| t.get_path(Path::new(path)).is_ok_and(|e| e.kind() != Some(git2::ObjectType::Tree)))
    }
}

/// Turns git's records into per-path conflicts: the kind from the message type, the path as the source side
/// names it, other names as labels, content-conflict lines from the conflicted blobs.
fn build(raw: RawMerge, job: &Job, reader: Option<&Reader>) -> Outcome {
    let mut stages: BTreeMap<&str, Vec<&StageEntry>> = BTreeMap::new();
    for e in &raw.entries {
        stages.entry(e.path.as_str()).or_default().push(e);
    }
    let stage_pattern = |path: &str| -> String {
        let mut s: Vec<u8> = stages.get(path).map(|es| es.iter().map(|e| b'0' + e.stage).collect()).unwrap_or_default();
        s.sort_unstable();
        s.dedup();
        String::from_utf8(s).unwrap_or_default()
    };
    let mut conflicts: BTreeMap<String, Conflict> = BTreeMap::new();
    let mut covered: BTreeSet<String> = BTreeSet::new();
    let mut auto: BTreeSet<String> = BTreeSet::new();
    for m in &raw.messages {
        let (kind, subkind) = match kind::classify(&m.git_type, &m.text) {
            MessageType::AutoMerging => {
                auto.extend(m.paths.iter().cloned());
                continue;
            }
            MessageType::Info => continue,
            MessageType::Conflict { kind, subkind } => (kind, subkind),
        };
        // The source side is stage 3 (the second branch); else a name the source commit has; else git's first.
        let has_theirs = |p: &&String| stages.get(p.as_str()).is_some_and(|es| es.iter().any(|e| e.stage == 3));
        let primary = m
            .paths
            .iter()
            .find(has_theirs)
            .or_else(|| m.paths.iter().find(|p| reader.is_some_and(|r| r.commit_has(&job.theirs, p))))
            .or_else(|| m.paths.first())
            .cloned()
            .unwrap_or_default();
        covered.extend(m.paths.iter().cloned());
        // Every path of the message with unmerged entries is a conflicted path of its own (git's
        // `--name-only` list), with this message's kind; the source side's name stands for the conflict. A
        // conflict git resolved by moving a file aside (file/directory) has no unmerged entry: it is
        // reported at the source side's name alone.
        let mut at: Vec<&String> = m.paths.iter().filter(|p| stages.contains_key(p.as_str())).collect();
        if !at.contains(&&primary) {
            at.push(&primary);
        }
        for path in at {
            let candidate = Conflict {
                path: path.clone(),
                kind,
                lines: Vec::new(),
                message: m.text.lines().next().unwrap_or_default().to_string(),
                subkind: subkind.clone(),
                stages: stage_pattern(path),
                other_paths: m.paths.iter().filter(|p| *p != path).cloned().collect(),
                primary: *path == primary,
            };
            match conflicts.get_mut(path) {
                Some(existing) => {
                    if candidate.kind.specificity() < existing.kind.specificity() {
                        let mut merged_others = existing.other_paths.clone();
                        merged_others.extend(candidate.other_paths.iter().cloned());
                        let primary = existing.primary || candidate.primary;
                        *existing = Conflict { other_paths: merged_others, primary, ..candidate };
                    } else {
                        existing.primary |= candidate.primary;
                        existing.other_paths.extend(candidate.other_paths);
                    }
                    existing.other_paths.sort();
                    existing.other_paths.dedup();
                }
                None => {
                    conflicts.insert(path.clone(), candidate);
                }
            }
        }
    }
    // Unmerged entries no message explains: classified by their stage pattern, kept raw.
    for path in stages.keys() {
        if !covered.contains(*path) && !conflicts.contains_key(*path) {
            let pattern = stage_pattern(path);
            conflicts.insert(
                path.to_string(),
                Conflict {
                    path: path.to_string(),
                    kind: kind::from_stages(&pattern),
                    lines: Vec::new(),
                    message: format!("unmerged entries (stages {pattern}) in {path}"),
                    subkind: None,
                    stages: pattern,
                    other_paths: Vec::new(),
                    primary: true,
                },
            );
        }
    }
    if let Some(reader) = reader {
        for c in conflicts.values_mut().filter(|c| c.kind.has_marker_lines()) {
            c.lines = content_lines(reader, &raw.tree, &stages, &c.path);
        }
    }
    let conflicted_paths: Vec<String> = stages.keys().map(|p| p.to_string()).collect();
    let auto_merged =
        auto.into_iter().filter(|p| !conflicts.contains_key(p) && !stages.contains_key(p.as_str())).collect();
    let verdict = if raw.clean && conflicts.is_empty() { Verdict::Clean } else { Verdict::Conflicted };
    Outcome {
        verdict,
        engine: EngineKind::GitMergeTree,
        conflicts: conflicts.into_values().collect(),
        auto_merged,
        conflicted_paths,
        tree: Some(raw.tree.clone()),
    }
}

fn content_lines(
    reader: &Reader,
    tree: &str,
    stages: &BTreeMap<&str, Vec<&StageEntry>>,
    path: &str,
) -> Vec<crate::model::LineRange> {
    let Some(theirs) = stages.get(path).and_then(|es| es.iter().find(|e| e.stage == 3)) else { return Vec::new() };
    let (Some(merged), Some(head)) = (reader.blob_at(tree, path), reader.blob(&theirs.oid)) else {
        return Vec::new();
    };
    if precheck_core::text::is_binary(head.content()) {
        return Vec::new();
    }
    head_side_ranges(merged.content(), head.content())
}

// Kept for the unit tests of the kind mapping on whole outputs.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::parse::Message;
    use crate::kind::ConflictKind;

    #[test]
    fn binary_wins_over_contents_and_rename_paths_pick_the_source_side() {
        let e = |stage, path: &str| StageEntry { mode: 0o100644, oid: "0".repeat(40), stage, path: path.into() };
        let msg = |paths: &[&str], t: &str, m: &str| Message {
            paths: paths.iter().map(|p| p.to_string()).collect(),
            git_type: t.into(),
            text: m.into(),
        };
        let raw = RawMerge {
            clean: false,
            tree: "0".repeat(40),
            entries: vec![e(1, "b.bin"), e(2, "b.bin"), e(3, "b.bin"), e(1, "old"), e(2, "ours"), e(3, "theirs")],
            messages: vec![
                msg(&["b.bin"], "CONFLICT (binary)", "warning: Cannot merge binary files: b.bin (ours vs. theirs)"),
                msg(&["b.bin"], "Auto-merging", "Auto-merging b.bin"),
                msg(&["b.bin"], "CONFLICT (contents)", "CONFLICT (content): Merge conflict in b.bin"),
                msg(&["old", "ours", "theirs"], "CONFLICT (rename/rename)", "CONFLICT (rename/rename): …"),
                msg(&["x"], "Auto-merging", "Auto-merging x"),
                msg(&["n"], "CONFLICT (brand new)", "CONFLICT (brand new): n"),
            ],
        };
        let job = Job { ours: "a".into(), theirs: "b".into(), base: None };
        let out = build(raw, &job, None);
        let got: Vec<(&str, ConflictKind)> = out.conflicts.iter().map(|c| (c.path.as_str(), c.kind)).collect();
        // Every unmerged path of the rename/rename is listed with its kind; the source side stands for it.
        assert_eq!(
            got,
            vec![
                ("b.bin", ConflictKind::Binary),
                ("n", ConflictKind::Other),
                ("old", ConflictKind::RenameRename),
                ("ours", ConflictKind::RenameRename),
                ("theirs", ConflictKind::RenameRename),
            ]
        );
        let primary: Vec<&str> = out.conflicts.iter().filter(|c| c.primary).map(|c| c.path.as_str()).collect();
        assert_eq!(primary, ["b.bin", "n", "theirs"]);
        assert_eq!(out.conflicts[4].other_paths, vec!["old", "ours"]);
        assert_eq!(out.auto_merged, vec!["x"]);
        assert_eq!(out.conflicted_paths, vec!["b.bin", "old", "ours", "theirs"]);
        assert_eq!(out.verdict, Verdict::Conflicted);
    }
}
