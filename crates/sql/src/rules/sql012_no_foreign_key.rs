//! SQL012 no-foreign-key: FOREIGN KEY constraints and REFERENCES.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};
use crate::ddl::{AlterOp, Ddl};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL012",
    "no-foreign-key",
    Severity::Error,
    "FOREIGN KEY or REFERENCES in a table definition",
    r#"## What it does
Reports `FOREIGN KEY … REFERENCES` and column-level `REFERENCES` in CREATE TABLE and ALTER TABLE. It
also works on statements sqlparser cannot parse (token level).

## Why
Foreign keys take locks on the parent table, cascade across what sharding splits, and slow every write
(Alibaba manual: mandatory; Bytebase, goInception, SOAR KEY.003, squawk).

## Example
```sql
ALTER TABLE pay_order ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES user (id);
```

## Use instead
Keep the relation in the application; index `user_id`.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let mut at = Vec::new();
    match cx.ddl {
        Some(Ddl::Create(ct)) => at.extend(ct.foreign_keys.iter().copied()),
        Some(Ddl::Alter(a)) => {
            for op in &a.ops {
                match op {
                    AlterOp::AddForeign(s, e) => at.push((*s, *e)),
                    AlterOp::AddColumn(c) | AlterOp::Modify(c) | AlterOp::Change { col: c, .. } => {
                        if let Some(r) = c.references {
                            at.push((r, r + "REFERENCES".len()));
                        }
                    }
                    _ => {}
                }
            }
        }
        _ => return,
    }
    for range in at {
        out.add(
            &RULE,
            range,
            "foreign key constraint".into(),
            "drop the constraint and keep the relation in the application",
        );
    }
}
