//! The `conflict` check's rules, one per file.

pub mod both_modified;
pub mod branch_conflict;
pub mod cannot_merge;
pub mod conflict_marker;
pub mod merge_conflict;
pub mod no_commit_graph;
