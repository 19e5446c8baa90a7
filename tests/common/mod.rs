//! Throw-away git repositories for end-to-end tests, built with the real git CLI.

#![allow(dead_code, reason = "each test binary uses a different part of this module")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use xxhash_rust::xxh3::xxh3_128;

/// A repository in a temporary directory, removed on drop.
pub struct TestRepo {
    pub dir: tempfile::TempDir,
}

impl TestRepo {
    /// An empty repository on branch `main`.
    pub fn new() -> TestRepo {
        let dir = tempfile::tempdir().expect("tempdir");
        let repo = TestRepo { dir };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs git in the repository with a fixed identity and dates; panics with git's stderr on failure.
    pub fn git(&self, args: &[&str]) -> String {
        git_in(self.path(), args)
    }

    pub fn write(&self, path: &str, content: &str) -> &Self {
        self.write_bytes(path, content.as_bytes())
    }

    pub fn write_bytes(&self, path: &str, content: &[u8]) -> &Self {
        let full = self.path().join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(full, content).expect("write");
        self
    }

    /// Stages everything and commits.
    pub fn commit(&self, message: &str) -> String {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
        self.git(&["rev-parse", "HEAD"]).trim().to_string()
    }

    /// The `precheck` binary, run in the repository.
    pub fn precheck(&self) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::cargo_bin("precheck").expect("binary");
        // Nothing kept between runs unless a test asks (tests/check.rs: blob ids of the XML scans).
        cmd.current_dir(self.path()).env("NO_COLOR", "1").env_remove("GIT_DIR").env("PRECHECK_CACHE_DIR", "");
        cmd
    }

    /// Copies the files under `from` (a fixtures folder) into the repository at `to`.
    pub fn copy_in(&self, from: &Path, to: &str) -> &Self {
        for entry in std::fs::read_dir(from).expect("read fixtures") {
            let entry = entry.expect("entry");
            let target = if to.is_empty() {
                entry.file_name().to_string_lossy().into_owned()
            } else {
                format!("{to}/{}", entry.file_name().to_string_lossy())
            };
            if entry.file_type().expect("type").is_dir() {
                self.copy_in(&entry.path(), &target);
            } else {
                self.write_bytes(&target, &std::fs::read(entry.path()).expect("read fixture"));
            }
        }
        self
    }

    /// A hash of every file under the repository, `.git` included (read-only checks must not change it).
    pub fn snapshot(&self) -> BTreeMap<PathBuf, u128> {
        snapshot(self.path())
    }
}

pub fn git_in(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"])
        .args(args)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .expect("run git");
    assert!(out.status.success(), "git {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Hashes every file below `root` (following nothing: symlinks are hashed as their target text).
pub fn snapshot(root: &Path) -> BTreeMap<PathBuf, u128> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            let Ok(meta) = std::fs::symlink_metadata(&p) else { continue };
            if meta.is_dir() {
                stack.push(p.clone());
                out.insert(p, 0);
            } else if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&p).map(|t| t.display().to_string()).unwrap_or_default();
                out.insert(p, xxh3_128(target.as_bytes()));
            } else {
                let bytes = std::fs::read(&p).unwrap_or_default();
                out.insert(p, xxh3_128(&bytes) ^ u128::from(meta.len()));
            }
        }
    }
    out
}

/// A small conflict block.
pub const MARKERS: &str = "<<<<<<< HEAD\nleft\n=======\nright\n>>>>>>> topic\n";

/// Runs precheck in `repo` with `args`, under GNU time when it is there. Returns the output and the peak RSS
/// in KiB (`None` without GNU time).
pub fn run_measured(repo: &TestRepo, args: &[&str]) -> (Output, Option<u64>) {
    let bin = assert_cmd::cargo::cargo_bin("precheck");
    let time = Path::new("/usr/bin/time");
    let gnu_time = time.exists()
        && Command::new(time)
            .args(["-f", "%M", "true"])
            .output()
            .is_ok_and(|o| o.status.success() && String::from_utf8_lossy(&o.stderr).trim().parse::<u64>().is_ok());
    let mut cmd = if gnu_time {
        let mut c = Command::new(time);
        c.args(["-f", "peak-rss-kb %M"]).arg(&bin);
        c
    } else {
        Command::new(&bin)
    };
    cmd.current_dir(repo.path()).env("NO_COLOR", "1").env("PRECHECK_CACHE_DIR", "").env_remove("GIT_DIR").args(args);
    let out = cmd.output().expect("run precheck");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let rss = stderr.lines().rev().find_map(|l| l.strip_prefix("peak-rss-kb ")?.trim().parse().ok());
    (out, rss)
}

/// The bound a run keeps on hostile input (issue 22): 200 MB plus the largest file it reads.
pub const RSS_BASE_KB: u64 = 200 * 1024;

/// Exit 0 or 1, a summary line, and [`RSS_BASE_KB`] plus the largest file checked.
pub fn assert_reported(out: &Output, rss: Option<u64>, largest_checked_kb: u64) {
    assert_reported_within(out, rss, RSS_BASE_KB + largest_checked_kb);
}

/// Exit 0 or 1, a summary line, and a peak RSS of at most `bound_kb`.
pub fn assert_reported_within(out: &Output, rss: Option<u64>, bound_kb: u64) {
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "exit {:?}\n{stdout}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.lines().last().is_some_and(|l| l.starts_with("Found ") || l.starts_with("No findings")), "{stdout}");
    if let Some(kb) = rss {
        assert!(kb <= bound_kb, "peak RSS {kb} KiB, over {bound_kb} KiB");
    }
}
