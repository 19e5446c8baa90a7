//! SQL045 collation-allowlist: a table, column or database collation outside `collation-allowlist`.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx, defined_columns};
use crate::ddl::{AlterOp, Ddl};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL045",
    "collation-allowlist",
    Severity::Warning,
    "collation not in `collation-allowlist` (default `utf8mb4_general_ci`, `utf8mb4_bin`)",
    r#"## What it does
Reports a `COLLATE` whose value is not in `[sql] collation-allowlist` (default `utf8mb4_general_ci`,
`utf8mb4_bin`; compared case-insensitively): the table option of CREATE TABLE and ALTER TABLE, a
column's `COLLATE` (unless it repeats its CREATE TABLE's, already reported), and `CREATE DATABASE …
COLLATE`. MySQL only. Works on statements sqlparser cannot
parse.

## Why
Columns compared or joined under different collations fail with "Illegal mix of collations" or lose the
index; a collation from another server version (`utf8mb4_0900_ai_ci` on 5.7) makes the script fail there
(Bytebase SYSTEM_COLLATION_ALLOWLIST, goInception support_collation, SOAR TBL.008).

## Example
```sql
CREATE TABLE t (…) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
```

## Use instead
`COLLATE=utf8mb4_general_ci`, or add the collation the team settled on to `collation-allowlist`.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let mut vals: Vec<(String, usize, usize)> = Vec::new();
    let collate = |o: &crate::ddl::TableOpt| (o.key == "COLLATE").then(|| (o.value.clone(), o.start, o.end));
    match cx.ddl {
        Some(Ddl::Create(ct)) => vals.extend(ct.options.iter().filter_map(collate)),
        Some(Ddl::Alter(a)) => vals.extend(a.ops.iter().filter_map(|o| match o {
            AlterOp::Option(t) => collate(t),
            _ => None,
        })),
        Some(Ddl::CreateDatabase { options }) => vals.extend(options.iter().filter_map(collate)),
        _ => return,
    }
    // A column that repeats the table's collation is covered by the table's finding.
    let table = match cx.ddl {
        Some(Ddl::Create(ct)) => ct.option("COLLATE").map(|o| o.value.clone()),
        _ => None,
    };
    for c in defined_columns(cx.ddl) {
        if let Some(v) = c.collate.as_ref().filter(|v| !table.as_ref().is_some_and(|t| t.eq_ignore_ascii_case(&v.value))) {
            vals.push((v.value.clone(), v.start, v.end));
        }
    }
    let allowed = &cx.settings.cfg.collation_allowlist;
    for (v, s, e) in vals {
        if !allowed.iter().any(|a| a.eq_ignore_ascii_case(&v)) {
            let list: Vec<String> = allowed.iter().map(|c| format!("`{c}`")).collect();
            out.add(
                &RULE,
                (s, e),
                format!("collation `{v}` is not allowed; allowed: {}", list.join(", ")),
                "use an allowed collation, or extend `[sql] collation-allowlist`",
            );
        }
    }
}
