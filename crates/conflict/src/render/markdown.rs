//! A merge-request comment: a summary table, then one collapsible section per merge that does not go clean.

use std::io::{self, Write};

use super::{engine_notes, merge_notes, ranges_text, verdict_text};
use crate::model::{MergeResult, Prediction, Verdict};

/// Writes GitHub/GitLab-flavoured markdown.
pub fn render_markdown(p: &Prediction, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "### precheck: merge-conflict prediction\n")?;
    if let Some(mx) = &p.matrix {
        write!(out, "| source ↓ / into → | `{}` |", cell(&mx.target))?;
        for s in &mx.sources {
            write!(out, " `{}` |", cell(s))?;
        }
        writeln!(out)?;
        writeln!(out, "|---|{}", "---|".repeat(mx.sources.len() + 1))?;
        for (row, source) in mx.sources.iter().enumerate() {
            write!(out, "| `{}` |", cell(source))?;
            write!(out, " {} |", mark(mx.into_target.get(row).and_then(|&i| p.merges.get(i))))?;
            for other in 0..mx.sources.len() {
                let (i, j) = if other < row { (other, row) } else { (row, other) };
                let m = if other == row {
                    None
                } else {
                    mx.pairs.iter().find(|c| c.0 == i && c.1 == j).and_then(|c| p.merges.get(c.2))
                };
                write!(out, " {} |", if other == row { "—".to_string() } else { mark(m) })?;
            }
            writeln!(out)?;
        }
    } else {
        writeln!(out, "| source | into | result |\n|---|---|---|")?;
        for m in &p.merges {
            writeln!(
                out,
                "| `{}` | `{}` | {} {} |",
                cell(&m.source),
                cell(&m.target),
                mark(Some(m)),
                cell(&verdict_text(m))
            )?;
        }
    }
    writeln!(out)?;
    for m in p.merges.iter().filter(|m| !m.is_clean() || !m.semantic.is_empty()) {
        details(m, out)?;
    }
    let notes: Vec<String> = engine_notes(p);
    writeln!(out, "<sub>engine: {}</sub>", cell(&notes.join("; ")))?;
    for note in &p.notes {
        writeln!(out, "\n> **note:** {}", cell(note))?;
    }
    Ok(())
}

fn mark(m: Option<&MergeResult>) -> String {
    match m.map(|m| (&m.verdict, m.conflicts.len())) {
        None => "—".to_string(),
        Some((Verdict::Clean, _)) if m.is_some_and(|m| !m.semantic.is_empty()) => {
            format!(":large_orange_diamond: {} semantic", m.map_or(0, |m| m.semantic.len()))
        }
        Some((Verdict::Clean, _)) => ":white_check_mark:".to_string(),
        Some((Verdict::Conflicted, n)) => format!(":x: {n}"),
        Some((Verdict::Failed(_), _)) => ":warning:".to_string(),
    }
}

fn details(m: &MergeResult, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "<details><summary><code>{}</code> into <code>{}</code>: {}</summary>\n",
        html(&m.source),
        html(&m.target),
        html(&verdict_text(m))
    )?;
    if !m.conflicts.is_empty() {
        writeln!(out, "| path | kind | source lines | git says |\n|---|---|---|---|")?;
        for c in &m.conflicts {
            writeln!(out, "| `{}` | {} | {} | {} |", cell(&c.path), c.kind, ranges_text(&c.lines), cell(&c.message))?;
        }
    }
    if !m.semantic.is_empty() {
        writeln!(
            out,
            "| path | line | rule | only the merge has | `{}` changed | `{}` changed |",
            cell(&m.target),
            cell(&m.source)
        )?;
        writeln!(out, "|---|---|---|---|---|---|")?;
        for s in &m.semantic {
            writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} |",
                cell(&s.path),
                s.line,
                super::rule_text(s),
                cell(&s.message),
                cell(&s.target_paths.join(", ")),
                cell(&s.source_paths.join(", "))
            )?;
        }
    }
    for note in merge_notes(m) {
        writeln!(out, "\n_{}_", cell(&note))?;
    }
    writeln!(out, "\n</details>\n")
}

/// Escapes what would break a table cell or inline code.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('`', "'").replace('\n', " ")
}

fn html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}
