//! TXT007 case-conflict.

use std::collections::{BTreeSet, HashMap};

use precheck_core::{ChangeKind, FileInfo, FileMode, Finding, MergeRun, RepoCtx, RuleMeta, Severity, Sink, Span};

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT007",
    "case-conflict",
    Severity::Error,
    "paths (or parent directories) that differ only in letter case",
    r#"## What it does
Reports a path that equals another path of the tree when letter case is ignored — the file itself or any
of its parent directories (`Docs/a.md` against `docs/b.md`). With `--base`, the paths the change adds are
compared with every path of the tree; without it, all paths are compared with each other.

## Why
macOS and Windows file systems are case-insensitive by default: a checkout with both paths silently
overwrites one file with the other, and the working tree shows a change nobody made.

## Example
```text
src/Config.java
src/config.java
```

## Use instead
Rename one of the paths so that the names differ in more than case.
"#,
)
.repo();

fn fold(s: &str) -> String {
    if s.is_ascii() { s.to_ascii_lowercase() } else { s.to_lowercase() }
}

/// Every prefix of `path` that names a directory, then the path itself.
#[allow(clippy::string_slice, reason = "`i` is the position of a `/`, found by `match_indices`")]
fn prefixes(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i]).chain(std::iter::once(path))
}

pub fn check_repo(cx: &RepoCtx<'_>, out: &mut Sink) {
    if !out.enabled(&RULE) || cx.is_base {
        return;
    }
    // On the pre-push path only added paths can create a conflict; without any, do not list the tree.
    let added: Option<Vec<&str>> = cx.changes.map(|changes| {
        changes
            .files
            .iter()
            .filter(|(_, c)| matches!(c.kind, ChangeKind::Added | ChangeKind::Renamed { .. }))
            .map(|(p, _)| p.as_str())
            .collect()
    });
    if added.as_ref().is_some_and(Vec::is_empty) {
        return;
    }
    // In a semantic-conflict comparison (CF007) a clash the merge brings pairs a path one side added with one
    // the other side added: a path the merge base had is on both sides, and two paths of one side clash on that
    // side already. So the merged tree is compared within the added paths (no listing of its whole tree), and
    // the sides, which cannot hold such a pair, are not looked at.
    let listed;
    let files: &[FileInfo] = match (cx.merge_run, &added) {
        (MergeRun::Side, _) => return,
        (MergeRun::Merged, Some(added)) => {
            listed = added.iter().map(|p| FileInfo::new(*p, FileMode::Regular, 0)).collect::<Vec<_>>();
            &listed
        }
        _ => cx.source.paths(),
    };
    // Folded name → first original seen, for files and every parent directory.
    let mut seen: HashMap<String, &str> = HashMap::new();
    let mut reported: BTreeSet<(String, String)> = BTreeSet::new();
    let mut report = |path: &str, mine: &str, other: &str, out: &mut Sink| {
        if !reported.insert((mine.to_string(), other.to_string())) {
            return;
        }
        let what = if mine.len() < path.len() { "directory" } else { "path" };
        out.emit(&RULE, || {
            Finding::new(&RULE, Span::file(path), format!("{what} `{mine}` differs only in case from `{other}`"))
                .with_label(Span::file(other), "the other path")
                .with_help("rename one of them: case-insensitive file systems (macOS, Windows) cannot hold both")
        });
    };
    match added {
        None => {
            for file in files {
                for prefix in prefixes(&file.path) {
                    let folded = fold(prefix);
                    match seen.get(&folded) {
                        Some(other) if *other != prefix => report(&file.path, prefix, other, out),
                        Some(_) => {}
                        None => {
                            seen.insert(folded, prefix);
                        }
                    }
                }
            }
        }
        Some(added) => {
            let new: BTreeSet<&str> = added.iter().copied().collect();
            let mut by_fold: HashMap<String, BTreeSet<&str>> = HashMap::new();
            for file in files {
                for prefix in prefixes(&file.path) {
                    by_fold.entry(fold(prefix)).or_default().insert(prefix);
                }
            }
            for path in new {
                for prefix in prefixes(path) {
                    let Some(all) = by_fold.get(&fold(prefix)) else { continue };
                    if let Some(other) = all.iter().find(|o| **o != prefix) {
                        report(path, prefix, other, out);
                    }
                }
            }
        }
    }
}
