//! CF005 both-modified: a path both sides changed that git merged cleanly.

use precheck_core::{RuleMeta, Severity};

pub static RULE: RuleMeta = RuleMeta::new(
    "conflict",
    "CF005",
    "both-modified",
    Severity::Info,
    "a path both sides changed that merges cleanly (git's `Auto-merging`): review for semantic conflicts",
    r#"## What it does
Lists the paths that both the head and the target changed since their merge base and that git merges
without a conflict (what `git merge` prints as `Auto-merging <path>`).

## Why
A clean textual merge can still be wrong: one side renames a method that the other side starts calling, or
both sides bump the same version in different lines. These files deserve a look in review.

## Example
```text
info[CF005]: `src/Order.java` was changed on both sides and merges cleanly into `main`
```

## Use instead
Nothing to fix: review the merged file, build and test the merge result. Disable the rule with
`ignore = ["CF005"]` if the hint is noise for your project.
"#,
)
.repo();

/// An info finding at the path.
pub(crate) fn finding(
    cx: &crate::gate::Context<'_>,
    m: &crate::model::MergeResult,
    path: &str,
) -> precheck_core::Finding {
    let message = format!("`{path}` was changed on both sides and merges cleanly into `{}`{}", m.target, cx.suffix(m));
    precheck_core::Finding::new(&RULE, precheck_core::Span::file(path), message)
        .with_help("review the merged file for semantic conflicts")
        .with_fingerprint_key(b"both-modified")
}
