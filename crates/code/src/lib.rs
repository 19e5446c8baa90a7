//! precheck-code: the `code` check (skeleton; the rules arrive with the code-checks issue).

use precheck_core::{Check, RuleMeta};

#[derive(Debug, Default)]
pub struct CodeCheck;

impl Check for CodeCheck {
    fn id(&self) -> &'static str {
        "code"
    }

    fn rules(&self) -> &'static [&'static RuleMeta] {
        &[]
    }
}
