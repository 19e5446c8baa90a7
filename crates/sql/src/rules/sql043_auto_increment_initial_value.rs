//! SQL043 auto-increment-initial-value: CREATE TABLE … AUTO_INCREMENT=N with N above 1.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};
use crate::ddl::Ddl;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL043",
    "auto-increment-initial-value",
    Severity::Warning,
    "CREATE TABLE with a table option `AUTO_INCREMENT=N` other than 1",
    r#"## What it does
Reports the table option `AUTO_INCREMENT=N` of a CREATE TABLE when `N` is above 1 (0 and 1 both start
the counter at 1). `ALTER TABLE … AUTO_INCREMENT=N` is a deliberate reset and is not reported. MySQL only.

## Why
A counter value in a CREATE TABLE is almost always copied from `SHOW CREATE TABLE` or a dump of some
database: every environment created from the script then starts its ids at that database's count, and
ids stop being comparable across environments (Bytebase COLUMN_AUTO_INCREMENT_INITIAL_VALUE, goInception
check_autoincrement_init_value, SOAR TBL.004).

## Example
```sql
CREATE TABLE pay_order (…) ENGINE=InnoDB AUTO_INCREMENT=10086 DEFAULT CHARSET=utf8mb4;
```

## Use instead
```sql
CREATE TABLE pay_order (…) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
```
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let Some(Ddl::Create(ct)) = cx.ddl else { return };
    let Some(opt) = ct.option("AUTO_INCREMENT") else { return };
    let Ok(n) = opt.value.parse::<u64>() else { return };
    if n > 1 {
        out.add(
            &RULE,
            (opt.start, opt.end),
            format!("table starts its auto-increment counter at {n}"),
            "drop the `AUTO_INCREMENT=` table option (dump leftovers), or start at 1",
        );
    }
}
