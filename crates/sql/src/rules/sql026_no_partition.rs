//! SQL026 no-partition: partitioned tables.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};
use crate::ddl::{AlterOp, Ddl};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL026",
    "no-partition",
    Severity::Warning,
    "PARTITION BY or partition maintenance in DDL",
    r#"## What it does
Reports `PARTITION BY` in CREATE TABLE and partition clauses in ALTER TABLE (`ADD/DROP/TRUNCATE
PARTITION`, `PARTITION BY`), which sqlparser does not parse: the rule works on tokens.

## Why
Sharding middleware splits the data already; partition DDL locks the whole table and partition pruning
silently fails on most queries (Bytebase, goInception enable_partition_table, SOAR TBL.001).

## Example
```sql
CREATE TABLE log (…) PARTITION BY RANGE (to_days(gmt_create)) (…);
```

## Use instead
Shard or archive by date in the application or the middleware.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let mut at = Vec::new();
    match cx.ddl {
        Some(Ddl::Create(ct)) => at.extend(ct.partition),
        Some(Ddl::Alter(a)) => {
            at.extend(a.ops.iter().filter_map(|o| if let AlterOp::Partition(s, e) = o { Some((*s, *e)) } else { None }))
        }
        _ => {}
    }
    for r in at {
        out.add(&RULE, r, "table partitioning".into(), "shard or archive in the application or middleware instead");
    }
}
