//! Findings: what a rule reports, where, and how bad it is.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::rule::RuleMeta;

/// How bad a finding is. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    /// The lower-case name used in config and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `error`, `warning` or `info` (also `E`, `W`, `I`).
    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "error" | "e" => Some(Severity::Error),
            "warning" | "warn" | "w" => Some(Severity::Warning),
            "info" | "i" => Some(Severity::Info),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A 1-based line and column; columns count Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

impl Position {
    pub const START: Position = Position { line: 1, column: 1 };
}

/// A place in a file: repo-relative `/`-separated path, byte range in the decoded text, and 1-based start
/// and (exclusive) end positions.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    pub path: Arc<str>,
    pub range: Range<usize>,
    pub start: Position,
    pub end: Position,
}

impl Span {
    /// A span for a finding that has no place inside its file (line 1, column 1, empty range).
    pub fn file(path: impl Into<Arc<str>>) -> Span {
        Span { path: path.into(), range: 0..0, start: Position::START, end: Position::START }
    }

    /// Whether this span covers any line in `lines` (inclusive line numbers).
    pub fn touches_lines(&self, start: u32, end: u32) -> bool {
        let last =
            if self.end.column == 1 && self.end.line > self.start.line { self.end.line - 1 } else { self.end.line };
        self.start.line <= end && last >= start
    }
}

/// A secondary span with its own message ("declared here", "the other jar").
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// One problem found by one rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub code: &'static str,
    pub name: &'static str,
    pub check: &'static str,
    pub severity: Severity,
    pub message: String,
    pub primary: Span,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    /// A suggested replacement text for the primary span, when the rule knows one.
    pub fix: Option<String>,
    /// 32 hex digits (xxh3-128). Filled by the runner unless the rule set it (secrets hash the secret).
    pub fingerprint: String,
    /// Byte ranges of the primary file's text that must never be shown (a secret): renderers that quote
    /// source lines get them masked.
    pub redact: Vec<Range<usize>>,
}

impl Finding {
    /// A finding of `rule` at its default severity.
    pub fn new(rule: &'static RuleMeta, primary: Span, message: impl Into<String>) -> Finding {
        Finding {
            code: rule.code,
            name: rule.name,
            check: rule.check,
            severity: rule.default_severity,
            message: message.into(),
            primary,
            labels: Vec::new(),
            help: None,
            fix: None,
            fingerprint: String::new(),
            redact: Vec::new(),
        }
    }

    /// Adds a secondary label.
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Finding {
        self.labels.push(Label { span, message: message.into() });
        self
    }

    /// Sets the help line (what to do).
    pub fn with_help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    /// Reports at `severity` instead of the rule's default (rules that are E in one case and W in another).
    pub fn with_severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }

    /// Fingerprints the finding by `key` (e.g. a secret) instead of by its text; the key is never stored.
    pub fn with_fingerprint_key(mut self, key: &[u8]) -> Finding {
        self.fingerprint = crate::fingerprint::of_key(self.code, &self.primary.path, key);
        self
    }

    /// Marks the primary span as a secret: the fingerprint hashes `secret` (never stored) and the primary span's
    /// text is masked wherever source lines are shown.
    pub fn with_secret(mut self, secret: &[u8]) -> Finding {
        self.redact.push(self.primary.range.clone());
        self.with_fingerprint_key(secret)
    }

    /// The sort key the runner orders findings by: path, line, column, code, then message.
    pub fn sort_key(&self) -> (&str, u32, u32, &str, &str) {
        (&self.primary.path, self.primary.start.line, self.primary.start.column, self.code, &self.message)
    }
}
