//! SQL010 update-set-and: `UPDATE t SET a = 1 AND b = 2`.

use precheck_core::{RuleMeta, Severity};
use sqlparser::ast::{BinaryOperator, Expr, Statement};

use super::{Out, StmtCx};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL010",
    "update-set-and",
    Severity::Error,
    "`SET a = 1 AND b = 2`: AND instead of a comma between assignments",
    r#"## What it does
Reports an UPDATE assignment whose value is an `AND` of comparisons, the typo for a comma-separated list.

## Why
MySQL reads `SET a = 1 AND b = 2` as `SET a = (1 AND (b = 2))`: `a` becomes 0 or 1 and `b` is not changed
(SOAR RES.005; squawk ban-duplicate-column-assignments and sqlfluff AM07 are related).

## Example
```sql
UPDATE user SET status = 1 AND level = 2 WHERE id = ?;
```

## Use instead
```sql
UPDATE user SET status = 1, level = 2 WHERE id = ?;
```
"#,
);

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let Some(Statement::Update(u)) = &cx.stmt.ast else { return };
    let bad = u.assignments.iter().any(|a| matches!(&a.value, Expr::BinaryOp { op: BinaryOperator::And, .. }));
    if !bad {
        return;
    }
    // The AST has no reliable span for the value: the first AND on the top level between SET and WHERE.
    let toks = cx.toks();
    let Some(set) = cx.stmt.find_top(0, "SET") else { return };
    let mut case_depth = 0usize;
    for t in &toks[set + 1..] {
        if t.depth == 0 && (t.is("WHERE") || t.is("ORDER") || t.is("LIMIT")) {
            break;
        }
        if t.is("CASE") {
            case_depth += 1;
        } else if t.is("END") {
            case_depth = case_depth.saturating_sub(1);
        } else if t.depth == 0 && case_depth == 0 && t.is("AND") {
            out.add(
                &RULE,
                (t.start, t.end),
                "`AND` between assignments: the column before it is set to a boolean".into(),
                "separate assignments with commas",
            );
            return;
        }
    }
}
