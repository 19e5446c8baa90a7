//! ZD102 missing-shard-predicate: a statement on a sharded Zdal table that does not bind the shard column.

use precheck_core::{RuleMeta, Severity};

use crate::routing::{RouteCx, RouteOut, Verdict};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "ZD102",
    "missing-shard-predicate",
    Severity::Error,
    "statement on a sharded Zdal table without `=`/`IN` on the shard column (INSERT: not in the column list)",
    r#"## What it does
Reports a SELECT, UPDATE or DELETE on a logical table sharded by Zdal whose WHERE compares no shard column
(the columns the table's dbRules and tbRules read) with `=` or `IN`, and an INSERT whose column list lacks
the shard column. It needs the Zdal configuration of the repository (ds and rule XML): the statement is
bound to its data source through the Spring wiring of the mapper, else by its table name. A predicate
that wraps the column in a function, compares it with another column, or sits in only one branch of an
OR does not bind. A mapper statement is judged in every rendering; when the predicate is present in some
renderings only, ZD110 reports it instead.

## Why
Zdal computes the target database and table from the shard column's value. Without it, and with
`disableFullTableScan` at its default (true), the statement fails at runtime with "找不到目标库，请检查配置";
with full scans allowed it is sent to every database and table (a warning then).

## Example
```xml
<select id="findByAmount">SELECT id FROM orders WHERE amount &gt; #{amount}</select>
```

## Use instead
```xml
<select id="findByAmount">SELECT id FROM orders WHERE user_id = #{userId} AND amount &gt; #{amount}</select>
```
"#,
)
.opt_in();

pub fn check(cx: &RouteCx<'_>, out: &mut RouteOut<'_>) {
    let Some(t) = cx.target() else { return };
    if !t.is_sharded() || t.shard_columns().is_empty() {
        return;
    }
    let verdicts: Vec<Verdict> = cx.renderings().map(|v| cx.verdict(v, t)).collect();
    if verdicts.iter().any(|d| matches!(d, Verdict::Bound { .. } | Verdict::RangeOnly(_))) {
        return; // bound in some rendering (ZD110) or by a range (ZD103)
    }
    let Some(Verdict::Unbound(col)) = verdicts.first() else { return };
    let v = cx.full();
    let first = cx.first();
    let insert = v.shape.verb == crate::routing::shape::Verb::Insert;
    let what = if insert { "this INSERT does not list it" } else { "this statement does not bind it" };
    let (sev, outcome) = if t.disable_full_table_scan {
        (Severity::Error, "Zdal fails with \"找不到目标库，请检查配置\"".to_string())
    } else {
        let n = match t.tables_per_db {
            Some(k) if t.db_count > 0 => format!("all {} tables", k * t.db_count as u64),
            _ => "every shard".to_string(),
        };
        (Severity::Warning, format!("Zdal scatters it to {n}"))
    };
    let help = if insert {
        format!("add `{col}` to the column list")
    } else {
        format!("add `{col} = ?` (or `{col} IN (…)`) to the WHERE clause, or route by hint")
    };
    out.add(
        &RULE,
        sev,
        cx,
        v,
        first.at,
        Some((t, format!("shard column `{col}` declared here"))),
        format!("`{}` is sharded by `{col}`, but {what}: {outcome}", first.name),
        help,
    );
}
