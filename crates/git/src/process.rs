//! Starting git: the program found once on `PATH`, its version probed once per process and repository,
//! and every process run with a clean, stable environment. precheck lets git answer where git's behaviour is
//! the reference (the merge itself, merge bases, conflicted paths), in batches; this module is the one place
//! that knows how to start it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};

/// What the probe learned about a git program.
///
/// `git version` is started only once a merge is already running (or when an answer needs it first): every
/// git since 2.38 runs a single merge the same way, so the probe costs no time on the path of one pair.
#[derive(Debug)]
pub struct GitInfo {
    /// The program as configured (`[conflict] git`), for messages.
    pub program: String,
    /// Where it was found on `PATH`, so that each process start skips the search.
    path: PathBuf,
    git_dir: PathBuf,
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
    pub fn command(&self) -> Command {
        git_command(&self.path, &self.git_dir)
    }
}

/// The probe of a git program, made once per process, program and repository (see [`GitInfo`]).
pub fn probe(program: &str, git_dir: &Path) -> Arc<GitInfo> {
    type Probes = Mutex<HashMap<(String, PathBuf), Arc<GitInfo>>>;
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
fn locate(program: &str) -> PathBuf {
    let named = Path::new(program);
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
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(_path: &Path) -> bool {
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
pub fn git_command(program: &Path, git_dir: &Path) -> Command {
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

/// The hooks directory git runs the hooks of the repository at `dir` from, as git says (`core.hooksPath`
/// honoured, absolute); the message of git's error otherwise.
pub fn hooks_dir(dir: &Path) -> Result<PathBuf, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["rev-parse", "--path-format=absolute", "--git-path", "hooks"])
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        let err = String::from_utf8_lossy(&output.stderr);
        return Err(err.lines().next().unwrap_or("not a git repository").trim().to_string());
    }
    Ok(PathBuf::from(String::from_utf8_lossy(&output.stdout).trim()))
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
