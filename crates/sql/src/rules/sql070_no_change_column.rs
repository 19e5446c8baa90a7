//! SQL070 no-change-column: ALTER TABLE … CHANGE [COLUMN].

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};
use crate::ddl::{AlterOp, Ddl};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL070",
    "no-change-column",
    Severity::Warning,
    "ALTER TABLE … CHANGE COLUMN (rename and redefine in one clause)",
    r#"## What it does
Reports every `ALTER TABLE … CHANGE [COLUMN] old new definition`. MySQL only.

## Why
`CHANGE` renames and redefines at once: the whole definition must be repeated, and anything left out
(`NOT NULL`, the default, the comment, the charset, `AUTO_INCREMENT`) is silently dropped. When only the
name changes, `RENAME COLUMN` (MySQL 8.0+; on 5.7 `CHANGE` is the only way to rename) says so and keeps
the definition; when only the definition changes,
`MODIFY` does not touch the name (Bytebase COLUMN_DISALLOW_CHANGE, goInception enable_change_column;
renames break old code, squawk renaming-column, SQL034).

## Example
```sql
ALTER TABLE user CHANGE nick nick varchar(64);
```

## Use instead
`ALTER TABLE user MODIFY nick varchar(64) NOT NULL DEFAULT '' COMMENT 'nick';` (or `RENAME COLUMN a TO b`).
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let Some(Ddl::Alter(a)) = cx.ddl else { return };
    for op in &a.ops {
        let AlterOp::Change { old, col } = op else { continue };
        let renamed = col.name.as_ref().is_some_and(|n| n.lower() != old.lower());
        let (msg, help) = if renamed {
            (
                format!("`CHANGE` renames `{}` and redefines it in one clause", old.value),
                "on MySQL 8.0+, use `RENAME COLUMN` for the name and `MODIFY` for the definition; on 5.7 repeat the whole definition",
            )
        } else {
            (format!("`CHANGE` of `{}` keeps its name: it is a `MODIFY`", old.value), "use `MODIFY`")
        };
        out.add(&RULE, (old.start, old.end), msg, help);
    }
}
