//! Throw-away repositories built with the git CLI: one repository holds every scenario, each on its own
//! orphan base with branches `ours_<name>` (the target) and `theirs_<name>` (the source).

#![allow(dead_code, reason = "each test binary uses a different part")]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The newest git (first on PATH) and Debian's /usr/bin/git, when present.
pub fn gits() -> Vec<String> {
    let mut out = vec!["git".to_string()];
    if Path::new("/usr/bin/git").exists() {
        let v = |g: &str| Command::new(g).arg("version").output().map(|o| o.stdout).unwrap_or_default();
        if v("/usr/bin/git") != v("git") {
            out.push("/usr/bin/git".to_string());
        }
    }
    out
}

pub struct Repo {
    pub dir: tempfile::TempDir,
}

impl Repo {
    pub fn new() -> Repo {
        let repo = Repo { dir: tempfile::tempdir().expect("tempdir") };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn git(&self, args: &[&str]) -> String {
        git_in(self.path(), args)
    }

    pub fn write(&self, path: &str, content: &[u8]) {
        let full = self.path().join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        let _ = std::fs::remove_file(&full);
        std::fs::write(full, content).expect("write");
    }

    pub fn rm(&self, path: &str) {
        let full = self.path().join(path);
        if full.is_dir() {
            std::fs::remove_dir_all(full).expect("rm -r");
        } else {
            std::fs::remove_file(full).expect("rm");
        }
    }

    pub fn mv(&self, from: &str, to: &str) {
        if let Some(parent) = self.path().join(to).parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        self.git(&["mv", from, to]);
    }

    pub fn symlink(&self, path: &str, target: &str) {
        let full = self.path().join(path);
        let _ = std::fs::remove_file(&full);
        std::os::unix::fs::symlink(target, full).expect("symlink");
    }

    pub fn chmod_x(&self, path: &str) {
        use std::os::unix::fs::PermissionsExt;
        let full = self.path().join(path);
        std::fs::set_permissions(full, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }

    /// Stages everything, then the given gitlinks (`path`, commit), and commits.
    pub fn commit_with(&self, message: &str, gitlinks: &[(&str, &str)]) -> String {
        self.git(&["add", "-A"]);
        for (path, id) in gitlinks {
            self.git(&["update-index", "--add", "--cacheinfo", &format!("160000,{id},{path}")]);
        }
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
        self.git(&["rev-parse", "HEAD"]).trim().to_string()
    }

    pub fn commit(&self, message: &str) -> String {
        self.commit_with(message, &[])
    }

    /// A new orphan branch with an empty tree and working directory.
    pub fn orphan(&self, branch: &str) {
        self.git(&["switch", "-q", "--orphan", branch]);
        self.git(&["clean", "-qfdx"]);
    }

    /// Builds scenario `name`: `base` on an orphan branch, then `ours` and `theirs` on top of it.
    pub fn scenario(&self, name: &str, base: impl Fn(&Repo), ours: impl Fn(&Repo), theirs: impl Fn(&Repo)) {
        self.orphan(&format!("base_{name}"));
        base(self);
        self.commit(&format!("base {name}"));
        self.git(&["switch", "-q", "-c", &format!("ours_{name}"), &format!("base_{name}")]);
        ours(self);
        self.commit(&format!("ours {name}"));
        self.git(&["switch", "-q", "-c", &format!("theirs_{name}"), &format!("base_{name}")]);
        theirs(self);
        self.commit(&format!("theirs {name}"));
    }
}

pub fn git_in(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", "-c", "protocol.file.allow=always"])
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

/// Numbered lines `from..=to`, one per line.
pub fn lines(from: u32, to: u32) -> Vec<u8> {
    (from..=to).map(|i| format!("line {i}\n")).collect::<String>().into_bytes()
}

/// `lines(1, n)` with line `at` replaced by `text`.
pub fn lines_with(n: u32, at: u32, text: &str) -> Vec<u8> {
    (1..=n).map(|i| if i == at { format!("{text}\n") } else { format!("line {i}\n") }).collect::<String>().into_bytes()
}

/// What `git merge-tree` itself says about a pair: the verdict, the conflicted paths and the messages.
#[derive(Debug)]
pub struct GitSays {
    /// 0 clean, 1 conflicted, other: could not merge.
    pub status: i32,
    pub paths: Vec<String>,
    /// (type, message, paths)
    pub messages: Vec<(String, String, Vec<String>)>,
}

/// Runs `git merge-tree --write-tree -z --name-only --messages` with `git` on a throw-away object directory.
pub fn git_says(git: &str, repo: &Path, ours: &str, theirs: &str, extra: &[&str]) -> GitSays {
    let tmp = tempfile::tempdir().expect("tempdir");
    let objects: PathBuf = repo.join(".git/objects");
    let out = Command::new(git)
        .current_dir(repo)
        .env("GIT_OBJECT_DIRECTORY", tmp.path())
        .env("GIT_ALTERNATE_OBJECT_DIRECTORIES", objects)
        .env("LC_ALL", "C")
        .args(["merge-tree", "--write-tree", "-z", "--name-only", "--messages"])
        .args(extra)
        .args([ours, theirs])
        .output()
        .expect("run git merge-tree");
    let status = out.status.code().unwrap_or(-1);
    let mut says = GitSays { status, paths: Vec::new(), messages: Vec::new() };
    if status > 1 {
        return says;
    }
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut fields = text.split('\0').skip(1); // the tree
    for f in fields.by_ref() {
        if f.is_empty() {
            break;
        }
        says.paths.push(f.to_string());
    }
    while let Some(n) = fields.next() {
        let Ok(n) = n.parse::<usize>() else { break };
        let paths: Vec<String> = fields.by_ref().take(n).map(str::to_string).collect();
        let t = fields.next().unwrap_or_default().to_string();
        let m = fields.next().unwrap_or_default().trim_end().to_string();
        says.messages.push((t, m, paths));
    }
    says.paths.sort();
    says.paths.dedup();
    says
}
