//! SQL038 update-sets-modified-time: a mapper UPDATE that does not set the modified-time column.

use precheck_core::{RuleMeta, Severity};
use sqlparser::ast::{AssignmentTarget, Statement};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL038",
    "update-sets-modified-time",
    Severity::Warning,
    "mapper UPDATE that does not set `modified-time-column` (default `gmt_modified`)",
    r#"## What it does
Reports an UPDATE statement of a MyBatis/iBatis mapper that does not assign `[sql] modified-time-column`
(default `gmt_modified`), unless the schema declares that column `ON UPDATE CURRENT_TIMESTAMP` or the
table has no such column.

This rule needs the schema: precheck builds it without a database by replaying the CREATE/ALTER
statements of the repository's `.sql` files in migration order. When the table is unknown the rule
still reports.

## Why
Incremental sync, caches and audits select rows changed since a time; an update that leaves the column
alone is invisible to them (Alibaba manual: mandatory).

## Example
```xml
<update id="close">UPDATE pay_order SET status = 9 WHERE id = #{id}</update>
```

## Use instead
`UPDATE pay_order SET status = 9, gmt_modified = now() WHERE id = #{id}`
"#,
)
.opt_in()
.repo();

/// The updated table (lower case) when `ast` is an UPDATE that does not assign `column`.
pub fn misses(ast: &Statement, column: &str) -> Option<String> {
    let Statement::Update(u) = ast else { return None };
    let sets = u.assignments.iter().any(|a| match &a.target {
        AssignmentTarget::ColumnName(n) => {
            n.0.last().is_some_and(|p| p.to_string().trim_matches('`').eq_ignore_ascii_case(column))
        }
        AssignmentTarget::Tuple(list) => list.iter().any(|n| n.to_string().eq_ignore_ascii_case(column)),
    });
    if sets {
        return None;
    }
    let table = u.table.relation.to_string();
    Some(table.rsplit('.').next().unwrap_or(&table).trim_matches('`').to_ascii_lowercase())
}
