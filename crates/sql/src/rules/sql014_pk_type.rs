//! SQL014 pk-type: primary key column of a type outside `pk-types`.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};
use crate::ddl::{AlterOp, Column, Ddl, IndexKind};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL014",
    "pk-type",
    Severity::Warning,
    "single-column primary key whose type is not in `pk-types` (default `bigint unsigned`)",
    r#"## What it does
Reports each column of a primary key, a composite one included, whose type (display width ignored) is not
one of `[sql] pk-types` (default `bigint unsigned`): in CREATE TABLE, in `ALTER TABLE … ADD/MODIFY/CHANGE
COLUMN … PRIMARY KEY`, and in `ALTER TABLE … ADD PRIMARY KEY (…)`, whose columns' types come from the same
statement or from the schema the earlier migrations and statements define.

## Why
`int` keys overflow; string keys insert out of order and bloat every secondary index (Alibaba manual:
mandatory; Bytebase INDEX_PK_TYPE_LIMIT, SOAR KEY.007, squawk prefer-bigint-over-int).

## Example
```sql
CREATE TABLE t (id int NOT NULL AUTO_INCREMENT PRIMARY KEY);
```

## Use instead
```sql
CREATE TABLE t (id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY);
```
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    match cx.ddl {
        Some(Ddl::Create(ct)) => {
            // Every column of the key, a composite one included.
            for idx in ct.indexes.iter().filter(|i| i.kind == IndexKind::Primary) {
                for name in &idx.columns {
                    if let Some(col) = ct.columns.iter().find(|c| c.name_lower() == *name) {
                        judge(cx, name, &col.full_type(), (col.ty_start, col.ty_end), out);
                    }
                }
            }
        }
        Some(Ddl::Alter(a)) => {
            let defined: Vec<&Column> = a
                .ops
                .iter()
                .filter_map(|op| match op {
                    AlterOp::AddColumn(c) | AlterOp::Modify(c) | AlterOp::Change { col: c, .. } => Some(c),
                    _ => None,
                })
                .collect();
            // `ADD COLUMN id … PRIMARY KEY`
            for c in defined.iter().filter(|c| c.primary) {
                judge(cx, &c.name_lower(), &c.full_type(), (c.ty_start, c.ty_end), out);
            }
            // `ADD PRIMARY KEY (a, b)`: the types from this statement, else from the schema before it.
            let table = cx.schema.and_then(|s| s.tables.get(&a.name.lower()));
            for op in &a.ops {
                let AlterOp::AddIndex(idx) = op else { continue };
                if idx.kind != IndexKind::Primary {
                    continue;
                }
                for name in &idx.columns {
                    let here = defined.iter().find(|c| c.name_lower() == *name);
                    let ty = match here {
                        Some(c) if c.primary => continue,
                        Some(c) => c.full_type(),
                        None => match table.and_then(|t| t.columns.get(name)) {
                            Some(c) => c.full_type(),
                            None => continue,
                        },
                    };
                    judge(cx, name, &ty, (idx.start, idx.end), out);
                }
            }
        }
        _ => {}
    }
}

fn judge(cx: &StmtCx<'_>, column: &str, ty: &str, range: (usize, usize), out: &mut Out<'_>) {
    if cx.settings.pk_types.iter().any(|t| t == ty) {
        return;
    }
    let allowed: Vec<String> = cx.settings.pk_types.iter().map(|t| format!("`{t}`")).collect();
    out.add(
        &RULE,
        range,
        format!("primary key `{column}` is `{ty}`; allowed: {}", allowed.join(", ")),
        "use `bigint unsigned` with AUTO_INCREMENT, or extend `[sql] pk-types`",
    );
}
