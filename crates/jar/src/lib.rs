//! precheck-jar: the `jar` check (skeleton; its rules arrive with its issue).

use precheck_core::{Check, RuleMeta};

#[derive(Debug, Default)]
pub struct JarCheck;

impl Check for JarCheck {
    fn id(&self) -> &'static str {
        "jar"
    }

    fn rules(&self) -> &'static [&'static RuleMeta] {
        &[]
    }
}
