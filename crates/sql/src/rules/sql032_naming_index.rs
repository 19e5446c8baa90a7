//! SQL032 naming-index: index names without the `index-prefixes` prefix.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx, defined_indexes};
use crate::ddl::IndexKind;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL032",
    "naming-index",
    Severity::Warning,
    "index name without the `idx_` / `uk_` / `pk_` prefix of `index-prefixes`",
    r#"## What it does
Reports a named index whose name does not start with the prefix `[sql] index-prefixes` gives its kind:
`idx_` for plain (and full-text) indexes, `uk_` for unique ones, `pk_` for a named primary key. It
covers CREATE TABLE, CREATE INDEX and ALTER TABLE ADD INDEX on existing tables.

## Why
A house convention makes plans and lock-wait reports readable at a glance (Alibaba manual: mandatory;
Bytebase NAMING_INDEX_IDX/UK, goInception check_index_prefix, SOAR STA.003).

## Example
```sql
ALTER TABLE user ADD UNIQUE KEY mobile (mobile);
```

## Use instead
`ALTER TABLE user ADD UNIQUE KEY uk_mobile (mobile);`
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let p = &cx.settings.cfg.index_prefixes;
    for idx in defined_indexes(cx.ddl) {
        let Some(name) = &idx.name else { continue };
        let prefix = match idx.kind {
            IndexKind::Primary => &p.primary,
            IndexKind::Unique => &p.unique,
            _ => &p.index,
        };
        if idx.kind == IndexKind::Primary && name.value.eq_ignore_ascii_case("primary") {
            continue;
        }
        if !name.lower().starts_with(&prefix.to_ascii_lowercase()) {
            out.add(
                &RULE,
                (name.start, name.end),
                format!("index name `{}` does not start with `{prefix}`", name.value),
                "rename the index with the house prefix",
            );
        }
    }
}
