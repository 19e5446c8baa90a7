//! SQL018 column-comment: a column without COMMENT.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx, defined_columns};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL018",
    "column-comment",
    Severity::Warning,
    "column definition without a COMMENT (or one over `comment-max-length`)",
    r#"## What it does
Reports a column of CREATE TABLE or ALTER TABLE ADD/MODIFY/CHANGE without a non-empty `COMMENT '…'`, or
with one longer than `[sql] comment-max-length` (0 = no limit).

## Why
Undocumented columns get misused (Alibaba manual: recommended; Bytebase, goInception
check_column_comment, SOAR COL.005).

## Example
```sql
ALTER TABLE coupon ADD COLUMN status tinyint unsigned NOT NULL DEFAULT 0;
```

## Use instead
`ALTER TABLE coupon ADD COLUMN status tinyint unsigned NOT NULL DEFAULT 0 COMMENT '0 new, 1 used';`
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let max = cx.settings.cfg.comment_max_length;
    for c in defined_columns(cx.ddl) {
        let Some(name) = &c.name else { continue };
        match &c.comment {
            Some(text) if !text.trim().is_empty() => {
                let len = text.chars().count();
                if max > 0 && len > max {
                    out.add(
                        &RULE,
                        (name.start, name.end),
                        format!("comment of column `{}` has {len} characters; the limit is {max}", name.value),
                        "shorten the comment",
                    );
                }
            }
            _ => {
                out.add(
                    &RULE,
                    (name.start, name.end),
                    format!("column `{}` has no comment", name.value),
                    "add `COMMENT '…'` to the column",
                );
            }
        }
    }
}
