//! The terminal output: one block per merge, or the matrix as a table followed by the conflicting pairs.

use std::io::{self, Write};

use super::{engine_notes, merge_notes, ranges_text, verdict_text};
use crate::model::{Matrix, MergeResult, Prediction, Verdict};

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() }
    }
    fn mark(&self, m: &MergeResult) -> String {
        match m.verdict {
            Verdict::Clean => self.paint("32", "ok"),
            Verdict::Conflicted => self.paint("1;31", "CONFLICT"),
            Verdict::Failed(_) => self.paint("1;33", "ERROR"),
        }
    }
}

/// Writes the human report; `color` adds ANSI colours.
pub fn render_human(p: &Prediction, out: &mut dyn Write, color: bool) -> io::Result<()> {
    let style = Style { color };
    if let Some(matrix) = &p.matrix {
        matrix_table(p, matrix, out, &style)?;
        writeln!(out)?;
        for m in p.merges.iter().filter(|m| !m.is_clean()) {
            merge_block(m, out, &style)?;
        }
    } else {
        for m in &p.merges {
            merge_block(m, out, &style)?;
        }
    }
    for note in engine_notes(p) {
        writeln!(out, "engine: {note}")?;
    }
    for note in &p.notes {
        writeln!(out, "note: {note}")?;
    }
    Ok(())
}

fn merge_block(m: &MergeResult, out: &mut dyn Write, style: &Style) -> io::Result<()> {
    writeln!(out, "{} `{}` into `{}`: {}", style.mark(m), m.source, m.target, verdict_text(m))?;
    let width = m.conflicts.iter().map(|c| c.kind.as_str().len()).max().unwrap_or(0);
    for c in &m.conflicts {
        let lines =
            if c.lines.is_empty() { String::new() } else { format!(" (source lines {})", ranges_text(&c.lines)) };
        writeln!(out, "    {:width$}  {}{lines}", c.kind.as_str(), style.paint("1", &c.path))?;
        if !c.message.is_empty() {
            writeln!(out, "    {:width$}  {}", "", c.message)?;
        }
    }
    for note in merge_notes(m) {
        writeln!(out, "    note: {note}")?;
    }
    Ok(())
}

/// Rows are sources; columns the target then the sources; the lower triangle holds source-vs-source pairs.
fn matrix_table(p: &Prediction, mx: &Matrix, out: &mut dyn Write, style: &Style) -> io::Result<()> {
    let names: Vec<&str> = std::iter::once(mx.target.as_str()).chain(mx.sources.iter().map(String::as_str)).collect();
    let first = mx.sources.iter().map(String::len).max().unwrap_or(0).max(6);
    let cell_width = names.iter().map(|n| n.len()).max().unwrap_or(0).clamp(5, 16);
    write!(out, "{:first$}", "")?;
    for n in &names {
        write!(out, "  {:>cell_width$}", truncate(n, cell_width))?;
    }
    writeln!(out)?;
    for (row, source) in mx.sources.iter().enumerate() {
        write!(out, "{source:first$}")?;
        for col in 0..names.len() {
            let merge = if col == 0 {
                mx.into_target.get(row).copied()
            } else {
                let other = col - 1;
                let (i, j) = if other < row { (other, row) } else { (row, other) };
                if other == row { None } else { mx.pairs.iter().find(|c| c.0 == i && c.1 == j).map(|c| c.2) }
            };
            let (text, code) = match merge.and_then(|i| p.merges.get(i)) {
                None => ("-".to_string(), "2"),
                Some(m) => match &m.verdict {
                    Verdict::Clean => ("ok".to_string(), "32"),
                    Verdict::Conflicted => (format!("{}x", m.conflicts.len()), "1;31"),
                    Verdict::Failed(_) => ("ERR".to_string(), "1;33"),
                },
            };
            let padded = format!("{text:>cell_width$}");
            write!(out, "  {}", style.paint(code, &padded))?;
        }
        writeln!(out)?;
    }
    let skipped = p.merges.iter().filter(|m| m.prefiltered).count();
    writeln!(
        out,
        "{} merges: {} conflicted, {} cannot merge, {} skipped by the path pre-filter (no shared paths)",
        p.merges.len(),
        p.merges.iter().filter(|m| m.verdict == Verdict::Conflicted).count(),
        p.merges.iter().filter(|m| m.error().is_some()).count(),
        skipped
    )
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_string() } else { format!("{}~", s.chars().take(n - 1).collect::<String>()) }
}
