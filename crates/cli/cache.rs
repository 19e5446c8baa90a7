//! Where the binary keeps what it learns between runs (blob ids a repository-wide fact found nothing in:
//! `precheck_core::blob_cache`), handed to each run as `Input::cache_dir`: `PRECHECK_CACHE_DIR` (an absolute path; empty keeps nothing), else
//! `$XDG_CACHE_HOME/precheck`, else `~/.cache/precheck` (`%LOCALAPPDATA%\precheck` on Windows). Never inside
//! the repository being checked: a home directory that is itself a repository keeps nothing.

use std::path::{Path, PathBuf};

/// The cache directory for a run on the repository holding `dir`.
pub fn dir_for(dir: &Path) -> Option<PathBuf> {
    outside_the_repository(chosen(|name| std::env::var_os(name))?, dir)
}

/// `chosen`, unless it lies in the repository holding `dir`.
fn outside_the_repository(chosen: PathBuf, dir: &Path) -> Option<PathBuf> {
    let checked = dir.canonicalize().ok()?;
    match precheck_core::config::repository_root(&checked) {
        Some(root) if real(&chosen).starts_with(root) => None,
        _ => Some(chosen),
    }
}

/// The directory the environment names, before the repository is considered.
fn chosen(var: impl Fn(&str) -> Option<std::ffi::OsString>) -> Option<PathBuf> {
    let absolute = |v: std::ffi::OsString| Some(PathBuf::from(v)).filter(|p| p.is_absolute());
    if let Some(dir) = var("PRECHECK_CACHE_DIR") {
        return absolute(dir);
    }
    if let Some(xdg) = var("XDG_CACHE_HOME").and_then(absolute) {
        return Some(xdg.join("precheck"));
    }
    if cfg!(windows) {
        return var("LOCALAPPDATA").and_then(absolute).map(|d| d.join("precheck"));
    }
    var("HOME").and_then(absolute).map(|home| home.join(".cache").join("precheck"))
}

/// `path` with its longest existing prefix canonicalised (the directory itself may not exist yet).
fn real(path: &Path) -> PathBuf {
    for existing in path.ancestors() {
        if let Ok(real) = existing.canonicalize() {
            let rest = path.strip_prefix(existing).unwrap_or(Path::new(""));
            return real.join(rest);
        }
    }
    path.to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_chooses_and_relative_paths_keep_nothing() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| std::ffi::OsString::from(*v))
        };
        let home = PathBuf::from("/home/u/.cache/precheck");
        assert_eq!(chosen(env(&[("HOME", "/home/u")])), if cfg!(windows) { None } else { Some(home) });
        assert_eq!(chosen(env(&[("HOME", "/home/u"), ("XDG_CACHE_HOME", "/x")])), Some(PathBuf::from("/x/precheck")));
        assert_eq!(chosen(env(&[("HOME", "/home/u"), ("XDG_CACHE_HOME", "rel")])), chosen(env(&[("HOME", "/home/u")])));
        assert_eq!(chosen(env(&[("PRECHECK_CACHE_DIR", "/c"), ("XDG_CACHE_HOME", "/x")])), Some(PathBuf::from("/c")));
        assert_eq!(chosen(env(&[("PRECHECK_CACHE_DIR", ""), ("XDG_CACHE_HOME", "/x")])), None);
        assert_eq!(chosen(env(&[("PRECHECK_CACHE_DIR", "rel")])), None);
        assert_eq!(chosen(env(&[])), None);
    }

    #[test]
    fn never_inside_the_repository_being_checked() {
        let repo = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(repo.path().join(".git")).expect("mkdir");
        std::fs::create_dir(repo.path().join("src")).expect("mkdir");
        let elsewhere = tempfile::tempdir().expect("tempdir");
        let src = repo.path().join("src");
        assert_eq!(outside_the_repository(repo.path().join(".cache/precheck"), &src), None);
        assert_eq!(outside_the_repository(repo.path().join("src/x"), repo.path()), None);
        let out = elsewhere.path().join("precheck");
        assert_eq!(outside_the_repository(out.clone(), &src), Some(out.clone()));
        // Outside any repository (a plain directory), the chosen directory is used.
        assert_eq!(outside_the_repository(out.clone(), elsewhere.path()), Some(out));
    }
}
