//! `json`: the stable, versioned report other tools parse (DESIGN.md, "CLI"). No timings, so the output is
//! byte-identical run to run. The structs below fix the field order of the document.
//!
//! Besides DESIGN.md's fields, the document says which precheck made it (`precheck_version`), a fingerprint
//! of what decided its findings (`configuration`, see [`Report::configuration`]), the run's `fail_on` and the
//! codes of the rules of the run (`rules`), and each finding and label carries its check and its byte `range`
//! in the decoded text: all that `precheck report merge` needs to render any format exactly as the run would
//! have ([`parse`] reads it back). A shard's report (`check --shard I/N`) adds a `shard` object and a
//! `merge` note on each finding (see [`precheck_core::shard`]).

use std::io::{self, Write};
use std::ops::Range;
use std::sync::Arc;

use precheck_core::shard::{FindingNote, Shard, ShardPart, UnusedSuppression};
use precheck_core::{FailOn, Finding, Label, Position, Report, RuleMeta, Severity, Span, Summary};
use serde::{Deserialize, Serialize};

use crate::RenderOptions;

/// The version of the JSON shape; bumped only on an incompatible change.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    precheck_version: &'a str,
    configuration: &'a str,
    fail_on: &'static str,
    rules: Vec<&'static str>,
    findings: Vec<JsonFinding<'a>>,
    summary: Summary,
    #[serde(skip_serializing_if = "Option::is_none")]
    shard: Option<JsonShard<'a>>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    code: &'a str,
    name: &'a str,
    check: &'a str,
    severity: &'a str,
    message: &'a str,
    path: &'a str,
    start: Position,
    end: Position,
    range: ByteRange,
    labels: Vec<JsonLabel<'a>>,
    help: Option<&'a str>,
    fingerprint: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    merge: Option<JsonNote>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    path: &'a str,
    start: Position,
    end: Position,
    range: ByteRange,
    message: &'a str,
}

/// A byte range in the decoded text of the file.
#[derive(Clone, Copy, Serialize, Deserialize)]
struct ByteRange {
    start: usize,
    end: usize,
}

impl From<&Range<usize>> for ByteRange {
    fn from(r: &Range<usize>) -> ByteRange {
        ByteRange { start: r.start, end: r.end }
    }
}

#[derive(Serialize, Deserialize)]
struct JsonNote {
    groupable: bool,
    /// 32 hex digits.
    text_key: Option<String>,
}

#[derive(Serialize)]
struct JsonShard<'a> {
    index: u32,
    total: u32,
    group: bool,
    used: Vec<JsonUsed<'a>>,
    unused: Vec<JsonUnused<'a>>,
}

#[derive(Serialize)]
struct JsonUsed<'a> {
    path: &'a str,
    at: usize,
}

#[derive(Deserialize)]
struct InUsed {
    path: String,
    at: usize,
}

#[derive(Serialize)]
struct JsonUnused<'a> {
    at: usize,
    finding: JsonFinding<'a>,
    text_key: String,
    fingerprints: &'a [Option<String>],
    in_diff: bool,
}

impl<'a> JsonFinding<'a> {
    fn of(f: &'a Finding, note: Option<&FindingNote>) -> JsonFinding<'a> {
        JsonFinding {
            code: f.code,
            name: f.name,
            check: f.check,
            severity: f.severity.as_str(),
            message: &f.message,
            path: &f.primary.path,
            start: f.primary.start,
            end: f.primary.end,
            range: (&f.primary.range).into(),
            labels: f
                .labels
                .iter()
                .map(|l| JsonLabel {
                    path: &l.span.path,
                    start: l.span.start,
                    end: l.span.end,
                    range: (&l.span.range).into(),
                    message: &l.message,
                })
                .collect(),
            help: f.help.as_deref(),
            fingerprint: &f.fingerprint,
            merge: note.map(|n| JsonNote { groupable: n.groupable, text_key: n.text_key.map(hex) }),
        }
    }
}

fn hex(key: u128) -> String {
    format!("{key:032x}")
}

/// Writes `report` as pretty-printed JSON with a trailing newline.
pub fn render(report: &Report, options: &RenderOptions<'_>, out: &mut dyn Write) -> io::Result<()> {
    let notes = report.shard.as_ref().map(|p| &p.notes);
    let doc = Document {
        version: VERSION,
        precheck_version: options.tool_version,
        configuration: &report.configuration,
        fail_on: options.fail_on.as_str(),
        rules: report.rules.iter().map(|r| r.code).collect(),
        findings: report
            .findings
            .iter()
            .enumerate()
            .map(|(i, f)| JsonFinding::of(f, notes.map(|n| n.get(i).copied().unwrap_or_default()).as_ref()))
            .collect(),
        summary: report.summary(),
        shard: report.shard.as_ref().map(|part| JsonShard {
            index: part.shard.index(),
            total: part.shard.total(),
            group: part.group,
            used: part.used.iter().map(|(path, at)| JsonUsed { path, at: *at }).collect(),
            unused: part
                .unused
                .iter()
                .map(|u| JsonUnused {
                    at: u.at,
                    finding: JsonFinding::of(&u.finding, None),
                    text_key: hex(u.text_key),
                    fingerprints: &u.fingerprints,
                    in_diff: u.in_diff,
                })
                .collect(),
        }),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// A JSON report read back: the report as the run had it (sources aside: the JSON quotes no file), with
/// the precheck version that wrote it and the run's `fail-on`.
#[derive(Debug)]
pub struct Parsed {
    pub precheck_version: String,
    pub fail_on: FailOn,
    pub report: Report,
}

#[derive(Deserialize)]
struct InDocument {
    precheck_version: Option<String>,
    configuration: Option<String>,
    fail_on: Option<String>,
    rules: Option<Vec<String>>,
    findings: Vec<InFinding>,
    summary: InSummary,
    shard: Option<InShard>,
}

#[derive(Deserialize)]
struct InSummary {
    files: usize,
    #[serde(default)]
    left_out: usize,
}

#[derive(Deserialize)]
struct InFinding {
    code: String,
    severity: String,
    message: String,
    path: String,
    start: Position,
    end: Position,
    range: ByteRange,
    labels: Vec<InLabel>,
    help: Option<String>,
    fingerprint: String,
    merge: Option<JsonNote>,
}

#[derive(Deserialize)]
struct InLabel {
    path: String,
    start: Position,
    end: Position,
    range: ByteRange,
    message: String,
}

#[derive(Deserialize)]
struct InShard {
    index: u32,
    total: u32,
    group: bool,
    used: Vec<InUsed>,
    unused: Vec<InUnused>,
}

#[derive(Deserialize)]
struct InUnused {
    at: usize,
    finding: InFinding,
    text_key: String,
    fingerprints: Vec<Option<String>>,
    in_diff: bool,
}

/// Reads a report [`render`] wrote. `rules` is the registry the findings' codes are looked up in (every rule
/// of the binary); a report written by another version of precheck than `precheck_version` is refused first
/// (it may name rules this one does not know, or mean other things by them). Errors are one line.
pub fn parse(text: &str, rules: &[&'static RuleMeta], precheck_version: &str) -> Result<Parsed, String> {
    #[derive(Deserialize)]
    struct Header {
        version: u32,
        precheck_version: Option<String>,
    }
    // The versions first: a report of another version may not parse as this one's.
    let header: Header = serde_json::from_str(text).map_err(|e| format!("not a precheck JSON report: {e}"))?;
    if header.version != VERSION {
        return Err(format!("JSON report version {}, this precheck reads version {VERSION}", header.version));
    }
    match header.precheck_version.as_deref() {
        Some(v) if v == precheck_version => {}
        Some(v) => {
            return Err(format!(
                "written by precheck {v}, this is precheck {precheck_version}: merge with the precheck that made the reports"
            ));
        }
        None => return Err(format!("written by a precheck older than {precheck_version} (no `precheck_version`)")),
    }
    let doc: InDocument = serde_json::from_str(text).map_err(|e| format!("not a precheck JSON report: {e}"))?;
    let (Some(precheck_version), Some(configuration), Some(fail_on), Some(codes)) =
        (doc.precheck_version, doc.configuration, doc.fail_on, doc.rules)
    else {
        return Err("not a complete precheck JSON report (no `configuration`, `fail_on` or `rules`)".into());
    };
    let fail_on = FailOn::parse(&fail_on).ok_or_else(|| format!("unknown `fail_on` value `{fail_on}`"))?;
    let rule =
        |code: &str| rules.iter().copied().find(|r| r.code == code).ok_or_else(|| format!("unknown rule `{code}`"));
    let report_rules = codes.iter().map(|c| rule(c)).collect::<Result<Vec<_>, _>>()?;
    let finding = |f: InFinding| -> Result<(Finding, Option<JsonNote>), String> {
        let meta = rule(&f.code)?;
        let severity = Severity::parse(&f.severity)
            .ok_or_else(|| format!("unknown severity `{}` of a {} finding", f.severity, f.code))?;
        let span = |path: String, start, end, range: ByteRange| Span {
            path: Arc::from(path),
            range: range.start..range.end,
            start,
            end,
        };
        let mut out = Finding::new(meta, span(f.path, f.start, f.end, f.range), f.message).with_severity(severity);
        out.labels = f
            .labels
            .into_iter()
            .map(|l| Label { span: span(l.path, l.start, l.end, l.range), message: l.message })
            .collect();
        out.help = f.help;
        out.fingerprint = f.fingerprint;
        Ok((out, f.merge))
    };
    let mut findings = Vec::with_capacity(doc.findings.len());
    let mut notes = Vec::with_capacity(doc.findings.len());
    for f in doc.findings {
        let (f, note) = finding(f)?;
        findings.push(f);
        notes.push(note);
    }
    let shard = match doc.shard {
        None => None,
        Some(s) => {
            let shard = Shard::new(s.index, s.total).map_err(|why| format!("shard {}/{}: {why}", s.index, s.total))?;
            let key = |text: &str| u128::from_str_radix(text, 16).map_err(|_| format!("invalid text key `{text}`"));
            let notes = notes
                .into_iter()
                .map(|n| {
                    let Some(n) = n else { return Err("a shard's finding without its `merge` note".to_string()) };
                    Ok(FindingNote { groupable: n.groupable, text_key: n.text_key.as_deref().map(key).transpose()? })
                })
                .collect::<Result<Vec<_>, String>>()?;
            let mut unused = Vec::with_capacity(s.unused.len());
            for u in s.unused {
                let (finding, _) = finding(u.finding)?;
                unused.push(UnusedSuppression {
                    at: u.at,
                    finding,
                    text_key: key(&u.text_key)?,
                    fingerprints: u.fingerprints,
                    in_diff: u.in_diff,
                });
            }
            let used = s.used.into_iter().map(|u| (Arc::from(u.path), u.at)).collect();
            Some(ShardPart { shard, group: s.group, notes, used, unused })
        }
    };
    let report = Report {
        findings,
        files: doc.summary.files,
        left_out: doc.summary.left_out,
        rules: report_rules,
        sources: Default::default(),
        configuration,
        shard,
    };
    Ok(Parsed { precheck_version, fail_on, report })
}
