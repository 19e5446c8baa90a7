//! `gitlab`: a GitLab Code Quality report, the JSON array GitLab reads from `artifacts:reports:codequality`.
//!
//! Each finding becomes `{description, check_name, fingerprint, severity, location: {path, lines: {begin}}}`;
//! severities map `error` → `critical`, `warning` → `major`, `info` → `info`. GitLab tells findings apart and
//! tracks them between pipelines by `fingerprint`, so it must be unique in the report: a finding without one
//! (never the case after the runner) gets its code, path and position instead.

use std::io::{self, Write};

use precheck_core::{Finding, Report, Severity};
use serde::Serialize;

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
}

/// GitLab's severity for a finding's severity.
pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Info => "info",
    }
}

fn issue(f: &Finding) -> Issue<'_> {
    let p = &f.primary;
    let fingerprint = if f.fingerprint.is_empty() {
        format!("{}:{}:{}:{}", f.code, p.path, p.start.line, p.start.column)
    } else {
        f.fingerprint.clone()
    };
    Issue {
        description: format!("{}: {}", f.code, f.message),
        check_name: f.code,
        fingerprint,
        severity: severity(f.severity),
        location: Location { path: &p.path, lines: Lines { begin: p.start.line } },
    }
}

/// Writes `report` as a pretty-printed Code Quality array with a trailing newline (`[]` when clean).
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let issues: Vec<Issue<'_>> = report.findings.iter().map(issue).collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}
