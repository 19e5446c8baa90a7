//! Every rule of the `code` check, one per file: its metadata, its explanation and its logic.

use precheck_core::{RuleMeta, Severity};

pub mod rust;
// On the directories: their mod.rs files are being rewritten too, so the allows cannot sit on the modules
// with slices yet (secrets: high_entropy_string, private_key; text: branch_permalink, case_conflict,
// invalid_json, invalid_xml, invalid_yaml, new_submodule, todo_comment).
#[allow(clippy::string_slice, reason = "not yet reviewed: rules/secrets/ is being rewritten")]
pub mod secrets;
#[allow(clippy::string_slice, reason = "not yet reviewed: rules/text/ is being rewritten")]
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
