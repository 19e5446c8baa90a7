//! Every rule of the `code` check, one per file: its metadata, its explanation and its logic.

use precheck_core::{RuleMeta, Severity};

pub mod rust;
pub mod text;

/// A rule of the `code` check that `ALL` and prefixes switch on.
pub(crate) const fn meta(
    code: &'static str,
    name: &'static str,
    default_severity: Severity,
    summary: &'static str,
    explanation: &'static str,
) -> RuleMeta {
    RuleMeta { code, name, check: "code", default_severity, default_enabled: true, summary, explanation }
}
