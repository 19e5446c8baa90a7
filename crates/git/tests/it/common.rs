//! Throw-away repositories built with the real `git`, and git's own answers to compare with.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use precheck_core::{ChangeKind, FileChange, LineSet};
use tempfile::TempDir;

/// A `git` command with a fixed identity, no user or system configuration, and fixed dates.
pub fn git_command(dir: &Path, tick: u32) -> Command {
    let date = format!("@{} +0000", 1_700_000_000u64 + u64::from(tick) * 60);
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Test Author")
        .env("GIT_AUTHOR_EMAIL", "author@example.invalid")
        .env("GIT_COMMITTER_NAME", "Test Committer")
        .env("GIT_COMMITTER_EMAIL", "committer@example.invalid")
        .env("GIT_AUTHOR_DATE", &date)
        .env("GIT_COMMITTER_DATE", &date)
        .env("LC_ALL", "C")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_OBJECT_DIRECTORY")
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "tag.gpgsign=false",
            "-c",
            "core.quotepath=false",
            "-c",
            "diff.renames=true",
            "-c",
            "advice.detachedHead=false",
            "-c",
            "protocol.file.allow=always",
        ]);
    cmd
}

/// Runs git in `dir`, asserts success, returns stdout.
pub fn git_in(dir: &Path, tick: u32, args: &[&str]) -> String {
    let out = git_command(dir, tick).args(args).output().expect("git runs");
    assert!(out.status.success(), "git {args:?} failed in {}: {}", dir.display(), String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("git prints UTF-8 here")
}

/// A repository in a temporary directory.
pub struct TestRepo {
    /// Holds the directory alive; the repository is `root/repo`, siblings may be created beside it.
    _tmp: TempDir,
    pub path: PathBuf,
    tick: Cell<u32>,
}

impl TestRepo {
    /// `git init` of a new repository with branch `main`.
    pub fn init() -> TestRepo {
        let tmp = tempfile::tempdir().expect("tempdir");
        // Canonical, so paths compare equal to what libgit2 reports.
        let root = tmp.path().canonicalize().expect("canonical tempdir");
        let path = root.join("repo");
        std::fs::create_dir(&path).expect("mkdir");
        let repo = TestRepo { _tmp: tmp, path, tick: Cell::new(0) };
        repo.git(&["init", "-q"]);
        repo
    }

    /// The canonical temporary directory that holds the repository.
    pub fn root(&self) -> PathBuf {
        self.path.parent().expect("repo has a parent").to_path_buf()
    }

    pub fn git(&self, args: &[&str]) -> String {
        git_in(&self.path, self.tick.get(), args)
    }

    /// Runs git in another directory with this repository's clock.
    pub fn git_at(&self, dir: &Path, args: &[&str]) -> String {
        git_in(dir, self.tick.get(), args)
    }

    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let p = self.path.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir -p");
        }
        std::fs::write(p, contents).expect("write");
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path.join(rel)).expect("rm");
    }

    pub fn symlink(&self, target: &str, rel: &str) {
        std::os::unix::fs::symlink(target, self.path.join(rel)).expect("symlink");
    }

    pub fn chmod(&self, rel: &str, mode: u32) {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(self.path.join(rel), std::fs::Permissions::from_mode(mode)).expect("chmod");
    }

    /// Stages everything and commits; returns the new commit's id. Each commit is a minute after the last.
    pub fn commit(&self, message: &str) -> String {
        self.tick.set(self.tick.get() + 1);
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
        self.rev_parse("HEAD")
    }

    /// Like [`TestRepo::commit`], in another repository (a clone beside this one), on the same clock.
    pub fn commit_in(&self, dir: &Path, message: &str) -> String {
        self.tick.set(self.tick.get() + 1);
        self.git_at(dir, &["add", "-A"]);
        self.git_at(dir, &["commit", "-q", "--allow-empty", "-m", message]);
        self.git_at(dir, &["rev-parse", "HEAD"]).trim().to_string()
    }

    pub fn rev_parse(&self, rev: &str) -> String {
        self.git(&["rev-parse", "--verify", "-q", &format!("{rev}^{{commit}}")]).trim().to_string()
    }
}

/// `n` numbered lines, each ending in a newline.
pub fn lines(n: u32, prefix: &str) -> String {
    (1..=n).map(|i| format!("{prefix} line {i}\n")).collect()
}

pub fn line_set(ranges: &[(u32, u32)]) -> LineSet {
    let mut set = LineSet::new();
    for &(s, e) in ranges {
        set.insert(s, e);
    }
    set
}

pub fn change(kind: ChangeKind, old_mode: u32, new_mode: u32, ranges: &[(u32, u32)]) -> FileChange {
    FileChange { kind, old_mode, new_mode, added_lines: line_set(ranges) }
}

pub fn renamed(from: &str) -> ChangeKind {
    ChangeKind::Renamed { from: from.to_string() }
}

/// What git itself says changed, for `git diff <args>`: kinds and modes from `--raw`, added lines from the
/// `@@` headers of `-U0`, in the same shape as a change set.
pub fn git_changes(repo: &TestRepo, args: &[&str]) -> BTreeMap<String, FileChange> {
    let mut raw_args = vec!["diff", "--raw", "-z", "--no-abbrev", "-M"];
    raw_args.extend_from_slice(args);
    let raw = repo.git(&raw_args);
    let mut files = BTreeMap::new();
    let mut fields = raw.split('\0').filter(|s| !s.is_empty());
    while let Some(meta) = fields.next() {
        let meta: Vec<&str> = meta.trim_start_matches(':').split(' ').collect();
        let old_mode = u32::from_str_radix(meta[0], 8).expect("octal mode");
        let new_mode = u32::from_str_radix(meta[1], 8).expect("octal mode");
        let status = meta[4];
        let first = fields.next().expect("path").to_string();
        let (path, kind) = match &status[..1] {
            "A" => (first, ChangeKind::Added),
            "D" => (first, ChangeKind::Deleted),
            "M" => (first, ChangeKind::Modified),
            "T" => (first, ChangeKind::TypeChanged),
            "R" => (fields.next().expect("rename target").to_string(), ChangeKind::Renamed { from: first }),
            other => panic!("unexpected status {other}"),
        };
        files.insert(path, FileChange { kind, old_mode, new_mode, added_lines: LineSet::new() });
    }

    let mut patch_args = vec!["diff", "-U0", "--no-color", "--no-ext-diff", "--no-textconv", "-M"];
    patch_args.extend_from_slice(args);
    let patch = repo.git(&patch_args);
    let mut current: Option<String> = None;
    let mut in_header = false;
    for line in patch.lines() {
        if line.starts_with("diff --git ") {
            in_header = true;
            current = None;
        } else if in_header && line.starts_with("+++ ") {
            current = line.strip_prefix("+++ b/").map(str::to_string);
        } else if line.starts_with("@@ ") {
            in_header = false;
            let plus = line.split(' ').nth(2).expect("+c,d").trim_start_matches('+');
            let (start, count) = match plus.split_once(',') {
                Some((s, c)) => (s.parse::<u32>().expect("start"), c.parse::<u32>().expect("count")),
                None => (plus.parse::<u32>().expect("start"), 1),
            };
            if count > 0 {
                let path = current.as_ref().expect("hunk after +++");
                files.get_mut(path).expect("raw lists the path").added_lines.insert(start, start + count - 1);
            }
        }
    }
    files
}

/// Every file path under the objects directory, to prove nothing was written there.
pub fn object_files(git_dir: &Path) -> Vec<(PathBuf, std::time::SystemTime)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, std::time::SystemTime)>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                let mtime = e.metadata().and_then(|m| m.modified()).expect("mtime");
                out.push((p, mtime));
            }
        }
    }
    let mut out = Vec::new();
    walk(&git_dir.join("objects"), &mut out);
    out.sort();
    out
}
