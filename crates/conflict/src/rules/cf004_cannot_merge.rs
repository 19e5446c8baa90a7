//! CF004 cannot-merge: a pair whose revisions resolve but that cannot be merged.

use precheck_core::{RuleMeta, Severity};

pub static RULE: RuleMeta = RuleMeta::new(
    "conflict",
    "CF004",
    "cannot-merge",
    Severity::Error,
    "a merge that cannot be computed: unrelated histories, missing objects, a shallow clone",
    r#"## What it does
Reports a merge precheck could not compute although both revisions exist: the histories are unrelated (git:
"refusing to merge unrelated histories"), objects are missing, or the clone is shallow and the merge base was
not fetched. The other merges of the run still go on. An unknown revision on the command line is not a
finding: precheck stops with exit code 2.

## Why
The gate cannot judge that merge, so it must not pass silently.

## Example
```text
error[CF004]: cannot predict the merge into `main`: refusing to merge unrelated histories
```

## Use instead
In a shallow CI clone, fetch more history (`git fetch --deepen=200`, or `git fetch --unshallow`). If the
histories really are unrelated and merging them is intended, set
`[conflict] allow-unrelated-histories = true`.
"#,
)
.repo();

/// A project-level finding naming the pair and git's reason.
pub(crate) fn finding(
    cx: &crate::gate::Context<'_>,
    m: &crate::model::MergeResult,
    why: &str,
) -> precheck_core::Finding {
    let message = format!("cannot predict the merge into `{}`: {why}{}", m.target, cx.suffix(m));
    let help = if why.contains("shallow") {
        "fetch more history (`git fetch --deepen=<n>` or `git fetch --unshallow`)"
    } else if why.contains("unrelated histories") {
        "set `[conflict] allow-unrelated-histories = true` if merging unrelated histories is intended"
    } else {
        "check that both revisions and their history are present in this clone"
    };
    precheck_core::Finding::new(&RULE, precheck_core::Span::file("."), message)
        .with_help(help)
        .with_fingerprint_key(m.target.as_bytes())
}
