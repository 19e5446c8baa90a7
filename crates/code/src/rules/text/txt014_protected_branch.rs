//! TXT014 protected-branch.

use precheck_core::{Finding, RepoCtx, RuleMeta, Severity, Sink, Span};

use crate::config::Settings;

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT014",
    "protected-branch",
    Severity::Error,
    "a push straight to a protected remote branch (`main`, `master`, or configured patterns)",
    r#"## What it does
From the pre-push hook, reports a push whose *remote* ref is a protected branch: `main` and `master` by
default, or the names and globs of `protected-branches` (`release/*`). The local branch name does not
matter: `git push origin HEAD:main` is caught too.

## Why
Pushing to the integration branch skips review and the merge-request gate, which is where every other
check of precheck runs.

## Example
```text
git push origin HEAD:main
```

## Use instead
Push a feature branch and open a merge request:
```text
git push origin HEAD:feature/retry-timeout
```
"#,
)
.repo();

pub fn check_repo(cx: &RepoCtx<'_>, settings: &Settings, out: &mut Sink) {
    let Some(pushed) = cx.pushed_ref else { return };
    // The base run must not report it too, or the `added` filter would drop the finding.
    if cx.is_base || !out.enabled(&RULE) {
        return;
    }
    let branch = pushed.strip_prefix("refs/heads/").unwrap_or(pushed);
    if !settings.protected.is_match(branch) && !settings.protected.is_match(pushed) {
        return;
    }
    out.emit(&RULE, || {
        Finding::new(&RULE, Span::file("."), format!("push to protected branch `{branch}`"))
            .with_help("push a feature branch and open a merge request instead")
    });
}
