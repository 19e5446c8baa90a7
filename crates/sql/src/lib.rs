//! precheck-sql: the `sql` check (skeleton; its rules arrive with its issue).

use precheck_core::{Check, RuleMeta};

#[derive(Debug, Default)]
pub struct SqlCheck;

impl Check for SqlCheck {
    fn id(&self) -> &'static str {
        "sql"
    }

    fn rules(&self) -> &'static [&'static RuleMeta] {
        &[]
    }
}
