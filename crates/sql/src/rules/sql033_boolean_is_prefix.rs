//! SQL033 boolean-is-prefix: yes/no columns named `is_xxx` and typed `tinyint unsigned`.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx, defined_columns};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL033",
    "boolean-is-prefix",
    Severity::Warning,
    "yes/no column not named `is_xxx`, or an `is_xxx` column not `tinyint unsigned`",
    r#"## What it does
Reports a column typed as a yes/no value (`bool`, `boolean`, `bit(1)`, `tinyint(1)`) whose name does not
start with `[sql] boolean-prefix` (default `is_`), and an `is_xxx` column whose type is not
`tinyint unsigned`.

## Why
The Alibaba manual (mandatory) fixes the convention so that ORM mappings of yes/no flags are uniform.

## Example
```sql
ALTER TABLE user ADD COLUMN is_deleted varchar(1) NOT NULL DEFAULT 'N' COMMENT 'deleted';
```

## Use instead
`is_deleted tinyint unsigned NOT NULL DEFAULT 0 COMMENT '1 deleted, 0 not'`.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let prefix = cx.settings.cfg.boolean_prefix.to_ascii_lowercase();
    if prefix.is_empty() {
        return;
    }
    for c in defined_columns(cx.ddl) {
        let Some(name) = &c.name else { continue };
        let named = name.lower().starts_with(&prefix);
        let boolish = matches!(c.ty.as_str(), "bool" | "boolean")
            || (c.ty == "bit" && c.args.first().is_none_or(|n| *n == 1))
            || (c.ty == "tinyint" && c.args.first() == Some(&1));
        if named && !(c.ty == "tinyint" && c.unsigned) {
            out.add(
                &RULE,
                (c.ty_start, c.ty_end),
                format!("yes/no column `{}` is `{}`, not `tinyint unsigned`", name.value, c.full_type()),
                "declare it `tinyint unsigned`",
            );
        } else if !named && boolish {
            out.add(
                &RULE,
                (name.start, name.end),
                format!("yes/no column `{}` is not named `{prefix}xxx`", name.value),
                "name yes/no columns with the prefix and type them `tinyint unsigned`",
            );
        }
    }
}
