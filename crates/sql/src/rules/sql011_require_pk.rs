//! SQL011 require-pk: a table without a primary key.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};
use crate::ddl::{AlterOp, Ddl, IndexKind};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL011",
    "require-pk",
    Severity::Error,
    "CREATE TABLE without a primary key, or ALTER TABLE … DROP PRIMARY KEY without a new one",
    r#"## What it does
Reports a CREATE TABLE (not temporary, not `LIKE`) that declares no PRIMARY KEY, neither on a column nor
as a table constraint, and an `ALTER TABLE … DROP PRIMARY KEY` that does not add a new primary key in the
same statement (the table is left without one). The ALTER case is judged on the statement alone: it does
not need the repository's schema.

A script is read as a sequence: a key added by a later `ALTER TABLE … ADD PRIMARY KEY` (or a column added
`… PRIMARY KEY`) of the same file counts, and a table the same script drops again is scratch, not reported.

## Why
Row-based replication, online-DDL tools (gh-ost, pt-osc) and data sync need a primary key; without one
duplicates creep in (Alibaba manual: mandatory; Bytebase, goInception check_primary_key, SOAR KEY.002).

## Example
```sql
CREATE TABLE t (name varchar(64));
```

## Use instead
```sql
CREATE TABLE t (id bigint unsigned NOT NULL AUTO_INCREMENT, name varchar(64), PRIMARY KEY (id));
```
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if let Some(Ddl::Alter(a)) = cx.ddl {
        let re_added = a.ops.iter().any(|op| matches!(op, AlterOp::AddIndex(i) if i.kind == IndexKind::Primary));
        for op in &a.ops {
            if let AlterOp::DropPrimary(s, e) = op {
                if !re_added {
                    out.add(
                        &RULE,
                        (*s, *e),
                        format!("dropping the primary key leaves table `{}` without one", a.name.value),
                        "add the new primary key in the same statement: `DROP PRIMARY KEY, ADD PRIMARY KEY (…)`",
                    );
                }
            }
        }
        return;
    }
    let Some(Ddl::Create(ct)) = cx.ddl else { return };
    let Some(name) = &ct.name else { return };
    if ct.has_body && !ct.temporary && !ct.indexes.iter().any(|i| i.kind == IndexKind::Primary) {
        out.add(
            &RULE,
            (name.start, name.end),
            format!("table `{}` has no primary key", name.value),
            "add `PRIMARY KEY (id)`",
        );
    }
}
