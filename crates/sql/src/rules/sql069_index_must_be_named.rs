//! SQL069 index-must-be-named: an index or unique key without a name.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx, defined_indexes};
use crate::ddl::IndexKind;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL069",
    "index-must-be-named",
    Severity::Warning,
    "index or unique key defined without a name",
    r#"## What it does
Reports a plain, unique, full-text or spatial index defined without a name (`KEY (a)`, `UNIQUE (a)`,
`ADD INDEX (a)`), in CREATE TABLE and ALTER TABLE. Primary keys (always `PRIMARY` in MySQL) and a
column's inline `UNIQUE` (named after the column) are not reported.

## Why
MySQL names the index after its first column (`user_id`, then `user_id_2`…), so the same migration gives
different names on databases with different histories, and a later `DROP INDEX` or index hint that names
it breaks somewhere (goInception enable_null_index_name; SQL032's prefixes cannot apply either).

## Example
```sql
ALTER TABLE pay_order ADD INDEX (user_id);
```

## Use instead
`ALTER TABLE pay_order ADD INDEX idx_user_id (user_id);`
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    for idx in defined_indexes(cx.ddl) {
        if idx.kind == IndexKind::Primary || idx.name.is_some() {
            continue;
        }
        out.add(
            &RULE,
            (idx.start, idx.end),
            format!("index on ({}) has no name", idx.columns.join(", ")),
            "name the index (`idx_<column>`, `uk_<column>`)",
        );
    }
}
