//! SQL060 index-max-columns: an index with more than `index-max-columns` columns.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx, defined_indexes};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL060",
    "index-max-columns",
    Severity::Warning,
    "index or key with more columns than `index-max-columns` (default 5)",
    r#"## What it does
Reports an index, unique key or primary key with more columns than `[sql] index-max-columns` (default
5), in CREATE TABLE, ALTER TABLE and CREATE INDEX.

## Why
Every column widens each index entry (and, for the primary key, every secondary index); beyond a few
columns the index rarely serves more queries than its leading part, and writes pay for all of it
(Bytebase INDEX_KEY_NUMBER_LIMIT, goInception max_key_parts, SOAR KEY.006).

## Example
```sql
CREATE INDEX idx_everything ON pay_order (user_id, status, channel, shop_id, gmt_create, amount);
```

## Use instead
An index on the leading, selective columns (`user_id, status`).
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let max = cx.settings.cfg.index_max_columns;
    for idx in defined_indexes(cx.ddl) {
        if idx.columns.len() > max {
            let name = idx.name.as_ref().map_or_else(|| "index".to_string(), |n| format!("index `{}`", n.value));
            out.add(
                &RULE,
                (idx.start, idx.end),
                format!("{name} has {} columns; the limit is {max}", idx.columns.len()),
                "keep the leading, selective columns",
            );
        }
    }
}
