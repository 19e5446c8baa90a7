//! Renderers of a [`Prediction`]: human (terminal), JSON (DESIGN.md's `conflicts --format json` shape),
//! markdown (a merge-request comment) and a self-contained HTML page with the matrix heat map. Each writes
//! to a `dyn Write`; only the binary decides where.

mod html;
mod human;
mod json;
mod markdown;

pub use html::render_html;
pub use human::render_human;
pub use json::render_json;
pub use markdown::render_markdown;

use crate::model::{Conflict, LineRange, MergeResult, Prediction, Verdict};

/// `10-14, 20`.
pub(crate) fn ranges_text(lines: &[LineRange]) -> String {
    lines
        .iter()
        .map(|r| if r.start == r.end { r.start.to_string() } else { format!("{}-{}", r.start, r.end) })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `2 conflicts`, `clean`, `clean for git, 1 semantic conflict`, `cannot merge: …`.
pub(crate) fn verdict_text(m: &MergeResult) -> String {
    match &m.verdict {
        Verdict::Clean if !m.semantic.is_empty() => match m.semantic.len() {
            1 => "clean for git, 1 semantic conflict".to_string(),
            n => format!("clean for git, {n} semantic conflicts"),
        },
        Verdict::Clean => "clean".to_string(),
        Verdict::Conflicted => match m.conflicts.len() {
            1 => "1 conflict".to_string(),
            n => format!("{n} conflicts"),
        },
        Verdict::Failed(why) => format!("cannot merge: {why}"),
    }
}

/// The distinct engine notes of the merges, in first-seen order ("git merge-tree, git 2.47.3").
pub(crate) fn engine_notes(p: &Prediction) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in &p.merges {
        let note = m.engine_note();
        if !out.contains(&note) {
            out.push(note);
        }
    }
    out
}

/// Extra facts of a merge worth a line: criss-cross bases, clean paths both sides changed.
pub(crate) fn merge_notes(m: &MergeResult) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(n) = m.merge_bases.filter(|n| *n > 1) {
        out.push(format!("{n} merge bases (criss-cross): git merges them into a virtual base first"));
    }
    if !m.auto_merged.is_empty() {
        out.push(format!("both sides changed, merged cleanly: {}", m.auto_merged.join(", ")));
    }
    out
}

/// One semantic conflict on one line: `conf/a.properties:7 AX025 duplicate-property-key: … (main changed
/// conf/a.properties; feature changed conf/a.properties)`.
pub(crate) fn semantic_text(s: &crate::model::SemanticConflict, target: &str, source: &str) -> String {
    let side = |name: &str, paths: &[String]| {
        let shown: Vec<&str> = paths.iter().take(3).map(String::as_str).collect();
        let more = if paths.len() > 3 { format!(" and {} more", paths.len() - 3) } else { String::new() };
        format!("`{name}` changed {}{more}", shown.join(", "))
    };
    format!(
        "{}:{} {}: {} ({}; {})",
        s.path,
        s.line,
        rule_text(s),
        s.message,
        side(target, &s.target_paths),
        side(source, &s.source_paths)
    )
}

/// `CF008 migration-version-clash`, with `(warning)` after it when it is not an error (a migration clash
/// between two open branches).
pub(crate) fn rule_text(s: &crate::model::SemanticConflict) -> String {
    match s.severity {
        precheck_core::Severity::Error => format!("{} {}", s.rule, s.name),
        other => format!("{} {} ({})", s.rule, s.name, other.as_str()),
    }
}

/// The conflicted paths of a merge, for titles and cells.
pub(crate) fn paths_of(conflicts: &[Conflict]) -> Vec<String> {
    conflicts.iter().map(|c| format!("{} ({})", c.path, c.kind)).collect()
}
