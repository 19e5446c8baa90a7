//! The merge engines: `git merge-tree --write-tree` (the reference, run read-only over a temporary object
//! directory) and the git2 fallback, chosen per run by probing the git found (conflicts.md §4.1).

pub(crate) mod libgit2;
pub(crate) mod merge_tree;
pub(crate) mod parse;
pub(crate) mod temp;

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};

use precheck_git::Repo;

use crate::model::{Conflict, EngineKind, Verdict};

/// How to run merges.
#[derive(Clone, Debug)]
pub struct Options {
    /// The git program to probe (`[conflict] git`); `git` is the first on `PATH`.
    pub git: String,
    /// Merge unrelated histories instead of reporting them as cannot-merge (`[conflict]
    /// allow-unrelated-histories`).
    pub allow_unrelated_histories: bool,
    /// Use one long-lived `git merge-tree --stdin` process when the git supports it. Tests turn it off to
    /// force the one-process-per-pair path.
    pub use_stdin: bool,
    /// Force the git2 engine whatever git is found (tests of the fallback).
    pub force_git2: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options { git: "git".to_string(), allow_unrelated_histories: false, use_stdin: true, force_git2: false }
    }
}

/// What the probe learned about a git program.
///
/// `git version` is started when the engine is made and read only when an answer needs it: the first merge
/// (which every git since 2.38 runs the same way) is already running beside it, so the probe costs no time
/// on the path of a single pair.
#[derive(Debug)]
pub struct GitInfo {
    pub program: String,
    /// The running `git version`, until [`GitInfo::probed`] reads it.
    pending: Mutex<Option<Child>>,
    probed: OnceLock<Probed>,
}

/// The version a probe read.
#[derive(Debug, Default)]
struct Probed {
    /// `2.47.3`; `None` when the program could not be run.
    version: Option<String>,
    /// Major, minor, patch of `version`.
    numeric: (u32, u32, u32),
}

impl GitInfo {
    fn probed(&self) -> &Probed {
        self.probed.get_or_init(|| {
            let child = self.pending.lock().ok().and_then(|mut c| c.take());
            let Some(out) = child.and_then(|c| c.wait_with_output().ok()) else { return Probed::default() };
            match parse_version(&String::from_utf8_lossy(&out.stdout)) {
                Some((version, numeric)) => Probed { version: Some(version), numeric },
                None => Probed::default(),
            }
        })
    }

    /// `2.47.3`; `None` when the program could not be run or did not say its version.
    pub fn version(&self) -> Option<String> {
        self.probed().version.clone()
    }

    /// Major, minor, patch of [`GitInfo::version`]; zeros when unknown.
    pub fn numeric(&self) -> (u32, u32, u32) {
        self.probed().numeric
    }

    /// `merge-tree --write-tree` works (git ≥ 2.38).
    pub fn write_tree(&self) -> bool {
        self.numeric() >= (2, 38, 0)
    }

    /// `merge-tree --stdin` works (git ≥ 2.39).
    pub fn stdin(&self) -> bool {
        self.numeric() >= (2, 39, 0)
    }

    /// `--merge-base` and the stdin `<base> --` form work (git ≥ 2.40).
    pub fn merge_base(&self) -> bool {
        self.numeric() >= (2, 40, 0)
    }
}

/// The probe of a git program, started once per process and program (see [`GitInfo`]).
pub fn probe(program: &str, git_dir: &std::path::Path) -> Arc<GitInfo> {
    type Probes = Mutex<HashMap<(String, std::path::PathBuf), Arc<GitInfo>>>;
    static PROBES: OnceLock<Probes> = OnceLock::new();
    let probes = PROBES.get_or_init(Default::default);
    let key = (program.to_string(), git_dir.to_path_buf());
    let Ok(mut map) = probes.lock() else { return Arc::new(start_probe(program, git_dir)) };
    Arc::clone(map.entry(key).or_insert_with(|| Arc::new(start_probe(program, git_dir))))
}

fn start_probe(program: &str, git_dir: &std::path::Path) -> GitInfo {
    let child = git_command(program, git_dir)
        .arg("version")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok();
    GitInfo { program: program.to_string(), pending: Mutex::new(child), probed: OnceLock::new() }
}

/// `git version 2.39.5` → ("2.39.5", (2, 39, 5)); tolerates suffixes such as `.windows.1` or ` (Apple Git-146)`.
pub fn parse_version(text: &str) -> Option<(String, (u32, u32, u32))> {
    let rest = text.trim().strip_prefix("git version ")?;
    let version = rest.split_whitespace().next()?;
    let mut parts = version.split('.').map(|p| p.parse::<u32>().ok());
    let major = parts.next()??;
    let minor = parts.next()??;
    let patch = parts.next().flatten().unwrap_or(0);
    let clean = version.split('.').take(3).collect::<Vec<_>>().join(".");
    Some((clean, (major, minor, patch)))
}

/// A git command with a clean, stable environment: messages in the C locale, and nothing inherited that
/// would point git at another index, work tree or object store.
pub(crate) fn git_command(program: &str, git_dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(program);
    cmd.env("GIT_DIR", git_dir)
        .current_dir(git_dir)
        .env("LC_ALL", "C")
        .env("LANGUAGE", "C")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_COMMON_DIR")
        .env_remove("GIT_NAMESPACE")
        .env_remove("GIT_OBJECT_DIRECTORY")
        .env_remove("GIT_ALTERNATE_OBJECT_DIRECTORIES")
        .env_remove("GIT_QUARANTINE_PATH")
        .env_remove("GIT_PREFIX")
        .stderr(Stdio::piped());
    cmd
}

/// How many threads (or git processes) to spread `units` independent pieces of work over: one per core,
/// never more than there are pieces.
pub(crate) fn workers(units: usize) -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).min(units).max(1)
}

/// Runs `f` on contiguous chunks of `items` on up to `parts` threads and concatenates the results in order;
/// a chunk whose thread panicked gets `fallback` for each of its items.
pub(crate) fn in_parallel<T: Sync, R: Send>(
    items: &[T],
    parts: usize,
    f: impl Fn(&[T]) -> Vec<R> + Sync,
    fallback: impl Fn(&T) -> R,
) -> Vec<R> {
    if parts <= 1 || items.len() <= 1 {
        return f(items);
    }
    let size = items.len().div_ceil(parts);
    std::thread::scope(|scope| {
        let f = &f;
        let running: Vec<_> = items.chunks(size).map(|chunk| (chunk, scope.spawn(move || f(chunk)))).collect();
        running
            .into_iter()
            .flat_map(|(chunk, thread)| thread.join().unwrap_or_else(|_| chunk.iter().map(&fallback).collect()))
            .collect()
    })
}

/// One merge to run: `theirs` (the source) into `ours` (the target), commit ids.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Job {
    pub ours: String,
    pub theirs: String,
    /// An explicit merge base (`--merge-base`), else git computes them.
    pub base: Option<String>,
}

/// What an engine says about one job.
#[derive(Clone, Debug)]
pub(crate) struct Outcome {
    pub verdict: Verdict,
    pub engine: EngineKind,
    pub conflicts: Vec<Conflict>,
    pub auto_merged: Vec<String>,
    pub conflicted_paths: Vec<String>,
}

impl Outcome {
    pub fn failed(engine: EngineKind, why: String) -> Outcome {
        Outcome {
            verdict: Verdict::Failed(why),
            engine,
            conflicts: Vec::new(),
            auto_merged: Vec::new(),
            conflicted_paths: Vec::new(),
        }
    }
}

/// The engine of a run: the probed git and the options.
pub(crate) struct Engine<'r> {
    pub repo: &'r Repo,
    pub options: Options,
    pub git: Arc<GitInfo>,
}

impl<'r> Engine<'r> {
    pub fn new(repo: &'r Repo, options: Options) -> Engine<'r> {
        let git = probe(&options.git, repo.git_dir());
        Engine { repo, options, git }
    }

    pub fn git_version(&self) -> Option<String> {
        self.git.version()
    }

    /// Which engine judges `job`.
    pub fn kind_for(&self, job: &Job) -> EngineKind {
        if self.options.force_git2 || !self.git.write_tree() || (job.base.is_some() && !self.git.merge_base()) {
            EngineKind::Git2
        } else {
            EngineKind::GitMergeTree
        }
    }

    /// Runs every job, in order; one outcome per job.
    pub fn run(&self, jobs: &[Job]) -> Vec<Outcome> {
        // The common case, one merge without an explicit base, starts before the probe has answered: every
        // git with `--write-tree` runs it the same way, and an older git (or none) only rejects the command,
        // so its answer is dropped and git2 merges instead.
        if let [job] = jobs {
            if job.base.is_none() && !self.options.force_git2 {
                let outcome = merge_tree::run(self, &[job]);
                if self.git.write_tree() {
                    return outcome;
                }
                return libgit2::run(self, &[job]);
            }
        }
        let kinds: Vec<EngineKind> = jobs.iter().map(|j| self.kind_for(j)).collect();
        let git_jobs: Vec<&Job> =
            jobs.iter().zip(&kinds).filter(|(_, k)| **k == EngineKind::GitMergeTree).map(|(j, _)| j).collect();
        let git2_jobs: Vec<&Job> =
            jobs.iter().zip(&kinds).filter(|(_, k)| **k == EngineKind::Git2).map(|(j, _)| j).collect();
        let mut from_git = merge_tree::run(self, &git_jobs).into_iter();
        let mut from_git2 = libgit2::run(self, &git2_jobs).into_iter();
        kinds
            .iter()
            .map(|k| {
                let next = if *k == EngineKind::GitMergeTree { from_git.next() } else { from_git2.next() };
                next.unwrap_or_else(|| Outcome::failed(*k, "the engine gave no answer for this merge".to_string()))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_versions() {
        assert_eq!(parse_version("git version 2.47.3\n"), Some(("2.47.3".into(), (2, 47, 3))));
        assert_eq!(parse_version("git version 2.39.5.windows.1"), Some(("2.39.5".into(), (2, 39, 5))));
        assert_eq!(parse_version("git version 2.39.3 (Apple Git-146)"), Some(("2.39.3".into(), (2, 39, 3))));
        assert_eq!(parse_version("git version 2.40"), Some(("2.40".into(), (2, 40, 0))));
        assert_eq!(parse_version("hg 6"), None);
    }
}
