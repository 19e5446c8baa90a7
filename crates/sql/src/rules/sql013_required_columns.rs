//! SQL013 required-columns: a mandatory column missing from a new table.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};
use crate::ddl::{AlterOp, Ddl};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL013",
    "required-columns",
    Severity::Error,
    "CREATE TABLE without the columns of `required-columns`, or an ALTER that removes one",
    r#"## What it does
Reports a CREATE TABLE that lacks one of `[sql] required-columns` (default `id`, `gmt_create`,
`gmt_modified`; later editions of the Alibaba manual use `id`, `create_time`, `update_time`), and an
ALTER TABLE that removes one of them from a table: `DROP COLUMN`, `RENAME COLUMN` or `CHANGE` to another
name, unless the same statement adds the column back. The ALTER case is judged on the statement alone (the
column it names); it does not need the repository's schema, and it does not report legacy tables that
never had the column. Columns a later ALTER of the same script adds to a table it created count, and a table
the same script drops again is not reported.

## Why
Audit columns are what incremental sync, archiving jobs and investigations rely on (Alibaba manual:
mandatory; Bytebase COLUMN_REQUIRED, goInception must_have_columns).

## Example
```sql
CREATE TABLE coupon (id bigint unsigned PRIMARY KEY, code varchar(32));
```

## Use instead
```sql
CREATE TABLE coupon (id bigint unsigned PRIMARY KEY, code varchar(32),
  gmt_create datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
  gmt_modified datetime NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP);
```
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if let Some(Ddl::Alter(a)) = cx.ddl {
        check_alter(cx, a, out);
        return;
    }
    let Some(Ddl::Create(ct)) = cx.ddl else { return };
    let Some(name) = &ct.name else { return };
    if !ct.has_body || ct.temporary {
        return;
    }
    let have: Vec<String> = ct.columns.iter().map(|c| c.name_lower()).collect();
    let missing: Vec<String> =
        cx.settings.required_columns.iter().filter(|r| !have.contains(r)).map(|r| format!("`{r}`")).collect();
    if !missing.is_empty() {
        out.add(
            &RULE,
            (name.start, name.end),
            format!("table `{}` lacks required columns {}", name.value, missing.join(", ")),
            "add the columns listed in `[sql] required-columns`",
        );
    }
}

fn check_alter(cx: &StmtCx<'_>, a: &crate::ddl::AlterTable, out: &mut Out<'_>) {
    let required = &cx.settings.required_columns;
    // Columns the statement (re)creates: an ADD, a MODIFY, a RENAME or CHANGE to that name.
    let added: Vec<String> = a
        .ops
        .iter()
        .filter_map(|op| match op {
            AlterOp::AddColumn(c) | AlterOp::Modify(c) | AlterOp::Change { col: c, .. } => Some(c.name_lower()),
            AlterOp::RenameColumn { new, .. } => Some(new.lower()),
            _ => None,
        })
        .collect();
    for op in &a.ops {
        let removed = match op {
            AlterOp::DropColumn(n) => Some((n, "dropping")),
            AlterOp::RenameColumn { old, .. } => Some((old, "renaming")),
            AlterOp::Change { old, col } if col.name_lower() != old.lower() => Some((old, "renaming")),
            _ => None,
        };
        let Some((n, verb)) = removed else { continue };
        let lower = n.lower();
        if required.contains(&lower) && !added.contains(&lower) {
            out.add(
                &RULE,
                (n.start, n.end),
                format!("{verb} required column `{}` of `{}`", n.value, a.name.value),
                "keep the columns listed in `[sql] required-columns`",
            );
        }
    }
}
