//! CF010 applied-migration-changed: the head edits a migration the target already has.

use precheck_core::{Finding, RuleMeta, Severity, Span};

use crate::migrations::Migration;

pub static RULE: RuleMeta = RuleMeta::new(
    "conflict",
    "CF010",
    "applied-migration-changed",
    Severity::Error,
    "the head changes a Flyway migration that is already on the target",
    r#"## What it does
With `check --base TARGET`, reports a Flyway versioned migration (under `[conflict] migrations`) that
existed at the merge base, is still on the target, and that the head changed; likewise a Liquibase changeSet
(same id, author and changelog) that the base and the target have alike and whose text the head changed
(whitespace aside), unless it is `runOnChange` or declares a `validCheckSum`.

## Why
Every environment that deployed the target has applied that migration and recorded its checksum; the
changed file fails `flyway validate` there ("Migration checksum mismatch"), and the change itself never
runs.

## Example
```text
feature edits db/migration/V12__create_order.sql, which main already has
```

## Use instead
Leave applied migrations alone and add a new one (`V44__alter_order.sql`) that makes the change.
"#,
)
.repo();

/// The finding at a Liquibase changeSet the target has as the base had it, which the head edits.
pub(crate) fn changeset_finding(at: Span, head: &crate::liquibase::ChangeSet, target_name: &str) -> Finding {
    let message = format!(
        "changeSet `{}` by `{}` is already on `{target_name}` and this change edits it: its checksum no longer \
         matches DATABASECHANGELOG where it was applied",
        head.id, head.author
    );
    Finding::new(&RULE, at, message)
        .with_help("revert the edit and make the change in a new changeSet (or mark it runOnChange if it is meant to re-run)")
        .with_fingerprint_key(format!("changeset-changed\0{}\0{}\0{}", head.path, head.id, head.author).as_bytes())
}

/// The finding at the changed migration.
pub(crate) fn finding(head: &Migration, target_name: &str) -> Finding {
    let message = format!(
        "migration `{}` (version {}) is already on `{target_name}` and this change edits it: its checksum no longer matches where it was applied",
        head.path, head.version
    );
    Finding::new(&RULE, Span::file(head.path.as_str()), message)
        .with_help("revert the edit and make the change in a new migration")
        .with_fingerprint_key(format!("migration-changed\0{}", head.path).as_bytes())
}
