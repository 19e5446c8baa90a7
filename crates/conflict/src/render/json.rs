//! `precheck conflicts --format json`: DESIGN.md's shape, fields in its order. A merge that could not run
//! also carries `error`; the run's notes (what was not looked for and why: semantic conflicts with the git2
//! fallback or `--merge-base`, a missing commit-graph) follow `matrix`, as the other formats print them.

use std::io::{self, Write};

use serde::Serialize;

use crate::model::{Conflict, Prediction, SemanticConflict};

#[derive(Serialize)]
struct Out<'a> {
    version: u32,
    merges: Vec<Merge<'a>>,
    matrix: Option<Matrix<'a>>,
    /// Run-wide notes, always present (empty when there are none) so a reader can rely on the field.
    notes: &'a [String],
}

#[derive(Serialize)]
struct Merge<'a> {
    source: &'a str,
    target: &'a str,
    clean: bool,
    engine: &'a str,
    git_version: Option<&'a str>,
    conflicts: &'a [Conflict],
    /// Findings only the merged tree has (CF007), when semantic conflicts were looked for.
    semantic: &'a [SemanticConflict],
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

#[derive(Serialize)]
struct Matrix<'a> {
    target: &'a str,
    sources: &'a [String],
    /// One cell per merge of the matrix: `source` merged into `target` (another source or the target).
    cells: Vec<Cell<'a>>,
}

#[derive(Serialize)]
struct Cell<'a> {
    source: &'a str,
    target: &'a str,
    clean: bool,
    paths: Vec<&'a str>,
    /// How many semantic conflicts the (clean) merge has.
    semantic: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

/// Writes the JSON document and a final newline.
pub fn render_json(p: &Prediction, out: &mut dyn Write) -> io::Result<()> {
    let merges = p
        .merges
        .iter()
        .map(|m| Merge {
            source: &m.source,
            target: &m.target,
            clean: m.is_clean(),
            engine: m.engine.as_str(),
            git_version: m.git_version.as_deref(),
            conflicts: &m.conflicts,
            semantic: &m.semantic,
            error: m.error(),
        })
        .collect();
    let matrix = p.matrix.as_ref().map(|mx| {
        let cell_of = |i: usize| {
            p.merges.get(i).map(|m| Cell {
                source: &m.source,
                target: &m.target,
                clean: m.is_clean(),
                paths: m.conflicts.iter().map(|c| c.path.as_str()).collect(),
                semantic: m.semantic.len(),
                error: m.error(),
            })
        };
        Matrix {
            target: &mx.target,
            sources: &mx.sources,
            cells: mx.into_target.iter().copied().chain(mx.pairs.iter().map(|c| c.2)).filter_map(cell_of).collect(),
        }
    });
    serde_json::to_writer_pretty(&mut *out, &Out { version: 1, merges, matrix, notes: &p.notes })?;
    writeln!(out)
}
