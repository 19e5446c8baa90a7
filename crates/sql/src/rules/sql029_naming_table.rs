//! SQL029 naming-table: table names against `table-name-regex` and `identifier-max-length`.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};
use crate::ddl::{AlterOp, Ddl, Name};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL029",
    "naming-table",
    Severity::Warning,
    "table name not matching `table-name-regex` or longer than `identifier-max-length`",
    r#"## What it does
Checks the names of new and renamed tables against `[sql] table-name-regex` (default lower_snake,
`^[a-z][a-z0-9_]*$`) and `identifier-max-length` (64). Quoted names keep their case.

## Why
Table names are file names on disk: mixed case behaves differently on Linux and macOS/Windows
(`lower_case_table_names`) (Alibaba manual: mandatory; Bytebase NAMING_TABLE, SOAR STA.004).

## Example
```sql
CREATE TABLE `UserOrder` (…);
```

## Use instead
`CREATE TABLE user_order (…);`
"#,
)
.opt_in();

/// The new table names a statement introduces.
fn names(ddl: Option<&Ddl>) -> Vec<&Name> {
    match ddl {
        Some(Ddl::Create(ct)) => ct.name.iter().collect(),
        Some(Ddl::Alter(a)) => {
            a.ops.iter().filter_map(|o| if let AlterOp::RenameTable(n) = o { Some(n) } else { None }).collect()
        }
        Some(Ddl::RenameTable { pairs }) => pairs.iter().map(|(_, b)| b).collect(),
        _ => Vec::new(),
    }
}

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let max = cx.settings.cfg.identifier_max_length;
    for n in names(cx.ddl) {
        if !cx.settings.table_name.is_match(&n.value) {
            out.add(
                &RULE,
                (n.start, n.end),
                format!("table name `{}` does not match `{}`", n.value, cx.settings.cfg.table_name_regex),
                "use lower_snake_case",
            );
        } else if n.value.chars().count() > max {
            out.add(
                &RULE,
                (n.start, n.end),
                format!("table name `{}` is longer than {max} characters", n.value),
                "shorten the name",
            );
        }
    }
}
