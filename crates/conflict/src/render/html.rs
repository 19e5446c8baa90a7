//! A self-contained HTML page: the heat map of the matrix (rows and columns are branches; each cell is
//! coloured by its verdict and titled with the conflicting paths), then the details of every merge that does
//! not go clean. No script, no external resource.

use std::io::{self, Write};

use super::{engine_notes, merge_notes, paths_of, ranges_text, verdict_text};
use crate::model::{MergeResult, Prediction, Verdict};

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;color:#222}\
table.heat{border-collapse:collapse}table.heat td,table.heat th{border:1px solid #ccc;padding:.4em .6em;text-align:center;min-width:3em}\
th.row{text-align:right}th.corner{font-weight:normal;color:#666;font-size:.85em}th.col{writing-mode:vertical-rl;transform:rotate(180deg);vertical-align:bottom}\
td.clean{background:#d9f2d9}td.error{background:#ffe0a3}td.semantic{background:#d8b4f0}td.semantic-warning{background:#f1e6fa}\
td.self{background:#eee}td.c1{background:#f9c0c0}td.c2{background:#f08080}td.c3{background:#d93030;color:#fff}\
table.details{border-collapse:collapse;margin:.5em 0 1.5em}table.details td,table.details th{border:1px solid #ddd;padding:.2em .5em;text-align:left}\
.legend span{display:inline-block;padding:.1em .6em;margin-right:.4em;border:1px solid #ccc}footer{color:#666;font-size:.9em}";

/// Writes the page.
pub fn render_html(p: &Prediction, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")?;
    writeln!(out, "<title>precheck: merge-conflict prediction</title><style>{STYLE}</style></head><body>")?;
    writeln!(out, "<h1>Merge-conflict prediction</h1>")?;
    match &p.matrix {
        Some(mx) => {
            // Columns: the target, then the sources; rows: the sources.
            let cols: Vec<&str> =
                std::iter::once(mx.target.as_str()).chain(mx.sources.iter().map(String::as_str)).collect();
            // Each branch with the commit it was at: the page is a snapshot of a moving release train.
            let target_id = mx.into_target.first().and_then(|&i| p.merges.get(i)).map(|m| short(&m.target_id));
            let source_id = |row: usize| {
                mx.into_target.get(row).and_then(|&i| p.merges.get(i)).map(|m| short(&m.source_id)).unwrap_or_default()
            };
            let ids: Vec<String> =
                std::iter::once(target_id.unwrap_or_default()).chain((0..mx.sources.len()).map(source_id)).collect();
            writeln!(out, "<table class=\"heat\"><tr><th class=\"corner\">source ↓ / into →</th>")?;
            for (k, c) in cols.iter().enumerate() {
                let label = if k == 0 { format!("{c} (target)") } else { (*c).to_string() };
                writeln!(out, "<th class=\"col\" scope=\"col\">{} <code>{}</code></th>", esc(&label), esc(&ids[k]))?;
            }
            writeln!(out, "</tr>")?;
            for (row, source) in mx.sources.iter().enumerate() {
                writeln!(
                    out,
                    "<tr><th class=\"row\" scope=\"row\">{} <code>{}</code></th>",
                    esc(source),
                    esc(&ids[row + 1])
                )?;
                for col in 0..cols.len() {
                    let merge = if col == 0 {
                        mx.into_target.get(row).and_then(|&i| p.merges.get(i))
                    } else if col - 1 == row {
                        None
                    } else {
                        let other = col - 1;
                        let (i, j) = if other < row { (other, row) } else { (row, other) };
                        mx.pairs.iter().find(|c| c.0 == i && c.1 == j).and_then(|c| p.merges.get(c.2))
                    };
                    writeln!(out, "{}", heat_cell(merge))?;
                }
                writeln!(out, "</tr>")?;
            }
            writeln!(out, "</table>")?;
        }
        None => {
            writeln!(out, "<table class=\"heat\"><tr><th>source</th><th>into</th><th>result</th></tr>")?;
            for m in &p.merges {
                writeln!(
                    out,
                    "<tr><th class=\"row\">{}</th><td>{}</td>{}</tr>",
                    esc(&m.source),
                    esc(&m.target),
                    heat_cell(Some(m))
                )?;
            }
            writeln!(out, "</table>")?;
        }
    }
    writeln!(
        out,
        "<p class=\"legend\"><span class=\"c1\" style=\"background:#f9c0c0\">1</span>\
         <span style=\"background:#f08080\">2–4</span><span style=\"background:#d93030;color:#fff\">5+</span> conflicting paths · \
         <span style=\"background:#d8b4f0\">1s</span> semantic conflicts (clean for git) · \
         <span style=\"background:#f1e6fa\">1w</span> semantic warnings only (clean for git; e.g. a migration \
         version two open branches both take) · \
         <span style=\"background:#d9f2d9\">ok</span> clean · \
         <span style=\"background:#ffe0a3\">!</span> cannot merge</p>"
    )?;
    for m in p.merges.iter().filter(|m| !m.is_clean() || !m.semantic.is_empty()) {
        writeln!(
            out,
            "<h2><code>{}</code> into <code>{}</code>: {}</h2>",
            esc(&m.source),
            esc(&m.target),
            esc(&verdict_text(m))
        )?;
        if !m.conflicts.is_empty() {
            writeln!(
                out,
                "<table class=\"details\"><tr><th>path</th><th>kind</th><th>source lines</th><th>git says</th></tr>"
            )?;
            for c in &m.conflicts {
                writeln!(
                    out,
                    "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(&c.path),
                    c.kind,
                    ranges_text(&c.lines),
                    esc(&c.message)
                )?;
            }
            writeln!(out, "</table>")?;
        }
        if !m.semantic.is_empty() {
            writeln!(
                out,
                "<table class=\"details semantic\"><tr><th>path</th><th>line</th><th>rule</th><th>only the merge \
                 has</th><th><code>{}</code> changed</th><th><code>{}</code> changed</th></tr>",
                esc(&m.target),
                esc(&m.source)
            )?;
            for s in &m.semantic {
                writeln!(
                    out,
                    "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(&s.path),
                    s.line,
                    esc(&super::rule_text(s)),
                    esc(&s.message),
                    esc(&s.target_paths.join(", ")),
                    esc(&s.source_paths.join(", "))
                )?;
            }
            writeln!(out, "</table>")?;
        }
        for note in merge_notes(m) {
            writeln!(out, "<p><em>{}</em></p>", esc(&note))?;
        }
    }
    writeln!(out, "<footer><p>engine: {}</p>", esc(&engine_notes(p).join("; ")))?;
    if let Some(made) = &p.made {
        writeln!(out, "<p>made {}</p>", esc(made))?;
    }
    for note in &p.notes {
        writeln!(out, "<p>note: {}</p>", esc(note))?;
    }
    writeln!(out, "</footer></body></html>")
}

fn heat_cell(m: Option<&MergeResult>) -> String {
    let Some(m) = m else { return "<td class=\"self\">—</td>".to_string() };
    let title = format!("{} into {}: {}", m.source, m.target, verdict_text(m));
    match &m.verdict {
        Verdict::Clean if !m.semantic.is_empty() => {
            let lines = m.semantic.iter().map(|s| format!("{} {} {}", s.rule, s.path, s.message));
            let title = std::iter::once(title).chain(lines).map(|l| esc(&l)).collect::<Vec<_>>();
            // Warnings only (a migration clash between two open branches) get a paler colour of their own.
            let (class, mark) =
                if m.is_semantic_warning_only() { ("semantic-warning", 'w') } else { ("semantic", 's') };
            format!("<td class=\"{class}\" title=\"{}\">{}{mark}</td>", title.join("&#10;"), m.semantic.len())
        }
        Verdict::Clean => format!("<td class=\"clean\" title=\"{}\">ok</td>", esc(&title)),
        Verdict::Failed(_) => format!("<td class=\"error\" title=\"{}\">!</td>", esc(&title)),
        Verdict::Conflicted => {
            let n = m.conflicts.len();
            let class = match n {
                0 | 1 => "c1",
                2..=4 => "c2",
                _ => "c3",
            };
            // `&#10;` breaks the tooltip into one line per path.
            let title = std::iter::once(title).chain(paths_of(&m.conflicts)).map(|l| esc(&l)).collect::<Vec<_>>();
            format!("<td class=\"{class}\" title=\"{}\">{n}</td>", title.join("&#10;"))
        }
    }
}

/// The first 12 hex digits of a commit id.
fn short(id: &str) -> String {
    id.chars().take(12).collect()
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
