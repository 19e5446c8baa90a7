//! SQL073 online-ddl-options: ALTER TABLE / CREATE INDEX on an existing table without ALGORITHM and LOCK.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};
use crate::ddl::Ddl;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL073",
    "online-ddl-options",
    Severity::Warning,
    "ALTER TABLE or CREATE INDEX on an existing table without explicit ALGORITHM= and LOCK=",
    r#"## What it does
Reports an `ALTER TABLE` or `CREATE INDEX` that does not say both `ALGORITHM=…` and `LOCK=…`, unless the
table was created earlier in the same file (a new, empty table locks nobody). MySQL only.

## Why
Without them MySQL silently picks the least concurrent method the change needs: a change that cannot be
done in place copies the table under a lock that blocks writes for the whole copy. With
`ALGORITHM=INPLACE, LOCK=NONE` (or `ALGORITHM=INSTANT`) the statement fails at once instead, and the
team can choose an online schema-change tool (Bytebase; goInception; squawk's lock rules and sqlfluff's
PostgreSQL analogues).

## Example
```sql
ALTER TABLE pay_order ADD INDEX idx_user_id (user_id);
```

## Use instead
`ALTER TABLE pay_order ADD INDEX idx_user_id (user_id), ALGORITHM=INPLACE, LOCK=NONE;`
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let (name, at) = match cx.ddl {
        Some(Ddl::Alter(a)) => (&a.name, (a.name.start, a.name.end)),
        Some(Ddl::CreateIndex { table, index }) => (table, (index.start, index.end)),
        _ => return,
    };
    if cx.file_tables.contains(&name.lower()) {
        return;
    }
    let has = |kw: &str| cx.toks().iter().any(|t| t.depth == 0 && t.is(kw));
    let missing: Vec<&str> = ["ALGORITHM", "LOCK"].into_iter().filter(|k| !has(k)).collect();
    if missing.is_empty() {
        return;
    }
    out.add(
        &RULE,
        at,
        format!("DDL on `{}` without {}", name.value, missing.iter().map(|m| format!("`{m}=`")).collect::<Vec<_>>().join(" and ")),
        "say `ALGORITHM=INPLACE, LOCK=NONE` (or `ALGORITHM=INSTANT`) so MySQL refuses a locking copy",
    );
}
