//! Throw-away git repositories for end-to-end tests, built with the real git CLI.

#![allow(dead_code, reason = "each test binary uses a different part of this module")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

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
