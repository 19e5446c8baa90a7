//! The merge engines: `git merge-tree --write-tree` (the reference, run read-only over a temporary object
//! directory) and the git2 fallback, chosen per run by probing the git found (conflicts.md §4.1).

pub(crate) mod libgit2;
pub(crate) mod merge_tree;
pub(crate) mod parse;
pub(crate) mod temp;

use std::collections::HashMap;
use std::process::{Command, Stdio};
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
#[derive(Debug)]
pub struct GitInfo {
    pub program: String,
    /// `2.47.3`; `None` when the program could not be run.
    pub version: Option<String>,
    /// Major, minor, patch of `version`.
    pub numeric: (u32, u32, u32),
    /// `merge-tree --write-tree` works (git ≥ 2.38).
    pub write_tree: bool,
    /// `merge-tree --stdin` works (git ≥ 2.39); probed only when a batch of several merges asks.
    stdin: OnceLock<bool>,
    /// `--merge-base` works (git ≥ 2.40); probed only when a merge with an explicit base asks.
    merge_base: OnceLock<bool>,
    git_dir: std::path::PathBuf,
}

impl GitInfo {
    /// Whether `merge-tree --stdin` works: a dry run with empty input exits 0 and prints nothing when
    /// supported ("unknown option" otherwise). A single merge never needs it, which spares a process.
    pub fn stdin(&self) -> bool {
        *self.stdin.get_or_init(|| {
            if !self.write_tree {
                return false;
            }
            let dry = git_command(&self.program, &self.git_dir)
                .args(["merge-tree", "--stdin"])
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .output();
            dry.is_ok_and(|o| o.status.success() && o.stdout.is_empty())
        })
    }

    /// Whether `--merge-base` (and the stdin `<base> --` form) is supported: a dry run that older gits reject
    /// with "unknown option" and newer ones with "cannot be used together".
    pub fn merge_base(&self) -> bool {
        *self.merge_base.get_or_init(|| {
            if !self.write_tree {
                return false;
            }
            let out = git_command(&self.program, &self.git_dir)
                .args(["merge-tree", "--stdin", "--merge-base=HEAD"])
                .stdin(Stdio::null())
                .output();
            match out {
                Ok(out) => !String::from_utf8_lossy(&out.stderr).contains("unknown option"),
                Err(_) => false,
            }
        })
    }
}

/// The probe of a git program, done once per process and program.
pub fn probe(program: &str, git_dir: &std::path::Path) -> Arc<GitInfo> {
    type Probes = Mutex<HashMap<(String, std::path::PathBuf), Arc<GitInfo>>>;
    static PROBES: OnceLock<Probes> = OnceLock::new();
    let probes = PROBES.get_or_init(Default::default);
    let key = (program.to_string(), git_dir.to_path_buf());
    if let Some(info) = probes.lock().ok().and_then(|m| m.get(&key).cloned()) {
        return info;
    }
    let info = Arc::new(probe_now(program, git_dir));
    if let Ok(mut map) = probes.lock() {
        map.insert(key, Arc::clone(&info));
    }
    info
}

fn probe_now(program: &str, git_dir: &std::path::Path) -> GitInfo {
    let mut info = GitInfo {
        program: program.to_string(),
        version: None,
        numeric: (0, 0, 0),
        write_tree: false,
        stdin: OnceLock::new(),
        merge_base: OnceLock::new(),
        git_dir: git_dir.to_path_buf(),
    };
    let Ok(out) = git_command(program, git_dir).arg("version").stdin(Stdio::null()).output() else { return info };
    let text = String::from_utf8_lossy(&out.stdout);
    let Some((version, numeric)) = parse_version(&text) else { return info };
    info.version = Some(version);
    info.numeric = numeric;
    info.write_tree = numeric >= (2, 38, 0);
    info
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
        self.git.version.clone()
    }

    /// Which engine judges `job`.
    pub fn kind_for(&self, job: &Job) -> EngineKind {
        if self.options.force_git2 || !self.git.write_tree || (job.base.is_some() && !self.git.merge_base()) {
            EngineKind::Git2
        } else {
            EngineKind::GitMergeTree
        }
    }

    /// Runs every job, in order; one outcome per job.
    pub fn run(&self, jobs: &[Job]) -> Vec<Outcome> {
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
