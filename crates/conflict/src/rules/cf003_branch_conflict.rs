//! CF003 branch-conflict: the head conflicts with another open branch of the release train.

use precheck_core::{RuleMeta, Severity};

pub static RULE: RuleMeta = RuleMeta::new(
    "conflict",
    "CF003",
    "branch-conflict",
    Severity::Warning,
    "the head conflicts with another open branch (`[conflict] release-branches`, or the matrix)",
    r#"## What it does
Merges the head with every open branch named by `[conflict] release-branches` (globs over local and
remote-tracking branch names, such as `release/*` or `origin/feature/*`; the head itself and the target are
skipped) and reports each path that would conflict, naming the other branch. Pairs whose changed paths cannot
meet are skipped without merging. `precheck conflicts --matrix` shows the same for every pair of a release
train.

## Why
Two branches that each merge cleanly into the target can still conflict with each other: whichever merges
second must rebase, often on release day. Seeing it while both are open lets the authors coordinate.

## Example
```toml
[conflict]
release-branches = ["origin/release/*"]
```

```text
warning[CF003]: `pom.xml` conflicts with open branch `origin/release/payments` (content)
```

## Use instead
Talk to the other branch's owner: agree who merges first, or move the shared change into its own small
branch that both rebase onto.
"#,
)
.repo();

/// One finding per conflicted path and branch, fingerprinted by (rule, path, kind, branch).
pub(crate) fn finding(
    cx: &crate::gate::Context<'_>,
    m: &crate::model::MergeResult,
    c: &crate::model::Conflict,
) -> precheck_core::Finding {
    let message =
        format!("`{}` conflicts with open branch `{}` ({}): {}{}", c.path, m.target, c.kind, c.message, cx.suffix(m));
    crate::gate::at_conflict(&RULE, cx, c, message)
        .with_help(format!("coordinate with the owners of `{}`: whichever branch merges second must rebase", m.target))
        .with_fingerprint_key(format!("{}\0{}", c.kind, m.target).as_bytes())
}
