//! SQL014 pk-type: primary key column of a type outside `pk-types`.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};
use crate::ddl::{Ddl, IndexKind};

pub static RULE: RuleMeta = RuleMeta {
    code: "SQL014",
    name: "pk-type",
    check: "sql",
    default_severity: Severity::Warning,
    default_enabled: false,
    summary: "single-column primary key whose type is not in `pk-types` (default `bigint unsigned`)",
    explanation: r#"## What it does
Reports the column of a single-column primary key whose type (display width ignored) is not one of
`[sql] pk-types` (default `bigint unsigned`).

## Why
`int` keys overflow; string keys insert out of order and bloat every secondary index (Alibaba manual:
mandatory; Bytebase INDEX_PK_TYPE_LIMIT, SOAR KEY.007, squawk prefer-bigint-over-int).

## Example
```sql
CREATE TABLE t (id int NOT NULL AUTO_INCREMENT PRIMARY KEY);
```

## Use instead
```sql
CREATE TABLE t (id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY);
```
"#,
};

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let Some(Ddl::Create(ct)) = cx.ddl else { return };
    for idx in ct.indexes.iter().filter(|i| i.kind == IndexKind::Primary && i.columns.len() == 1) {
        let Some(col) = ct.columns.iter().find(|c| c.name_lower() == idx.columns[0]) else { continue };
        let ty = col.full_type();
        if !cx.settings.pk_types.contains(&ty) {
            let allowed: Vec<String> = cx.settings.pk_types.iter().map(|t| format!("`{t}`")).collect();
            out.add(
                &RULE,
                (col.ty_start, col.ty_end),
                format!("primary key `{}` is `{ty}`; allowed: {}", idx.columns[0], allowed.join(", ")),
                "use `bigint unsigned` with AUTO_INCREMENT, or extend `[sql] pk-types`",
            );
        }
    }
}
