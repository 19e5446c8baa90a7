//! CF007 semantic-conflict: git merges the two sides cleanly, and the merge result has a finding of another
//! rule that neither side has alone.

use precheck_core::{Finding, NewInMerge, RuleMeta, Severity, Span};

pub static RULE: RuleMeta = RuleMeta::new(
    "conflict",
    "CF007",
    "semantic-conflict",
    Severity::Error,
    "the merge result has a finding that neither side has alone",
    r#"## What it does
Takes the tree git's own merge produces (`git merge-tree --write-tree`, in a temporary object directory: the
repository is never touched) for a pair that merges cleanly, re-runs every check whose inputs changed on both
sides since the merge base, and reports each finding of the merged tree that neither the target's tree nor
the source's tree has (compared by rule, path and message, with numbers masked: a merge moves lines). The
finding sits where the underlying one does, its message names the underlying rule, and a label per side says
which side changed which of the check's inputs. With `check --base TARGET` the head is merged into the target
and into every `[conflict] release-branches` branch; `precheck conflicts` lists them per pair and in the
matrix. A pair that does not merge cleanly gets no semantic check (CF002/CF003/CF004 say why). When git is
older than 2.38 the libgit2 fallback merges in memory and writes no tree: one CF007 of severity info says the
semantic checks were skipped and why (`precheck conflicts` says it in a note, also for `--merge-base`).

On by default for `check --base` and `precheck conflicts` (`[conflict] semantic = false` turns it off;
`precheck conflicts --no-semantic` gives git's textual verdict alone, `--semantic` looks whatever the file says).
A 20-branch matrix with them costs under twice the textual one.

## Why
The expensive failures are the merges git calls clean: two branches each add a Flyway migration `V42__…`,
the same Antx property in two files, the same Zdal physical data source. Each side passes review and CI
alone; the merged release breaks.

## Example
```text
main    adds  app.properties:    order.timeout = 30
feature adds  common.properties: order.timeout = 60
```
Both merge cleanly; the merge result defines `order.timeout` twice (an Antx duplicate-key finding neither
side has).

## Use instead
Agree on one definition before merging: rebase the second branch on the first and resolve the finding there
(here, keep one `order.timeout`).
"#,
)
.repo();

/// The CF007 finding for a finding of the merge of `source` into `target` that neither has alone.
pub(crate) fn finding(new: &NewInMerge, target: &str, source: &str, ranges: (&str, &str)) -> Finding {
    let u = &new.finding;
    let message = format!(
        "{} {} appears only when `{source}` is merged into `{target}`: {}",
        u.code, u.name, u.message
    );
    let mut f = Finding::new(&RULE, u.primary.clone(), message)
        .with_help(
            "each side is clean alone and git merges them cleanly; agree on one change before merging (rebase \
             one branch on the other and fix the finding there)",
        )
        .with_fingerprint_key(format!("semantic\0{}\0{}\0{}", u.code, u.primary.path, u.fingerprint).as_bytes());
    for label in &u.labels {
        f = f.with_label(label.span.clone(), label.message.clone());
    }
    for (name, range, paths) in [(target, ranges.0, &new.target_paths), (source, ranges.1, &new.source_paths)] {
        if let Some(first) = paths.first() {
            f = f.with_label(Span::file(first.as_str()), side_note(name, range, paths));
        }
    }
    f
}

/// What `precheck conflicts` lists of a finding only the merge has.
pub fn listed(new: &NewInMerge) -> crate::model::SemanticConflict {
    let u = &new.finding;
    crate::model::SemanticConflict {
        rule: u.code.to_string(),
        name: u.name.to_string(),
        path: u.primary.path.to_string(),
        line: u.primary.start.line,
        message: u.message.clone(),
        target_paths: new.target_paths.clone(),
        source_paths: new.source_paths.clone(),
        severity: Severity::Error,
    }
}

/// "`main` (a1b2c3d..e4f5a6b) changed `a.properties` and 2 more files the `antx` check reads".
pub(crate) fn side_note(name: &str, range: &str, paths: &[String]) -> String {
    let shown: Vec<String> = paths.iter().take(3).map(|p| format!("`{p}`")).collect();
    let more = if paths.len() > 3 { format!(" and {} more", paths.len() - 3) } else { String::new() };
    format!("`{name}` ({range}) changed {}{more}", shown.join(", "))
}
