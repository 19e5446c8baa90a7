//! SQL028 no-duplicate-index: duplicate or redundant indexes of one table.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};
use crate::ddl::{Ddl, Index, IndexKind};

pub static RULE: RuleMeta = RuleMeta {
    code: "SQL028",
    name: "no-duplicate-index",
    check: "sql",
    default_severity: Severity::Warning,
    default_enabled: true,
    summary: "index whose columns repeat or prefix another index of the same table",
    explanation: r#"## What it does
Reports, in a CREATE TABLE, a plain index whose columns are the leading columns of another index
(`KEY (a)` beside `KEY (a, b)` or the primary key `(a)`), and a unique index identical to another.

## Why
The redundant index costs every write and the buffer pool but serves no query the other does not
(Bytebase TABLE_NO_DUPLICATE_INDEX, SOAR's index advisor).

## Example
```sql
CREATE TABLE t (…, KEY idx_a (a), KEY idx_a_b (a, b));
```

## Use instead
Keep `idx_a_b` only.
"#,
};

fn usable(i: &Index) -> bool {
    !i.columns.is_empty() && !matches!(i.kind, IndexKind::Fulltext | IndexKind::Spatial)
}

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let Some(Ddl::Create(ct)) = cx.ddl else { return };
    for (ai, a) in ct.indexes.iter().enumerate().filter(|(_, i)| usable(i)) {
        let covered = ct.indexes.iter().enumerate().filter(|(bi, b)| *bi != ai && usable(b)).find(|(bi, b)| {
            let prefix = b.columns.len() >= a.columns.len() && b.columns[..a.columns.len()] == a.columns[..];
            let equal = b.columns == a.columns;
            match a.kind {
                IndexKind::Plain => prefix && (!equal || b.kind != IndexKind::Plain || *bi < ai),
                IndexKind::Unique => equal && b.kind != IndexKind::Plain && *bi < ai,
                _ => false,
            }
        });
        if let Some((_, b)) = covered {
            let name = |i: &Index| i.name.as_ref().map_or_else(|| "PRIMARY".to_string(), |n| n.value.clone());
            out.add(
                &RULE,
                (a.start, a.end),
                format!("index `{}` is redundant with `{}` on ({})", name(a), name(b), b.columns.join(", ")),
                "drop the redundant index",
            );
        }
    }
}
