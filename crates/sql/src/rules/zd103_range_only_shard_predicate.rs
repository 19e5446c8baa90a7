//! ZD103 range-only-shard-predicate: the shard column is bound only by a range.

use precheck_core::{RuleMeta, Severity};

use crate::routing::{RouteCx, RouteOut, Verdict};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "ZD103",
    "range-only-shard-predicate",
    Severity::Warning,
    "shard column of a sharded Zdal table bound only by `<`, `>` or BETWEEN, without range enumeration in the rule",
    r#"## What it does
Reports a statement on a logical table sharded by Zdal whose WHERE bounds the shard column only by a range
(`<`, `>`, `<=`, `>=`, `BETWEEN`) while the table's rule does not declare range enumeration for that
column (`#col,step,count#`). It needs the Zdal configuration of the repository (ds and rule XML).

## Why
Zdal can enumerate a range only when the rule token says how (`#gmt_create,1_month,12#`). Otherwise the
range does not pick a shard: the statement scans every shard, or fails with "找不到目标库，请检查配置" when
full table scans are disabled (the default).

## Example
```sql
SELECT id FROM orders WHERE user_id BETWEEN ? AND ?;
```

## Use instead
```sql
SELECT id FROM orders WHERE user_id IN (?, ?, ?);
```
or declare `#user_id,1,10#` in the rule when a range is really meant.
"#,
)
.opt_in();

pub fn check(cx: &RouteCx<'_>, out: &mut RouteOut<'_>) {
    let Some(t) = cx.target() else { return };
    if !t.is_sharded() {
        return;
    }
    let verdicts: Vec<Verdict> = cx.renderings().map(|v| cx.verdict(v, t)).collect();
    if verdicts.iter().any(|d| matches!(d, Verdict::Bound { .. })) {
        return;
    }
    let Some(col) = verdicts.iter().find_map(|d| if let Verdict::RangeOnly(c) = d { Some(c.clone()) } else { None })
    else {
        return;
    };
    let first = cx.first();
    out.add(
        &RULE,
        RULE.default_severity,
        cx,
        cx.full(),
        first.at,
        Some((t, format!("shard column `{col}` declared here, without `#{col},step,count#`"))),
        format!(
            "`{}` is sharded by `{col}`, but this statement bounds it only by a range: Zdal scans every shard or fails with \"找不到目标库，请检查配置\"",
            first.name
        ),
        format!("compare `{col}` with `=` or `IN`, or declare range enumeration `#{col},step,count#` in the rule"),
    );
}
