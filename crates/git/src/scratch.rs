//! Staying read-only while git writes: `merge-tree --write-tree` writes the merged blobs and trees, so every
//! git process of a run writes into a temporary object directory that has the repository's objects as an alternate
//! (conflicts.md §3). The guards delete the directory and reap the processes even on error or panic.

use std::path::{Path, PathBuf};
use std::process::{Child, Command};

/// A temporary object directory, removed on drop (also while unwinding).
pub struct TempObjects {
    dir: tempfile::TempDir,
    alternates: String,
}

impl TempObjects {
    /// A fresh directory in the system temp dir (never inside the repository) whose alternates are the
    /// repository's object store (the common dir's, which linked worktrees share) and, inside a pre-receive
    /// hook, the quarantine object directory git passes down.
    pub fn new(common_dir: &Path) -> std::io::Result<TempObjects> {
        // A memory file system when there is one: git writes loose objects there and deleting them costs no
        // disk I/O (on a file system mounted with `discard`, unlinking is a synchronous TRIM).
        let shm = Path::new("/dev/shm");
        let mut builder = tempfile::Builder::new();
        builder.prefix("precheck-merge-");
        let dir = match shm.is_dir().then(|| builder.tempdir_in(shm)) {
            Some(Ok(dir)) => dir,
            _ => builder.tempdir()?,
        };
        let mut dirs: Vec<PathBuf> = vec![absolute(&common_dir.join("objects"))];
        if let Some(quarantine) = std::env::var_os("GIT_OBJECT_DIRECTORY") {
            dirs.push(absolute(Path::new(&quarantine)));
        }
        if let Some(extra) = std::env::var_os("GIT_ALTERNATE_OBJECT_DIRECTORIES") {
            dirs.extend(std::env::split_paths(&extra).map(|p| absolute(&p)));
        }
        let alternates = dirs.iter().map(|d| quote(&d.to_string_lossy())).collect::<Vec<_>>().join(":");
        Ok(TempObjects { dir, alternates })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Points `cmd` at the temporary directory for writes and at the repository for reads.
    pub fn apply(&self, cmd: &mut Command) {
        cmd.env("GIT_OBJECT_DIRECTORY", self.dir.path()).env("GIT_ALTERNATE_OBJECT_DIRECTORIES", &self.alternates);
    }
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// git reads `GIT_ALTERNATE_OBJECT_DIRECTORIES` as a `:`-separated list whose entries may be C-quoted; quote
/// the entries that need it.
fn quote(path: &str) -> String {
    if !path.contains([':', '"', '\\', '\n']) {
        return path.to_string();
    }
    let mut out = String::from("\"");
    for c in path.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A child process that is killed and reaped when dropped, so a panic or an early return leaves no git
/// process writing into a directory about to be deleted.
pub struct ChildGuard(pub Option<Child>);

impl ChildGuard {
    pub fn child(&mut self) -> Option<&mut Child> {
        self.0.as_mut()
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            if matches!(child.try_wait(), Ok(None)) {
                let _ = child.kill();
            }
            let _ = child.wait();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(quote("/r/.git/objects"), "/r/.git/objects");
        assert_eq!(quote("/a:b/objects"), "\"/a:b/objects\"");
        assert_eq!(quote("/a\"b"), "\"/a\\\"b\"");
    }

    #[test]
    fn the_directory_is_removed_on_drop_and_on_panic() {
        let t = TempObjects::new(Path::new("/nonexistent/.git")).expect("tempdir");
        let path = t.path().to_path_buf();
        assert!(path.is_dir());
        drop(t);
        assert!(!path.exists());
        let kept = std::sync::Mutex::new(None);
        let result = std::panic::catch_unwind(|| {
            let t = TempObjects::new(Path::new("/nonexistent/.git")).expect("tempdir");
            *kept.lock().unwrap_or_else(|e| e.into_inner()) = Some(t.path().to_path_buf());
            panic!("boom");
        });
        assert!(result.is_err());
        let path = kept.lock().unwrap_or_else(|e| e.into_inner()).clone().expect("path recorded");
        assert!(!path.exists());
    }
}
