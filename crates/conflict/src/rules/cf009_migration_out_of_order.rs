//! CF009 migration-out-of-order: the head adds a migration below the target's highest version.

use precheck_core::{Finding, RuleMeta, Severity, Span};

use crate::migrations::{Migration, Version};

pub static RULE: RuleMeta = RuleMeta::new(
    "conflict",
    "CF009",
    "migration-out-of-order",
    Severity::Warning,
    "the head adds a Flyway migration whose version is lower than one the target already has in that folder",
    r#"## What it does
With `check --base TARGET`, reports a Flyway versioned migration the head added (under `[conflict]
migrations`) whose version is lower than the highest version the target already has in the same folder.
Also against the branches of `[conflict] release-branches`: the release that merges first deploys first.

## Why
Environments that deployed the target have applied the higher version. Flyway then ignores the lower one
or fails validation ("Detected resolved migration not applied to database"), unless `outOfOrder` is
allowed; either way the change does not run where it was meant to.

## Example
```text
main has     db/migration/V43__add_coupon_table.sql
feature adds db/migration/V42__add_order_index.sql
```

## Use instead
Renumber the migration above the target's highest version (`V44__add_order_index.sql`).
"#,
)
.repo();

/// The finding at the head's migration, naming the target's highest one.
pub(crate) fn finding(head: &Migration, highest: &(Version, String), target_name: &str) -> Finding {
    let message = format!(
        "migration version {} is lower than {} (`{}`), which `{target_name}` already has: it would run out of order",
        head.version, highest.0, highest.1
    );
    Finding::new(&RULE, Span::file(head.path.as_str()), message)
        .with_help("renumber this migration above the target's highest version before merging")
        .with_label(Span::file(highest.1.as_str()), format!("the highest version on `{target_name}`"))
        .with_fingerprint_key(format!("migration-order\0{}", head.version).as_bytes())
}
