//! SQL066 columns-must-have-index: a column of `columns-must-have-index` that no index leads.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};
use crate::ddl::{AlterOp, Ddl, Index};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL066",
    "columns-must-have-index",
    Severity::Warning,
    "a column named in `columns-must-have-index` that no index starts with",
    r#"## What it does
For the columns named in `[sql] columns-must-have-index` (default none: the rule does nothing until the
team lists its lookup columns, such as `["user_id", "order_no"]`), reports a table that has such a column
but no index (primary, unique, plain) whose first column it is:

- a CREATE TABLE, judged on its own indexes;
- an ALTER TABLE that adds such a column, or drops an index, judged against the table as the
  repository's schema knows it (the earlier migrations replayed, then the earlier statements of the file)
  with the statement's own changes; for a table the schema does not know, nothing is reported.

## Why
Columns every query filters or joins on (the owner id, the business number) must be indexed, or each
lookup scans the table; an index where the column is not first does not serve those lookups (goInception
columns_must_have_index; the Alibaba manual requires indexes on the fields tables are joined on).

## Example
```toml
[sql]
columns-must-have-index = ["user_id"]
```
```sql
CREATE TABLE pay_order (id bigint unsigned NOT NULL AUTO_INCREMENT, user_id bigint unsigned NOT NULL, PRIMARY KEY (id));
```

## Use instead
Add `KEY idx_user_id (user_id)`.
"#,
)
.opt_in();

fn led_by(indexes: &[&Index], col: &str) -> bool {
    indexes.iter().any(|i| i.columns.first().is_some_and(|c| c == col))
}

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let wanted = &cx.settings.cfg.columns_must_have_index;
    if wanted.is_empty() {
        return;
    }
    let want = |c: &str| wanted.iter().any(|w| w.eq_ignore_ascii_case(c));
    match cx.ddl {
        Some(Ddl::Create(ct)) => {
            let indexes: Vec<&Index> = ct.indexes.iter().collect();
            for c in &ct.columns {
                let Some(name) = &c.name else { continue };
                if want(&name.value) && !c.unique && !led_by(&indexes, &name.lower()) {
                    report(out, (name.start, name.end), &name.value, ct.name.as_ref().map_or("", |n| &n.value));
                }
            }
        }
        Some(Ddl::Alter(a)) => {
            let Some(table) = cx.schema.and_then(|s| s.tables.get(&a.name.lower())) else { return };
            let dropped: Vec<String> =
                a.ops.iter().filter_map(|op| if let AlterOp::DropIndex(n) = op { Some(n.lower()) } else { None }).collect();
            let drops_pk = a.ops.iter().any(|op| matches!(op, AlterOp::DropPrimary(..)));
            let mut indexes: Vec<&Index> = table
                .indexes
                .iter()
                .filter(|i| i.name.as_ref().is_none_or(|n| !dropped.contains(&n.lower())))
                .filter(|i| !(drops_pk && i.kind == crate::ddl::IndexKind::Primary))
                .collect();
            indexes.extend(a.ops.iter().filter_map(|op| if let AlterOp::AddIndex(i) = op { Some(i) } else { None }));
            // Columns the statement adds, and (when it drops an index) the columns the table already has.
            let mut cols: Vec<(String, (usize, usize))> = Vec::new();
            for op in &a.ops {
                if let AlterOp::AddColumn(c) = op {
                    if let Some(n) = c.name.as_ref().filter(|n| want(&n.value) && !c.unique && !c.primary) {
                        cols.push((n.lower(), (n.start, n.end)));
                    }
                }
                if let AlterOp::DropIndex(n) = op {
                    let mut have: Vec<&String> = table.columns.keys().filter(|c| want(c)).collect();
                    have.sort();
                    cols.extend(have.into_iter().map(|c| (c.clone(), (n.start, n.end))));
                }
            }
            // One finding per position (a dropped index may leave several columns without one).
            let mut by_place: Vec<((usize, usize), Vec<String>)> = Vec::new();
            for (c, at) in cols.into_iter().filter(|(c, _)| !led_by(&indexes, c)) {
                match by_place.iter_mut().find(|(p, _)| *p == at) {
                    Some((_, list)) => list.push(c),
                    None => by_place.push((at, vec![c])),
                }
            }
            for (at, list) in by_place {
                report(out, at, &list.join("`, `"), &a.name.value);
            }
        }
        _ => {}
    }
}

fn report(out: &mut Out<'_>, at: (usize, usize), column: &str, table: &str) {
    out.add(
        &RULE,
        at,
        format!("`{column}` of `{table}`: not the first column of any index"),
        "add an index that starts with the column",
    );
}
