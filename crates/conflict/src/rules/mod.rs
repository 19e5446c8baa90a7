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
