//! The configuration every command loads, validated against the built-in checks (unknown keys and rule codes
//! are errors). Where it comes from, first match wins:
//!
//! 1. `--config PATH` (a server-wide file for a hook, or CI's own);
//! 2. the precheck.toml committed at the root of the revision being checked (`check --head REV`, a pushed tip
//!    in the pre-receive hook): a commit is judged by the rules it carries, and a bare repository has no
//!    other;
//! 3. the working tree's, found from the starting directory up to the repository's root;
//! 4. none: the defaults.

use std::path::Path;

use precheck_core::Config;
use precheck_core::config::FILE_NAME;

use crate::Fatal;

/// What the command knows about where its configuration may come from.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sources<'a> {
    /// `--config PATH`.
    pub explicit: Option<&'a Path>,
    /// The revision whose committed precheck.toml counts (before the working tree's).
    pub committed_at: Option<&'a str>,
    /// The repository of `dir`, when the command has opened it already (opening one reads git's configuration
    /// files and the refs again).
    pub repo: Option<&'a precheck_git::Repo>,
}

/// Loads the configuration for a command started in `dir` and validates it against the built-in checks.
pub fn load(dir: &Path, sources: Sources<'_>) -> Result<Config, Fatal> {
    let config = match sources.explicit {
        Some(path) => {
            tracing::debug!("configuration: {} (--config)", path.display());
            Config::load(path, &path.display().to_string())?
        }
        None => match committed(dir, sources.committed_at, sources.repo)? {
            Some(config) => config,
            None => from_work_tree(dir)?,
        },
    };
    let checks = precheck_checks::builtin();
    let rules = precheck_checks::all_rules(&checks);
    config.validate(&checks, &rules)?;
    Ok(config)
}

/// The precheck.toml at the root of `rev`'s tree, if `rev` is given and has one.
fn committed(dir: &Path, rev: Option<&str>, repo: Option<&precheck_git::Repo>) -> Result<Option<Config>, Fatal> {
    let Some(rev) = rev else { return Ok(None) };
    let opened;
    let repo = match repo {
        Some(repo) => repo,
        None => {
            opened = precheck_git::Repo::discover(dir)?;
            &opened
        }
    };
    let commit = repo.resolve(rev)?;
    let Some(bytes) = repo.read_blob_at(&commit, FILE_NAME)? else { return Ok(None) };
    let name = format!("{FILE_NAME} (committed at {rev})");
    let text = String::from_utf8(bytes).map_err(|_| Fatal(format!("{name}: not UTF-8 text")))?;
    tracing::debug!("configuration: {name}");
    Ok(Some(Config::parse(&text, &name)?))
}

/// precheck.toml from `dir` upward to the repository's root, or the defaults.
fn from_work_tree(dir: &Path) -> Result<Config, Fatal> {
    let start = dir.canonicalize().map_err(|e| Fatal(format!("cannot open directory {}: {e}", dir.display())))?;
    Ok(match Config::find(&start) {
        Some(path) => {
            tracing::debug!("configuration: {}", path.display());
            Config::load(&path, FILE_NAME)?
        }
        None => Config::default(),
    })
}
