//! CF006 no-commit-graph: a large history without a commit-graph file.

use precheck_core::{RuleMeta, Severity};

pub static RULE: RuleMeta = RuleMeta::new(
    "conflict",
    "CF006",
    "no-commit-graph",
    Severity::Info,
    "a large history without a commit-graph: merge predictions are slower than necessary",
    r#"## What it does
Reports, once per run, that the repository has a large history (more than 15,000 objects in its packs, about
5,000 commits) and no commit-graph file (`objects/info/commit-graph` or `objects/info/commit-graphs/`). Both
are read from files, in constant time: the check walks no history. precheck never writes a commit-graph
itself: it does not write to the repository.

## Why
Finding merge bases walks the history; on a large repository a commit-graph makes that walk several times
faster (measured about 6x on the slow tail), which is the difference between a pre-push hook people keep
and one they disable.

## Example
```text
info[CF006]: the repository has no commit-graph and a large history
```

## Use instead
```sh
git commit-graph write --reachable
git config fetch.writeCommitGraph true   # keep it up to date on every fetch
```
"#,
)
.repo();

/// The once-per-run note.
pub(crate) fn finding(note: String) -> precheck_core::Finding {
    precheck_core::Finding::new(&RULE, precheck_core::Span::file("."), note)
        .with_help("run `git commit-graph write --reachable`, or set `fetch.writeCommitGraph=true`")
        .with_fingerprint_key(b"no-commit-graph")
}
