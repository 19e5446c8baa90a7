//! `check --base REV --fetch-missing`: in a CI job's shallow clone the merge base of the target branch and
//! the checked commit is often not there (GitLab and GitHub fetch 20–50 commits, or one). Before the run,
//! fetch the target branch if it is missing and deepen the clone (`git fetch --deepen`, doubling, bounded)
//! until git finds the merge base. This is the one place precheck writes to a repository: only when asked,
//! and only what `git fetch` writes.

use std::path::Path;
use std::process::Command;

use crate::Fatal;

/// Deepening rounds: 50, 100, 200, … commits beyond the shallow boundary; ten rounds reach ~51,000.
const ROUNDS: u32 = 10;
const FIRST_DEEPEN: u32 = 50;

/// Makes sure `base` and `head` have a merge base in the repository at `dir`, fetching from the remote `base`
/// names (`origin/main` → `origin`, branch `main`; a bare branch name → `origin`).
pub fn merge_base(dir: &Path, base: &str, head: &str) -> Result<(), Fatal> {
    if has_merge_base(dir, base, head) {
        return Ok(());
    }
    let remotes = git(dir, &["remote"])?;
    let (remote, branch) = match base.split_once('/') {
        Some((remote, branch)) if remotes.lines().any(|r| r == remote) => (remote.to_string(), branch.to_string()),
        _ => ("origin".to_string(), base.to_string()),
    };
    if !remotes.lines().any(|r| r == remote) {
        return Err(Fatal(format!("--fetch-missing: no remote `{remote}` to fetch `{base}` from")));
    }
    let refspec = format!("+refs/heads/{branch}:refs/remotes/{remote}/{branch}");
    if !resolves(dir, base) {
        eprintln!("precheck: fetching {remote} {branch} (--fetch-missing)");
        git(dir, &["fetch", "--quiet", "--no-tags", &format!("--depth={FIRST_DEEPEN}"), &remote, &refspec])?;
    }
    let mut deepen = FIRST_DEEPEN;
    for _ in 0..ROUNDS {
        if has_merge_base(dir, base, head) {
            return Ok(());
        }
        if !is_shallow(dir) {
            break;
        }
        eprintln!("precheck: no merge base of `{base}` and `{head}` yet: deepening by {deepen} (--fetch-missing)");
        git(dir, &["fetch", "--quiet", "--no-tags", &format!("--deepen={deepen}"), &remote, &refspec])?;
        deepen = deepen.saturating_mul(2);
    }
    // Found, or not within the bound: then the run says what is missing.
    Ok(())
}

fn has_merge_base(dir: &Path, base: &str, head: &str) -> bool {
    run(dir, &["merge-base", base, head]).is_ok_and(|out| !out.trim().is_empty())
}

fn resolves(dir: &Path, rev: &str) -> bool {
    run(dir, &["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")]).is_ok()
}

fn is_shallow(dir: &Path) -> bool {
    run(dir, &["rev-parse", "--is-shallow-repository"]).is_ok_and(|out| out.trim() == "true")
}

/// git's stdout, or `Err` when it fails.
fn run(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git").arg("-C").arg(dir).args(args).output().map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).lines().next().unwrap_or("git failed").trim().to_string());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn git(dir: &Path, args: &[&str]) -> Result<String, Fatal> {
    run(dir, args).map_err(|why| Fatal(format!("--fetch-missing: `git {}` failed: {why}", args.join(" "))))
}
