//! Secrets, one home (code.md §4): the engine that runs every pattern table over a file (`engine`: keyword
//! prefilter, regex, entropy floor, allowlists, redaction), the repository's own gitleaks-like rule tables
//! (`custom`, `[code] secret-rules`) and the rules with their tables (`rules`, TXT101–TXT108).

pub(crate) mod custom;
pub(crate) mod engine;
pub mod rules;

pub use engine::check;
