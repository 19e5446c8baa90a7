//! The terminal output: one block per merge, or the matrix as a table followed by the conflicting pairs.

use std::io::{self, Write};

use super::{engine_notes, merge_notes, ranges_text, semantic_text, verdict_text};
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
            Verdict::Clean if m.is_semantic_warning_only() => self.paint("36", "SEMANTIC"),
            Verdict::Clean if !m.semantic.is_empty() => self.paint("1;35", "SEMANTIC"),
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
        for m in p.merges.iter().filter(|m| !m.is_clean() || !m.semantic.is_empty()) {
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
    for s in &m.semantic {
        writeln!(out, "    semantic  {}", semantic_text(s, &m.target, &m.source))?;
    }
    for note in merge_notes(m) {
        writeln!(out, "    note: {note}")?;
    }
    Ok(())
}

/// Rows are the numbered sources, each named in full once; columns are the target (by name) then the
/// sources by number, so that long branch names sharing a prefix (`feature/PROJ-10…`) stay apart. The lower
/// triangle mirrors the upper: a pair is one merge.
fn matrix_table(p: &Prediction, mx: &Matrix, out: &mut dyn Write, style: &Style) -> io::Result<()> {
    let numbers: Vec<String> = (1..=mx.sources.len()).map(|n| n.to_string()).collect();
    let number_width = numbers.last().map_or(1, String::len);
    let name_width = mx.sources.iter().map(|s| s.chars().count()).max().unwrap_or(0).max("source".len());
    let target_width = mx.target.chars().count().max(4);
    let cell_width = number_width.max(3);
    write!(out, "{:>number_width$}  {:name_width$}  {:>target_width$}", "#", "source", mx.target)?;
    for n in &numbers {
        write!(out, "  {n:>cell_width$}")?;
    }
    writeln!(out)?;
    for (row, source) in mx.sources.iter().enumerate() {
        write!(out, "{:>number_width$}  {}", numbers[row], source)?;
        write!(out, "{:pad$}", "", pad = name_width - source.chars().count())?;
        for col in 0..=mx.sources.len() {
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
                    // Clean for git, broken together: a count of its own, in its own colour; warnings only (a
                    // migration clash between two open branches: renumber, not broken) apart from errors.
                    Verdict::Clean if m.is_semantic_warning_only() => (format!("{}w", m.semantic.len()), "36"),
                    Verdict::Clean if !m.semantic.is_empty() => (format!("{}s", m.semantic.len()), "1;35"),
                    Verdict::Clean => ("ok".to_string(), "32"),
                    Verdict::Conflicted => (format!("{}x", m.conflicts.len()), "1;31"),
                    Verdict::Failed(_) => ("ERR".to_string(), "1;33"),
                },
            };
            let width = if col == 0 { target_width } else { cell_width };
            let padded = format!("{text:>width$}");
            write!(out, "  {}", style.paint(code, &padded))?;
        }
        writeln!(out)?;
    }
    let semantic = p.merges.iter().filter(|m| m.is_semantic()).count();
    let warnings = p.merges.iter().filter(|m| m.is_semantic_warning_only()).count();
    let semantic = match (semantic - warnings, warnings) {
        (0, 0) => String::new(),
        (_, 0) => format!(", {semantic} with semantic conflicts (Ns: N semantic conflicts, clean for git)"),
        (0, _) => format!(
            ", {semantic} with semantic conflicts (Nw: N semantic warnings only, e.g. a migration version two \
             open branches both take, clean for git)"
        ),
        _ => format!(
            ", {semantic} with semantic conflicts (Ns: N semantic conflicts, clean for git; Nw: warnings only, \
             e.g. a migration version two open branches both take)"
        ),
    };
    writeln!(
        out,
        "{} merges: {} conflicted, {} cannot merge{semantic}",
        p.merges.len(),
        p.merges.iter().filter(|m| m.verdict == Verdict::Conflicted).count(),
        p.merges.iter().filter(|m| m.error().is_some()).count(),
    )
}
