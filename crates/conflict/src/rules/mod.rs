//! One module per rule: its metadata, explanation and logic.

pub mod conflict_marker;
