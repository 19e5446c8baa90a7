//! Every rule of the `code` check, one per file: its metadata, its explanation and its logic.

pub mod rust;
pub mod text;
