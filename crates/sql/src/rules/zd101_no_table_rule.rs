//! ZD101 no-table-rule: a statement on a table that has no rule in its sharded data source.

use precheck_core::{RuleMeta, Severity};

use crate::routing::{RouteCx, RouteOut, logical_of};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "ZD101",
    "no-table-rule",
    Severity::Error,
    "statement on a table that has no rule in `tableRules` of its sharded Zdal data source",
    r#"## What it does
Reports a statement whose first table is not a key of `tableRules` in the ShardRule of the sharded
AppDataSource the statement runs on, when the ShardRule has no `defaultDbIndex`. It needs the Zdal
configuration of the repository and the Spring wiring that binds the mapper to its `ZdalDataSource`
(`SqlSessionFactoryBean` / `SqlMapClientFactoryBean`): a statement bound only by its table name cannot
name a table the rules lack.

## Why
Zdal routes on the first table of the statement. A table the rules do not know, with no default database,
fails at runtime with "未能找到对应规则,逻辑表:X".

## Example
```xml
<select id="latest">SELECT id FROM order_audit WHERE order_id = #{id}</select>
```
with `tableRules` holding only `orders`.

## Use instead
Add `order_audit` to `tableRules`, set `defaultDbIndex` for unsharded tables, or query it through a
non-sharded data source.
"#,
)
.opt_in();

pub fn check(cx: &RouteCx<'_>, out: &mut RouteOut<'_>) {
    if cx.inferred || !cx.sharded_ds() || !cx.ds.has_rule || cx.ds.default_db_index.is_some() {
        return;
    }
    let first = cx.first();
    if cx.target().is_some() || logical_of(cx.ds, &first.name).is_some() {
        return; // known table, or a physical name (ZD111)
    }
    out.add(
        &RULE,
        RULE.default_severity,
        cx,
        cx.full(),
        first.at,
        None,
        format!(
            "`{0}` has no rule in the sharded data source {1}: Zdal fails with \"未能找到对应规则,逻辑表:{0}\"",
            first.name,
            cx.ds_name()
        ),
        format!(
            "add `{}` to `tableRules` of the ShardRule, set `defaultDbIndex`, or use a non-sharded data source",
            first.name
        ),
    );
}
