//! CF002 merge-conflict: the head does not merge cleanly into the target (conflicts.md §8).

use precheck_core::{RuleMeta, Severity};

pub static RULE: RuleMeta = RuleMeta::new(
    "conflict",
    "CF002",
    "merge-conflict",
    Severity::Error,
    "the head does not merge cleanly into the target (`--base`): one finding per conflicted path",
    r#"## What it does
With `precheck check --base TARGET`, merges the head into TARGET the way `git merge` would — with git's own
merge machinery (`git merge-tree --write-tree`, merge-ort), read-only, nothing written to the repository — and
reports every path that would conflict, with its kind (`content`, `add-add`, `modify-delete`,
`rename-delete`, `rename-rename`, `rename-collision`, `file-directory`, `distinct-types`, `distinct-modes`,
`binary`, `directory-rename`, `submodule`, `other`), the stage pattern and git's own message. A content
conflict points at the head's lines inside each conflicting hunk. When the head is the working tree or the
index, the merge uses the `HEAD` commit: uncommitted changes are not part of the prediction.

The message names the engine and git version that judged. Without git 2.38 or newer, precheck falls back to
libgit2, which differs from git in a few documented cases (see `precheck-conflict`'s docs).

## Why
A merge that stops with conflicts is found on release day otherwise, by whoever merges last, under time
pressure. Knowing before the merge request is opened leaves time to rebase or coordinate.

## Example
The target changed a line the head also changed:

```text
error[CF002]: merging into `main` conflicts in `src/app.properties` (content, stages 123):
    CONFLICT (content): Merge conflict in src/app.properties
```

## Use instead
Merge or rebase the target into the branch and resolve the conflict there (`git merge main`, or
`git rebase main`), then push again. To see every conflicted path at once: `precheck conflicts --into main`.
"#,
)
.repo();

/// One finding per conflicted path, fingerprinted by (rule, path, kind) so unrelated pushes keep it.
pub(crate) fn finding(
    cx: &crate::gate::Context<'_>,
    m: &crate::model::MergeResult,
    c: &crate::model::Conflict,
) -> precheck_core::Finding {
    let stages = if c.stages.is_empty() { String::new() } else { format!(", stages {}", c.stages) };
    let message = format!(
        "merging into `{}` conflicts in `{}` ({}{stages}): {}{}",
        m.target,
        c.path,
        c.kind,
        c.message,
        cx.suffix(m)
    );
    crate::gate::at_conflict(&RULE, cx, c, message)
        .with_help(format!("merge or rebase `{}` into the branch and resolve the conflict before merging", m.target))
        .with_fingerprint_key(c.kind.as_str().as_bytes())
}
