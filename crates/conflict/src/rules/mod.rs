//! The `conflict` check's rules, one per file.

precheck_core::declare_rules! {
    conflict_marker,
    merge_conflict,
    branch_conflict,
    cannot_merge,
    both_modified,
    no_commit_graph,
}
