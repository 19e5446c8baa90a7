//! SQL030 naming-column: column names against `column-name-regex` and `identifier-max-length`.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx, defined_columns};
use crate::ddl::{AlterOp, Ddl};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL030",
    "naming-column",
    Severity::Warning,
    "column name not matching `column-name-regex` or longer than `identifier-max-length`",
    r#"## What it does
Checks the names of new and renamed columns against `[sql] column-name-regex` (default lower_snake) and
`identifier-max-length` (64). Quoted names keep their case.

## Why
A consistent convention keeps ORM mappings predictable (Alibaba manual: mandatory; Bytebase
NAMING_COLUMN, SOAR STA.004).

## Example
```sql
ALTER TABLE user ADD COLUMN `userName` varchar(32) NOT NULL DEFAULT '' COMMENT 'name';
```

## Use instead
`user_name`.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let max = cx.settings.cfg.identifier_max_length;
    let mut names: Vec<&crate::ddl::Name> =
        defined_columns(cx.ddl).into_iter().filter_map(|c| c.name.as_ref()).collect();
    if let Some(Ddl::Alter(a)) = cx.ddl {
        names.extend(
            a.ops.iter().filter_map(|o| if let AlterOp::RenameColumn { new, .. } = o { Some(new) } else { None }),
        );
    }
    for n in names {
        if !cx.settings.column_name.is_match(&n.value) {
            out.add(
                &RULE,
                (n.start, n.end),
                format!("column name `{}` does not match `{}`", n.value, cx.settings.cfg.column_name_regex),
                "use lower_snake_case",
            );
        } else if n.value.chars().count() > max {
            out.add(
                &RULE,
                (n.start, n.end),
                format!("column name `{}` is longer than {max} characters", n.value),
                "shorten the name",
            );
        }
    }
}
