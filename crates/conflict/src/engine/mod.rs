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
    /// Count the merge bases of merges that do not go clean ([`crate::MergeResult::merge_bases`], a
    /// criss-cross note in the human, Markdown and HTML output). Off, the count is `None` and no history is
    /// walked beside the merges: JSON does not show it.
    pub count_merge_bases: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            git: "git".to_string(),
            allow_unrelated_histories: false,
            use_stdin: true,
            force_git2: false,
            count_merge_bases: true,
        }
    }
}

/// What the probe learned about a git program.
///
/// `git version` is started only once a merge is already running (or when an answer needs it first): every
/// git since 2.38 runs a single merge the same way, so the probe costs no time on the path of one pair.
#[derive(Debug)]
pub struct GitInfo {
    /// The program as configured (`[conflict] git`), for messages.
    pub program: String,
    /// Where it was found on `PATH`, so that each process start skips the search.
    path: std::path::PathBuf,
    git_dir: std::path::PathBuf,
    pending: Mutex<Probe>,
    probed: OnceLock<Probed>,
}

/// The `git version` process.
#[derive(Debug)]
enum Probe {
    NotStarted,
    Running(Child),
    Read,
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
    /// Starts `git version` unless it has been started already.
    pub fn start(&self) {
        let Ok(mut pending) = self.pending.lock() else { return };
        if matches!(*pending, Probe::NotStarted) {
            let child = git_command(&self.path, &self.git_dir)
                .arg("version")
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn();
            *pending = match child {
                Ok(child) => Probe::Running(child),
                Err(_) => Probe::Read,
            };
        }
    }

    fn probed(&self) -> &Probed {
        self.probed.get_or_init(|| {
            self.start();
            let child = self.pending.lock().ok().and_then(|mut p| match std::mem::replace(&mut *p, Probe::Read) {
                Probe::Running(child) => Some(child),
                _ => None,
            });
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

    /// A command running this git on the repository (see [`git_command`]).
    pub(crate) fn command(&self) -> Command {
        git_command(&self.path, &self.git_dir)
    }
}

/// The probe of a git program, made once per process, program and repository (see [`GitInfo`]).
pub fn probe(program: &str, git_dir: &std::path::Path) -> Arc<GitInfo> {
    type Probes = Mutex<HashMap<(String, std::path::PathBuf), Arc<GitInfo>>>;
    static PROBES: OnceLock<Probes> = OnceLock::new();
    let probes = PROBES.get_or_init(Default::default);
    let key = (program.to_string(), git_dir.to_path_buf());
    let made = || {
        Arc::new(GitInfo {
            program: program.to_string(),
            path: locate(program),
            git_dir: git_dir.to_path_buf(),
            pending: Mutex::new(Probe::NotStarted),
            probed: OnceLock::new(),
        })
    };
    let Ok(mut map) = probes.lock() else { return made() };
    Arc::clone(map.entry(key).or_insert_with(made))
}

/// `program` as the first executable of that name on `PATH` (what starting it would search for each
/// process); unchanged when it names a path or is not found (starting it then fails as it would).
fn locate(program: &str) -> std::path::PathBuf {
    let named = std::path::Path::new(program);
    if named.components().count() != 1 {
        return named.to_path_buf();
    }
    let found = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path).map(|dir| dir.join(program)).find(|candidate| is_executable(candidate))
    });
    // Absolute: git runs in the git directory, where a relative `PATH` entry would point elsewhere.
    found.and_then(|p| std::path::absolute(p).ok()).unwrap_or_else(|| named.to_path_buf())
}

#[cfg(unix)]
fn is_executable(path: &std::path::Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(_path: &std::path::Path) -> bool {
    // PATHEXT and friends: leave the search to the system.
    false
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
pub(crate) fn git_command(program: &std::path::Path, git_dir: &std::path::Path) -> Command {
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
    if let Some(tunables) = malloc_tunables(std::env::var_os("GLIBC_TUNABLES")) {
        cmd.env("GLIBC_TUNABLES", tunables);
    }
    cmd
}

/// The heap-top size glibc may keep free before giving memory back ([`malloc_tunables`]).
const GIT_TRIM_THRESHOLD: &str = "glibc.malloc.trim_threshold=33554432";

/// `GLIBC_TUNABLES` for the git processes: the user's, plus a 32 MiB trim threshold unless they set one.
///
/// By default glibc returns the top of the heap to the system as soon as 128 KiB of it is free, and git's
/// merge frees and reallocates enough to pay for that (a `brk` and fresh zeroed pages) over and over: a fifth
/// of a merge's time (benches/README.md). A process that lives for a few merges gains nothing from giving
/// memory back early. The answer is the same; other C libraries ignore the variable. `None`: leave it as is.
fn malloc_tunables(current: Option<std::ffi::OsString>) -> Option<std::ffi::OsString> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    match current {
        Some(current) if current.to_string_lossy().contains("glibc.malloc.trim_threshold") => None,
        Some(current) if !current.is_empty() => {
            let mut joined = current;
            joined.push(":");
            joined.push(GIT_TRIM_THRESHOLD);
            Some(joined)
        }
        _ => Some(GIT_TRIM_THRESHOLD.into()),
    }
}

/// How many threads (or git processes) to spread `units` independent pieces of work over: one per core,
/// never more than there are pieces.
pub(crate) fn workers(units: usize) -> usize {
    if units <= 1 {
        // Asking the system (cgroup files) costs more than the answer is worth here.
        return 1;
    }
    std::thread::available_parallelism().map_or(1, |n| n.get()).min(units)
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

    /// The number of merge bases of each job (`None`: the history could not be walked, e.g. a shallow clone),
    /// from `git merge-base --all` (which reads the commit-graph and its generation numbers), one process per
    /// job spread over the cores; from libgit2 when there is no usable git.
    pub fn merge_bases(&self, jobs: &[&Job]) -> Vec<Option<usize>> {
        if jobs.is_empty() {
            return Vec::new();
        }
        if self.options.force_git2 || self.git.version().is_none() {
            return self
                .repo
                .with_git2(|git| jobs.iter().map(|j| libgit2::merge_base_count(git, j)).collect())
                .unwrap_or_else(|_| jobs.iter().map(|_| None).collect());
        }
        in_parallel(
            jobs,
            workers(jobs.len()),
            |chunk| {
                chunk
                    .iter()
                    .map(|job| {
                        let out = self
                            .git
                            .command()
                            .args(["merge-base", "--all", &job.ours, &job.theirs])
                            .stdin(Stdio::null())
                            .output()
                            .ok()?;
                        match out.status.code() {
                            Some(0) => Some(out.stdout.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count()),
                            // No common ancestor: unrelated histories.
                            Some(1) => Some(0),
                            _ => None,
                        }
                    })
                    .collect()
            },
            |_| None,
        )
    }

    /// Runs every job (one outcome per job, in order) and `beside` while git merges: its time is hidden
    /// behind the merges'.
    pub fn run_beside<R: Send>(&self, jobs: &[Job], beside: impl FnOnce() -> R + Send) -> (Vec<Outcome>, R) {
        // The common case, one merge without an explicit base, starts before the probe has answered: every
        // git with `--write-tree` runs it the same way, and an older git (or none) only rejects the command,
        // so its answer is dropped and git2 merges instead.
        if let [job] = jobs {
            if job.base.is_none() && !self.options.force_git2 {
                let (outcome, beside) = merge_tree::run_one_beside(self, job, || {
                    self.git.start();
                    beside()
                });
                if self.git.write_tree() {
                    return (vec![outcome], beside);
                }
                return (libgit2::run(self, &[job]), beside);
            }
        }
        std::thread::scope(|scope| {
            let running = scope.spawn(beside);
            let outcomes = self.run(jobs);
            let beside = running.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (outcomes, beside)
        })
    }

    /// Runs every job, in order; one outcome per job.
    pub fn run(&self, jobs: &[Job]) -> Vec<Outcome> {
        if let [job] = jobs {
            if job.base.is_none() && !self.options.force_git2 {
                return self.run_beside(jobs, || ()).0;
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

    #[test]
    #[cfg(target_os = "linux")]
    fn git_gets_a_trim_threshold_unless_the_user_chose_one() {
        let ours = Some(std::ffi::OsString::from(GIT_TRIM_THRESHOLD));
        assert_eq!(malloc_tunables(None), ours);
        assert_eq!(malloc_tunables(Some("".into())), ours);
        assert_eq!(
            malloc_tunables(Some("glibc.malloc.arena_max=2".into())),
            Some(format!("glibc.malloc.arena_max=2:{GIT_TRIM_THRESHOLD}").into())
        );
        assert_eq!(malloc_tunables(Some("glibc.malloc.trim_threshold=0".into())), None);
    }
}
