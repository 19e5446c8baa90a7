//! CF008 migration-version-clash: both sides add a migration with the same version.

use precheck_core::{Finding, RuleMeta, Severity, Span};

use crate::migrations::Migration;

pub static RULE: RuleMeta = RuleMeta::new(
    "conflict",
    "CF008",
    "migration-version-clash",
    Severity::Error,
    "the head and the target each add a Flyway migration with the same version",
    r#"## What it does
With `check --base TARGET`, compares the Flyway versioned migrations (`V<version>__<description>.sql` under
`[conflict] migrations`, default `**/db/migration/**` and `**/db/changelog/**`, plus the folders the project's
`spring.flyway.locations` / `flyway.locations` in `application*.properties` or `.yml` name) that the head and the target
added since their merge base, and reports a head migration whose version the target also added, in another
file or with other content. Versions compare numerically by their parts (`V1_10` is 1.10, after `V1_9`; `V1`
and `V1.0` are the same version). Repeatable migrations (`R__`) have no version and never clash. Liquibase
changelogs under the same globs (XML `<changeSet>` and formatted SQL `--changeset author:id`): a changeSet the
head adds whose id and author the target also adds to the same changelog, with other content.
Against the branches of `[conflict] release-branches`, and between two sources in `precheck conflicts
--matrix`, the clash is a warning (like CF003): neither side is deployed yet, whichever merges second renumbers.

## Why
git merges the two files cleanly: they have different names. Flyway does not: two migrations with one
version stop the deploy ("Found more than one migration with version 42"), on the release day, after both
branches were reviewed and tested alone.

## Example
```text
main adds    db/migration/V42__add_coupon_table.sql
feature adds db/migration/V42__add_order_index.sql
```

## Use instead
Renumber the head's migration above the target's highest version (`V43__add_order_index.sql`) before
merging.
"#,
)
.repo();

/// The finding at a Liquibase changeSet the head adds whose id and author the target also adds to the same
/// changelog, with other content.
pub(crate) fn changeset_finding(
    at: Span,
    head: &crate::liquibase::ChangeSet,
    target: &crate::liquibase::ChangeSet,
    target_name: &str,
) -> Finding {
    let message = format!(
        "changeSet `{}` by `{}` is also added by `{target_name}` with other content (line {}): Liquibase refuses \
         duplicate change set identifiers",
        head.id, head.author, target.line
    );
    Finding::new(&RULE, at, message)
        .with_help("give this changeSet a new id before merging")
        .with_fingerprint_key(format!("changeset\0{}\0{}\0{}", head.path, head.id, head.author).as_bytes())
}

/// The finding at the head's migration, naming the target's.
pub(crate) fn finding(head: &Migration, target: &[Migration], target_name: &str) -> Finding {
    let theirs: Vec<String> = target.iter().map(|m| format!("`{}`", m.path)).collect();
    let message = format!(
        "migration version {} is also added by `{target_name}` ({}): Flyway refuses two migrations with one version",
        head.version,
        theirs.join(", ")
    );
    let mut f = Finding::new(&RULE, Span::file(head.path.as_str()), message)
        .with_help("renumber this migration above the target's highest version before merging")
        .with_fingerprint_key(format!("migration-version\0{}", head.version).as_bytes());
    for m in target {
        f = f.with_label(Span::file(m.path.as_str()), format!("added on `{target_name}` with the same version"));
    }
    f
}
