//! The `conflict` check's rules, one per file.

precheck_core::declare_rules! {
    cf001_conflict_marker,
    cf002_merge_conflict,
    cf003_branch_conflict,
    cf004_cannot_merge,
    cf005_both_modified,
    cf006_no_commit_graph,
    cf007_semantic_conflict,
    cf008_migration_version_clash,
    cf009_migration_out_of_order,
    cf010_applied_migration_changed,
}

/// The severity of a migration clash (CF008–CF010) between two open branches rather than with the target: at
/// most a warning, like CF003 — neither side is deployed yet and whichever merges second renumbers or rebases;
/// the merge into the target is where the clash is an error (conflicts.md §11).
pub fn migration_clash_between_branches(severity: precheck_core::Severity) -> precheck_core::Severity {
    severity.min(precheck_core::Severity::Warning)
}
