//! `human`: miette's graphical diagnostics, the default on a terminal.
//!
//! Each finding is one diagnostic: its header is the code and rule name (`CF001 conflict-marker`), then the
//! severity icon and message, a source snippet from [`Report::sources`] with the primary span labelled by
//! its severity and every label of the same file labelled by its message, and the help line. Labels in other
//! files (miette shows one source per diagnostic) follow as `  = note: path:line:col: message` lines. A finding
//! without a snippet — file-level, or its text is not in the report, or its range does not fit the text —
//! names its place before the message (`path: message`, `path:line:col: message`). Past
//! [`crate::statistics::HUMAN_THRESHOLD`] findings the per-rule counts follow; a summary line ends the output.
//!
//! Headers show the finding's own line and column (columns in Unicode scalar values, as everywhere in
//! precheck), not miette's byte-based ones.

use std::fmt;
use std::io::{self, Write};
use std::ops::Range;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, SourceCode, SourceSpan, SpanContents,
};
use precheck_core::{Finding, Report, Severity, Span};

use crate::{RenderOptions, is_file_level, location, summary_line};

/// The wrapping width when [`RenderOptions::width`] is `None`.
pub const DEFAULT_WIDTH: usize = 100;

/// Writes `report` as graphical diagnostics and a summary line; colours only when `options.color`.
pub fn render(report: &Report, options: &RenderOptions<'_>, out: &mut dyn Write) -> io::Result<()> {
    let theme = if options.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width.unwrap_or(DEFAULT_WIDTH))
        .with_links(false)
        .without_syntax_highlighting();
    for finding in &report.findings {
        let source = report.sources.get(&*finding.primary.path).map(|t| &**t);
        let mut diagnostic = FindingDiagnostic::new(finding, source);
        let mut text = String::new();
        if handler.render_report(&mut text, &diagnostic).is_err() {
            // miette could not read a snippet after all: show the finding without one.
            text.clear();
            diagnostic = FindingDiagnostic::new(finding, None);
            handler.render_report(&mut text, &diagnostic).map_err(|_| io::Error::other("cannot render a finding"))?;
        }
        out.write_all(text.as_bytes())?;
        for note in &diagnostic.notes {
            writeln!(out, "  = note: {note}")?;
        }
        writeln!(out)?;
    }
    // A long report ends with what it is made of (ruff's `--statistics`).
    if report.findings.len() > crate::statistics::HUMAN_THRESHOLD {
        crate::statistics::write_table(report, out)?;
        writeln!(out)?;
    }
    writeln!(out, "{}", summary_line(&report.summary()))
}

/// One finding, seen by miette.
#[derive(Debug)]
struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    /// `CODE name`, miette's header.
    code: String,
    /// The message, prefixed with the location when the snippet does not show the primary span.
    message: String,
    source: Option<Snippet<'a>>,
    labels: Vec<LabeledSpan>,
    /// Labels that are not in the snippet, as `path:line:col: message`.
    notes: Vec<String>,
}

impl<'a> FindingDiagnostic<'a> {
    /// The diagnostic of `finding`, with a snippet of `text` (its file's text) where its spans fit.
    fn new(finding: &'a Finding, text: Option<&'a str>) -> FindingDiagnostic<'a> {
        let primary = &finding.primary;
        let fits = |span: &Span| !is_file_level(span) && text.is_some_and(|t| fits(t, &span.range));

        let mut labels = Vec::new();
        let mut notes = Vec::new();
        let shows_primary = fits(primary);
        if shows_primary {
            let label = Some(finding.severity.as_str().to_string());
            labels.push(LabeledSpan::new_primary_with_span(label, to_source_span(&primary.range)));
        }
        for label in &finding.labels {
            if label.span.path == primary.path && fits(&label.span) {
                labels.push(LabeledSpan::new_with_span(Some(label.message.clone()), to_source_span(&label.span.range)));
            } else {
                notes.push(format!("{}: {}", location(&label.span), label.message));
            }
        }
        let source = match text {
            Some(text) if !labels.is_empty() => Some(Snippet { name: &primary.path, text }),
            _ => None,
        };
        let message =
            if shows_primary { finding.message.clone() } else { format!("{}: {}", location(primary), finding.message) };
        FindingDiagnostic {
            finding,
            code: format!("{} {}", finding.code, finding.name),
            message,
            source,
            labels,
            notes,
        }
    }
}

/// Whether `range` is a valid slice of `text`.
fn fits(text: &str, range: &Range<usize>) -> bool {
    range.start <= range.end && text.get(range.clone()).is_some()
}

fn to_source_span(range: &Range<usize>) -> SourceSpan {
    SourceSpan::from(range.start..range.end)
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.finding.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display + 'b>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() { None } else { Some(Box::new(self.labels.iter().cloned())) }
    }
}

/// A file's text under its repo-relative name, reporting lines by `\n` and columns in Unicode scalar values.
#[derive(Debug)]
struct Snippet<'a> {
    name: &'a str,
    text: &'a str,
}

impl SourceCode for Snippet<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let inner = self.text.read_span(span, context_lines_before, context_lines_after)?;
        let start = inner.span().offset();
        let before = self.text.get(..start).ok_or(MietteError::OutOfBounds)?;
        let line = before.matches('\n').count();
        let column = before.rsplit('\n').next().unwrap_or(before).chars().count();
        Ok(Box::new(Contents { inner, name: self.name, line, column }))
    }
}

/// miette's contents with precheck's name, line and column.
struct Contents<'a> {
    inner: Box<dyn SpanContents<'a> + 'a>,
    name: &'a str,
    line: usize,
    column: usize,
}

impl<'a> SpanContents<'a> for Contents<'a> {
    fn data(&self) -> &'a [u8] {
        self.inner.data()
    }

    fn span(&self) -> &SourceSpan {
        self.inner.span()
    }

    fn name(&self) -> Option<&str> {
        Some(self.name)
    }

    fn line(&self) -> usize {
        self.line
    }

    fn column(&self) -> usize {
        self.column
    }

    fn line_count(&self) -> usize {
        self.inner.line_count()
    }
}
