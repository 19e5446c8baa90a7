//! SQL013 required-columns: a mandatory column missing from a new table.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};
use crate::ddl::Ddl;

pub static RULE: RuleMeta = RuleMeta {
    code: "SQL013",
    name: "required-columns",
    check: "sql",
    default_severity: Severity::Error,
    default_enabled: true,
    summary: "CREATE TABLE without the columns of `required-columns`",
    explanation: r#"## What it does
Reports a CREATE TABLE that lacks one of `[sql] required-columns` (default `id`, `gmt_create`,
`gmt_modified`; later editions of the Alibaba manual use `id`, `create_time`, `update_time`).

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
};

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
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
