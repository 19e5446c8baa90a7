//! precheck-report: every way precheck writes a [`Report`] out.
//!
//! It owns the output formats of `precheck check --format FMT` — one module per format, each a small
//! renderer over the shared findings model of precheck-core — and the per-rule counts of [`statistics`]:
//!
//! | format | module | for |
//! | --- | --- | --- |
//! | `human` | [`human`] | a terminal: miette graphical diagnostics with source snippets |
//! | `concise` | [`concise`] | logs and editors: `path:line:col: CODE message`, one line per finding |
//! | `json` | [`json`] | other tools: the stable, versioned shape of DESIGN.md |
//! | `sarif` | [`sarif`] | code scanning (SARIF 2.1.0) |
//! | `gitlab` | [`gitlab`] | GitLab Code Quality reports |
//! | `junit` | [`junit`] | CI test report views (JUnit XML) |
//! | `github` | [`github`] | GitHub Actions workflow-command annotations |
//! | `checkstyle` | [`checkstyle`] | reviewdog, Jenkins and other checkstyle consumers |
//!
//! The baseline file is a data format, not a rendering: it lives in `precheck_core::baseline`. Rule pages
//! (`docs/rules/<CODE>.md`, where SARIF's `helpUri` points) are rendered from rule metadata by [`rule_page`].
//!
//! Every renderer writes to a `&mut dyn Write` and nothing else: no printing, no process exit, no clock, no
//! environment. Output is a function of the report alone (and of [`RenderOptions`]), so it is byte-identical
//! run to run. Paths are written as the report holds them: repo-relative and `/`-separated.

#![warn(clippy::string_slice)]

use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

use precheck_core::{Report, Span, Summary};

pub mod checkstyle;
pub mod concise;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod rule_page;
pub mod sarif;
pub mod statistics;
mod xml;

/// An output format of `precheck check --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Format {
    Human,
    Concise,
    Json,
    Sarif,
    Gitlab,
    Junit,
    Github,
    Checkstyle,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Format; 8] = [
        Format::Human,
        Format::Concise,
        Format::Json,
        Format::Sarif,
        Format::Gitlab,
        Format::Junit,
        Format::Github,
        Format::Checkstyle,
    ];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Concise => "concise",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Gitlab => "gitlab",
            Format::Junit => "junit",
            Format::Github => "github",
            Format::Checkstyle => "checkstyle",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = String;

    /// Parses a format name (case-insensitive); the error lists the valid names.
    fn from_str(s: &str) -> Result<Format, String> {
        let wanted = s.trim();
        Format::ALL.into_iter().find(|f| f.as_str().eq_ignore_ascii_case(wanted)).ok_or_else(|| {
            let names: Vec<&str> = Format::ALL.iter().map(|f| f.as_str()).collect();
            format!("unknown format `{wanted}`; expected one of: {}", names.join(", "))
        })
    }
}

/// What a renderer needs besides the report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RenderOptions<'a> {
    /// ANSI colours in `human` output (the caller decides from NO_COLOR and terminal detection).
    pub color: bool,
    /// precheck's version for SARIF's `tool.driver.version`, e.g. the binary's `env!("CARGO_PKG_VERSION")`.
    pub tool_version: &'a str,
    /// Terminal width for wrapping `human` output; `None` uses [`human::DEFAULT_WIDTH`].
    pub width: Option<usize>,
    /// The run's `fail-on`: JUnit makes a failing test case of each finding at or above it, and lists the
    /// others as output only.
    pub fail_on: precheck_core::FailOn,
    /// SARIF: the analysis' category, written as `automationDetails.id` `"<category>/"` (GitHub code
    /// scanning keeps one set of alerts per category); empty means `precheck`.
    pub category: &'a str,
    /// SARIF: GitHub code scanning's `security-severity` ("0.0"–"10.0") of the security rules, by code; those
    /// rules are also tagged `security`.
    pub security_severity: &'a [(&'a str, &'a str)],
}

/// Writes `report` to `out` in `format`.
pub fn render(format: Format, report: &Report, options: &RenderOptions<'_>, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Human => human::render(report, options, out),
        Format::Concise => concise::render(report, out),
        Format::Json => json::render(report, options, out),
        Format::Sarif => sarif::render(report, options, out),
        Format::Gitlab => gitlab::render(report, out),
        Format::Junit => junit::render(report, options.fail_on, out),
        Format::Github => github::render(report, out),
        Format::Checkstyle => checkstyle::render(report, out),
    }
}

/// The closing line of the text formats: "Found 3 findings (2 errors, 1 warning) in 120 files." or
/// "No findings in 120 files.".
pub fn summary_line(summary: &Summary) -> String {
    let files = plural(summary.files, "file", "files");
    let files = match summary.left_out {
        0 => files,
        n => format!("{files} ({n} vendored, generated or minified left out of the hygiene rules)"),
    };
    if summary.findings == 0 {
        return format!("No findings in {files}.");
    }
    let mut parts = Vec::new();
    if summary.errors > 0 {
        parts.push(plural(summary.errors, "error", "errors"));
    }
    if summary.warnings > 0 {
        parts.push(plural(summary.warnings, "warning", "warnings"));
    }
    if summary.infos > 0 {
        parts.push(plural(summary.infos, "info", "infos"));
    }
    format!("Found {} ({}) in {files}.", plural(summary.findings, "finding", "findings"), parts.join(", "))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Whether a span marks a whole file rather than a place in it (line 1, column 1, empty range).
pub(crate) fn is_file_level(span: &Span) -> bool {
    span.range.is_empty() && span.start == precheck_core::Position::START && span.end == precheck_core::Position::START
}

/// `path` for a file-level span, else `path:line:col`.
pub(crate) fn location(span: &Span) -> String {
    if is_file_level(span) {
        span.path.to_string()
    } else {
        format!("{}:{}:{}", span.path, span.start.line, span.start.column)
    }
}

/// The metadata of rule `code`: from the report's rule table, else precheck's own `PC` rules.
pub(crate) fn rule_meta(report: &Report, code: &str) -> Option<&'static precheck_core::RuleMeta> {
    report.rule(code).or_else(|| precheck_core::pc::RULES.iter().copied().find(|r| r.code == code))
}

/// Replaces line breaks with spaces, for formats whose records are one line each.
pub(crate) fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(['\n', '\r']) {
        let joined: String =
            text.replace("\r\n", " ").chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }).collect();
        std::borrow::Cow::Owned(joined)
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip() {
        for format in Format::ALL {
            assert_eq!(format.as_str().parse::<Format>(), Ok(format));
            assert_eq!(format.to_string(), format.as_str());
        }
        assert_eq!("SARIF".parse::<Format>(), Ok(Format::Sarif));
        let err = "xml".parse::<Format>().expect_err("not a format");
        assert!(err.contains("`xml`") && err.contains("checkstyle"), "{err}");
    }

    #[test]
    fn summary_line_counts_and_plurals() {
        let none = Summary { files: 120, ..Summary::default() };
        assert_eq!(summary_line(&none), "No findings in 120 files.");
        let some = Summary { files: 1, findings: 3, errors: 2, warnings: 1, infos: 0, left_out: 0 };
        assert_eq!(summary_line(&some), "Found 3 findings (2 errors, 1 warning) in 1 file.");
        let one = Summary { files: 2, findings: 1, errors: 0, warnings: 0, infos: 1, left_out: 0 };
        assert_eq!(summary_line(&one), "Found 1 finding (1 info) in 2 files.");
        let vendored = Summary { files: 9, left_out: 4, ..Summary::default() };
        assert_eq!(
            summary_line(&vendored),
            "No findings in 9 files (4 vendored, generated or minified left out of the hygiene rules)."
        );
    }

    #[test]
    fn one_line_joins_line_breaks() {
        assert_eq!(one_line("a\r\nb\nc\rd"), "a b c d");
        assert!(matches!(one_line("plain"), std::borrow::Cow::Borrowed("plain")));
    }
}
