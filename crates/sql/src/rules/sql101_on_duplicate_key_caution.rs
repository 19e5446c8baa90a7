//! SQL101 on-duplicate-key-caution: `INSERT … ON DUPLICATE KEY UPDATE`.

use precheck_core::{RuleMeta, Severity};

use super::{Origin, Out, StmtCx};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL101",
    "on-duplicate-key-caution",
    Severity::Warning,
    "`INSERT … ON DUPLICATE KEY UPDATE`",
    r#"## What it does
Reports `ON DUPLICATE KEY UPDATE` on an INSERT, at the `ON`.

## Why
- Every attempt that ends in an update still takes an AUTO_INCREMENT value: a table upserted often burns
  ids in gaps and can run out of an `int` key.
- On a table with several unique keys the row updated is the first one that conflicts, which may not be the
  row meant, and statement-based replication may pick another on the replica.
- It takes next-key locks on the unique index; concurrent upserts of neighbouring keys deadlock (SOAR
  LCK.002).

## Example
```sql
INSERT INTO coupon_stat (coupon_id, used) VALUES (?, 1) ON DUPLICATE KEY UPDATE used = used + 1;
```

## Use instead
Where the row usually exists, `UPDATE … WHERE key = ?` and insert only when no row was affected; keep the
upsert where it is the right tool and its table has a single unique key, with a comment saying so.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if cx.origin == Origin::MapperMin || !cx.stmt.tokenized {
        return;
    }
    let toks = cx.toks();
    for w in toks.windows(3) {
        if w[0].is("ON") && w[1].is("DUPLICATE") && w[2].is("KEY") {
            out.add(
                &RULE,
                (w[0].start, w[2].end),
                "`ON DUPLICATE KEY UPDATE` burns AUTO_INCREMENT values and locks unique-key ranges".into(),
                "update by key first and insert when no row changed, or keep it with a comment saying why",
            );
        }
    }
}
