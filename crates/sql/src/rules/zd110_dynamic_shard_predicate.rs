//! ZD110 dynamic-shard-predicate: the shard predicate exists only inside dynamic SQL.

use precheck_core::{RuleMeta, Severity};

use crate::routing::{RouteCx, RouteOut, Verdict};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "ZD110",
    "dynamic-shard-predicate",
    Severity::Warning,
    "the shard column of a sharded Zdal table is bound only inside dynamic SQL (`<if>`, `<isNotEmpty>`)",
    r#"## What it does
Reports a mapper statement on a logical table sharded by Zdal that binds the shard column in some
renderings but not in others: the `= ?` sits inside `<if>`, `<isNotEmpty>`, `<when>` or another dynamic
element that can be off at runtime. It needs the Zdal configuration of the repository (ds and rule XML) to
know the shard column.

## Why
When the condition is false the predicate vanishes, and the statement becomes ZD102 at runtime: Zdal fails
with "找不到目标库，请检查配置", or scatters to every shard when full table scans are allowed.

## Example
```xml
<select id="find">SELECT id FROM orders
  <where><if test="userId != null">user_id = #{userId}</if></where></select>
```

## Use instead
```xml
<select id="find">SELECT id FROM orders WHERE user_id = #{userId}</select>
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
    if !verdicts.iter().any(|d| matches!(d, Verdict::Bound { .. })) {
        return;
    }
    let Some(col) = verdicts.iter().find_map(|d| match d {
        Verdict::Unbound(c) | Verdict::RangeOnly(c) => Some(c.clone()),
        Verdict::Bound { .. } => None,
    }) else {
        return;
    };
    let first = cx.first();
    out.add(
        &RULE,
        RULE.default_severity,
        cx,
        cx.full(),
        first.at,
        Some((t, format!("shard column `{col}` declared here"))),
        format!(
            "`{}` is sharded by `{col}`, but the predicate on it is only inside dynamic SQL: when it is off, Zdal fails with \"找不到目标库，请检查配置\"",
            first.name
        ),
        format!("move `{col} = #{{…}}` out of the conditional element, so every rendering binds it"),
    );
}
