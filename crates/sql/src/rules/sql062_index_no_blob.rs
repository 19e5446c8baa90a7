//! SQL062 index-no-blob: an index on a TEXT, BLOB or JSON column.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx, defined_indexes};
use crate::ddl::{Column, Ddl, IndexKind};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL062",
    "index-no-blob",
    Severity::Warning,
    "index or key on a TEXT, BLOB or JSON column",
    r#"## What it does
Reports a column of the `text` or `blob` families or `json` in a primary key, unique key or plain index
(full-text and spatial indexes are made for them and are SQL064's), in CREATE TABLE, ALTER TABLE and
CREATE INDEX. The column's type comes from the same statement, else from the table as the repository's
schema knows it (the earlier migrations replayed, then the earlier statements of the file); a column of
unknown type is not reported. Without a prefix length the statement fails ("BLOB/TEXT column used in key
specification without a key length", error 1170) and the finding is an error; with one it is a warning.

## Why
A prefix of a long text is a poor key: it cannot enforce uniqueness of the whole value, cannot cover a
query, and an equality lookup still reads every row whose prefix matches (Bytebase INDEX_TYPE_NO_BLOB,
goInception).

## Example
```sql
CREATE TABLE article (id bigint unsigned NOT NULL AUTO_INCREMENT, body text, PRIMARY KEY (id), KEY idx_body (body(100)));
```

## Use instead
Index a short, selective `varchar` column (or a hash of the text in its own column).
"#,
)
.opt_in();

fn is_blob(ty: &str) -> bool {
    ty.ends_with("text") || ty.ends_with("blob") || ty == "json"
}

/// The definition of column `name` of the table a DDL statement is about: from the statement, else from
/// the schema.
pub fn column_of<'a>(cx: &StmtCx<'a>, name: &str) -> Option<&'a Column> {
    let here = super::defined_columns(cx.ddl).into_iter().find(|c| c.name_lower() == name);
    if here.is_some() {
        return here;
    }
    let table = match cx.ddl {
        Some(Ddl::Alter(a)) => a.name.lower(),
        Some(Ddl::CreateIndex { table, .. }) => table.lower(),
        _ => return None,
    };
    cx.schema.and_then(|s| s.tables.get(&table)).and_then(|t| t.columns.get(name))
}

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    for idx in defined_indexes(cx.ddl) {
        if matches!(idx.kind, IndexKind::Fulltext | IndexKind::Spatial) {
            continue;
        }
        for (i, name) in idx.columns.iter().enumerate() {
            let Some(col) = column_of(cx, name) else { continue };
            if !is_blob(&col.ty) {
                continue;
            }
            if idx.lengths.get(i).copied().flatten().is_some() {
                out.add(
                    &RULE,
                    (idx.start, idx.end),
                    format!("index on a prefix of `{}` column `{name}`", col.ty),
                    "index a short varchar column, or a hash of the text",
                );
            } else {
                out.add_at(
                    &RULE,
                    Severity::Error,
                    (idx.start, idx.end),
                    format!("index on `{}` column `{name}` without a prefix length: MySQL rejects it", col.ty),
                    "index a short varchar column, or a hash of the text",
                );
            }
        }
    }
}
