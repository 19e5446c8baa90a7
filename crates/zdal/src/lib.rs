//! precheck-zdal: the `zdal` check (skeleton; its rules arrive with its issue).

use precheck_core::{Check, RuleMeta};

#[derive(Debug, Default)]
pub struct ZdalCheck;

impl Check for ZdalCheck {
    fn id(&self) -> &'static str {
        "zdal"
    }

    fn rules(&self) -> &'static [&'static RuleMeta] {
        &[]
    }
}
