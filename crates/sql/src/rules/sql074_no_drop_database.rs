//! SQL074 no-drop-database: DROP DATABASE / DROP SCHEMA.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL074",
    "no-drop-database",
    Severity::Error,
    "DROP DATABASE or DROP SCHEMA",
    r#"## What it does
Reports `DROP DATABASE` and `DROP SCHEMA` (with or without `IF EXISTS`), on tokens.

## Why
It deletes every table of the database at once and cannot be rolled back; in a migration or a script run
by a pipeline, one wrong connection target loses production (Bytebase, goInception enable_drop_database,
squawk).

## Example
```sql
DROP DATABASE IF EXISTS mall;
```

## Use instead
Drop databases by hand, after a backup; keep create-from-scratch scripts for empty environments out of
the migration path.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let toks = cx.toks();
    let (Some(first), Some(second)) = (toks.first(), toks.get(1)) else { return };
    if first.is("DROP") && (second.is("DATABASE") || second.is("SCHEMA")) {
        out.add(
            &RULE,
            (first.start, second.end),
            format!("`DROP {}` deletes every table in it", second.word().unwrap_or_default().to_ascii_uppercase()),
            "drop databases by hand, after a backup",
        );
    }
}
