//! SQL059 index-no-duplicate-column: an index that lists a column twice.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx, defined_indexes};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL059",
    "index-no-duplicate-column",
    Severity::Error,
    "index or key that lists the same column twice",
    r#"## What it does
Reports an index, unique key or primary key whose column list names a column more than once
(case-insensitive), in CREATE TABLE, ALTER TABLE ADD INDEX/KEY/UNIQUE/PRIMARY KEY and CREATE INDEX.

## Why
MySQL rejects it ("Duplicate column name", error 1060), so the migration fails where it runs; it is
usually a copy-paste slip for another column that was meant to be in the index (Bytebase
INDEX_NO_DUPLICATE_COLUMN, goInception).

## Example
```sql
ALTER TABLE pay_order ADD INDEX idx_user_status (user_id, user_id);
```

## Use instead
`ALTER TABLE pay_order ADD INDEX idx_user_status (user_id, status);`
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    for idx in defined_indexes(cx.ddl) {
        let dup = idx.columns.iter().enumerate().find(|(i, c)| idx.columns[..*i].contains(c)).map(|(_, c)| c);
        if let Some(c) = dup {
            let name = idx.name.as_ref().map_or_else(|| "index".to_string(), |n| format!("index `{}`", n.value));
            out.add(
                &RULE,
                (idx.start, idx.end),
                format!("{name} lists column `{c}` twice"),
                "list each column once",
            );
        }
    }
}
