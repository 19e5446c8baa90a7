//! SQL075 no-alter-database: ALTER DATABASE / ALTER SCHEMA.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL075",
    "no-alter-database",
    Severity::Warning,
    "ALTER DATABASE or ALTER SCHEMA",
    r#"## What it does
Reports `ALTER DATABASE` and `ALTER SCHEMA`, on tokens (sqlparser does not parse MySQL's form).

## Why
Database-level options (default charset and collation, read-only, encryption) belong to the DBA's
provisioning, not to an application's migration: a migration's `ALTER DATABASE x CHARACTER SET …`
changes only the default for tables created later (existing tables keep theirs) and depends on the
database's name in each environment (goInception).

## Example
```sql
ALTER DATABASE mall CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
```

## Use instead
Set database options when the database is provisioned; convert tables with `ALTER TABLE … CONVERT TO`.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let toks = cx.toks();
    let (Some(first), Some(second)) = (toks.first(), toks.get(1)) else { return };
    if first.is("ALTER") && (second.is("DATABASE") || second.is("SCHEMA")) {
        out.add(
            &RULE,
            (first.start, second.end),
            format!("`ALTER {}` in a migration", second.word().unwrap_or_default().to_ascii_uppercase()),
            "set database options when provisioning the database",
        );
    }
}
