//! precheck-conflict: the `conflict` check.
//!
//! It owns leftover conflict markers in files (`CF001`, code.md §2) and, as the conflicts spec grows in,
//! merge-conflict prediction against the target and the release train (`CF002`–`CF006`). Rules live one per
//! file under `rules/`.

use precheck_core::{Check, FileCtx, FileInfo, FileMode, RuleMeta, Sink};

pub mod rules;

/// The `conflict` check.
#[derive(Debug, Default)]
pub struct ConflictCheck;

static RULES: [&RuleMeta; 1] = [&rules::conflict_marker::RULE];

impl Check for ConflictCheck {
    fn id(&self) -> &'static str {
        "conflict"
    }

    fn rules(&self) -> &'static [&'static RuleMeta] {
        &RULES
    }

    fn wants(&self, file: &FileInfo) -> bool {
        matches!(file.mode, FileMode::Regular | FileMode::Executable)
    }

    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        rules::conflict_marker::check(cx, out);
    }
}
