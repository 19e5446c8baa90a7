//! `json`: the stable, versioned report other tools parse (DESIGN.md, "CLI"). No timings, so the output is
//! byte-identical run to run. The structs below fix the field order of the document.

use std::io::{self, Write};

use precheck_core::{Finding, Position, Report, Summary};
use serde::Serialize;

/// The version of the JSON shape; bumped only on an incompatible change.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    findings: Vec<JsonFinding<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'a str,
    message: &'a str,
    path: &'a str,
    start: Position,
    end: Position,
    labels: Vec<JsonLabel<'a>>,
    help: Option<&'a str>,
    fingerprint: &'a str,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    path: &'a str,
    start: Position,
    end: Position,
    message: &'a str,
}

impl<'a> JsonFinding<'a> {
    fn of(f: &'a Finding) -> JsonFinding<'a> {
        JsonFinding {
            code: f.code,
            name: f.name,
            severity: f.severity.as_str(),
            message: &f.message,
            path: &f.primary.path,
            start: f.primary.start,
            end: f.primary.end,
            labels: f
                .labels
                .iter()
                .map(|l| JsonLabel { path: &l.span.path, start: l.span.start, end: l.span.end, message: &l.message })
                .collect(),
            help: f.help.as_deref(),
            fingerprint: &f.fingerprint,
        }
    }
}

/// Writes `report` as pretty-printed JSON with a trailing newline.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let doc = Document {
        version: VERSION,
        findings: report.findings.iter().map(JsonFinding::of).collect(),
        summary: report.summary(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
