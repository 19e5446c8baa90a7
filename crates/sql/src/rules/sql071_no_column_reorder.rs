//! SQL071 no-column-reorder: MODIFY/CHANGE COLUMN … FIRST / AFTER.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};
use crate::ddl::{AlterOp, Ddl};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL071",
    "no-column-reorder",
    Severity::Warning,
    "MODIFY or CHANGE COLUMN with FIRST / AFTER: moves an existing column",
    r#"## What it does
Reports `FIRST` or `AFTER x` on `ALTER TABLE … MODIFY` or `CHANGE`, which moves an existing column. A new
column placed with `ADD COLUMN … AFTER x` is not reported. MySQL only.

## Why
Moving a column rebuilds the whole table (no `ALGORITHM=INSTANT`), holding it for the length of a copy,
only to change what `SELECT *` and `INSERT` without a column list see — which is exactly the code that
breaks (Bytebase COLUMN_DISALLOW_CHANGING_ORDER, goInception check_column_position_change).

## Example
```sql
ALTER TABLE user MODIFY nick varchar(64) NOT NULL DEFAULT '' AFTER id;
```

## Use instead
`ALTER TABLE user MODIFY nick varchar(64) NOT NULL DEFAULT '';` — column order does not matter to code that
names its columns.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let Some(Ddl::Alter(a)) = cx.ddl else { return };
    for op in &a.ops {
        let (AlterOp::Modify(c) | AlterOp::Change { col: c, .. }) = op else { continue };
        if let Some(range) = c.position {
            out.add(
                &RULE,
                range,
                format!("moving column `{}` of `{}` rebuilds the table", c.name_lower(), a.name.value),
                "drop the FIRST / AFTER clause",
            );
        }
    }
}
