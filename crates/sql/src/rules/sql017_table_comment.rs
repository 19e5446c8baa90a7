//! SQL017 table-comment: a table without COMMENT.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};
use crate::ddl::Ddl;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL017",
    "table-comment",
    Severity::Warning,
    "CREATE TABLE without a COMMENT (or one over `comment-max-length`)",
    r#"## What it does
Reports a CREATE TABLE without a non-empty `COMMENT='…'` table option, or with one longer than
`[sql] comment-max-length` characters (0 = no limit).

## Why
The schema is the documentation DBAs and data teams read (Alibaba manual: recommended; Bytebase,
goInception check_table_comment, SOAR CLA.011).

## Example
```sql
CREATE TABLE coupon (…) ENGINE=InnoDB;
```

## Use instead
`CREATE TABLE coupon (…) ENGINE=InnoDB COMMENT='issued coupons';`
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let Some(Ddl::Create(ct)) = cx.ddl else { return };
    let Some(name) = &ct.name else { return };
    if !ct.has_body || ct.temporary {
        return;
    }
    match ct.option("COMMENT") {
        Some(o) if !o.value.trim().is_empty() => {
            let max = cx.settings.cfg.comment_max_length;
            let len = o.value.chars().count();
            if max > 0 && len > max {
                out.add(
                    &RULE,
                    (o.start, o.end),
                    format!("comment of table `{}` has {len} characters; the limit is {max}", name.value),
                    "shorten the comment",
                );
            }
        }
        _ => {
            out.add(
                &RULE,
                (name.start, name.end),
                format!("table `{}` has no comment", name.value),
                "add `COMMENT='…'` saying what a row is",
            );
        }
    }
}
