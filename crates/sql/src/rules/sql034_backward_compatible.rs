//! SQL034 backward-compatible: schema changes the running application version does not survive.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};
use crate::ddl::{AlterOp, Ddl, IndexKind};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL034",
    "backward-compatible",
    Severity::Error,
    "DROP/RENAME COLUMN, RENAME TABLE, or a new PRIMARY/UNIQUE/CHECK constraint on an existing table",
    r#"## What it does
Reports changes that break the application version still running during a rollout: `DROP COLUMN`,
`RENAME COLUMN`, `CHANGE` to a new name, `RENAME TABLE` / `RENAME TO`, and adding a PRIMARY KEY, UNIQUE
or CHECK constraint to an existing table. `DROP TABLE` is SQL035.

"Existing" uses the repository's schema: a table is existing when the earlier migrations (the repository's
`.sql` files before this one in migration order, replayed) create it and this file does not create it
before the ALTER. A new table — created earlier in the same file, or created by no earlier migration — may
get any constraint. In a repository whose earlier migrations create no table at all (the schema lives
elsewhere), every table not created earlier in the same file counts as existing. The migrations are read
only for a file that adds a PRIMARY/UNIQUE/CHECK constraint or an index.

## Why
Old code still selects the dropped column or writes rows the new constraint rejects (Alibaba manual:
mandatory; Bytebase SCHEMA_BACKWARD_COMPATIBILITY, SOAR ALT.003/004, squawk ban-drop-column, renaming-*).

## Example
```sql
ALTER TABLE user DROP COLUMN nick;
```

## Use instead
Stop using the column in one release; drop it in a later one.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let help = "ship the application change first; make the incompatible change in a later release";
    match cx.ddl {
        Some(Ddl::Alter(a)) => {
            let t = &a.name.value;
            let existing = is_existing(cx, &a.name.lower());
            for op in &a.ops {
                let hit = match op {
                    AlterOp::DropColumn(n) => Some((
                        n.start,
                        n.end,
                        format!("dropping column `{}` of `{t}` breaks code that still reads it", n.value),
                    )),
                    AlterOp::RenameColumn { old, .. } => Some((
                        old.start,
                        old.end,
                        format!("renaming column `{}` of `{t}` breaks code that still uses the old name", old.value),
                    )),
                    AlterOp::Change { old, col } if col.name.as_ref().is_some_and(|n| n.lower() != old.lower()) => {
                        Some((
                            old.start,
                            old.end,
                            format!("`CHANGE` renames column `{}` of `{t}`: code using the old name breaks", old.value),
                        ))
                    }
                    AlterOp::RenameTable(n) => {
                        Some((n.start, n.end, format!("renaming table `{t}` breaks code that still uses it")))
                    }
                    AlterOp::AddIndex(i) if existing && matches!(i.kind, IndexKind::Primary | IndexKind::Unique) => {
                        Some((
                            i.start,
                            i.end,
                            format!("new primary or unique key on existing table `{t}` rejects rows old code writes"),
                        ))
                    }
                    AlterOp::AddCheck(s, e) if existing => Some((
                        *s,
                        *e,
                        format!("new CHECK constraint on existing table `{t}` rejects rows old code writes"),
                    )),
                    _ => None,
                };
                if let Some((s, e, msg)) = hit {
                    out.add(&RULE, (s, e), msg, help);
                }
            }
        }
        Some(Ddl::RenameTable { pairs }) => {
            for (a, _) in pairs {
                out.add(
                    &RULE,
                    (a.start, a.end),
                    format!("renaming table `{}` breaks code that still uses it", a.value),
                    help,
                );
            }
        }
        _ => {}
    }
}

/// Whether the table exists before this file: the schema's earlier migrations know it and this file did not
/// create it; without any known schema, whatever this file did not create.
fn is_existing(cx: &StmtCx<'_>, table: &str) -> bool {
    if cx.file_tables.contains(table) {
        return false;
    }
    !cx.schema_known || cx.schema.is_some_and(|c| c.tables.contains_key(table))
}
