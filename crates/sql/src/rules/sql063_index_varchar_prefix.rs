//! SQL063 index-varchar-prefix: a plain index on a long varchar column without a prefix length.

use precheck_core::{RuleMeta, Severity};

use super::sql062_index_no_blob::column_of;
use super::{Out, StmtCx, defined_indexes};
use crate::ddl::IndexKind;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL063",
    "index-varchar-prefix",
    Severity::Warning,
    "plain index on a long `varchar` column without a prefix length",
    r#"## What it does
Reports a column of a plain (non-unique) index that is a `varchar(n)` with `n` above 191 and is indexed
whole, without a prefix length (`name(20)`), in CREATE TABLE, ALTER TABLE and CREATE INDEX. The column's
type comes from the same statement, else from the table as the repository's schema knows it (the earlier
migrations replayed, then the earlier statements of the file); a column of unknown type is not reported.
Unique and primary keys are not reported: a prefix there would make values that share the prefix
collide. Shorter varchars are not reported: 191 characters is the most a utf8mb4 key part holds within
the 767-byte limit of the COMPACT and REDUNDANT row formats, and below it (codes, ids, names) a whole-value
index is the usual and reasonable choice.

## Why
The Alibaba manual makes it mandatory: "when indexing a varchar column, specify the index length; there
is no need to index the whole column — choose the length by the text's selectivity". A prefix of about
20 characters usually distinguishes over 90% of values (`count(distinct left(col, 20)) / count(*)`) at a
fraction of the index size, and a whole long varchar may exceed the 767-byte key limit of older row
formats.

## Example
```sql
CREATE TABLE article (id bigint unsigned NOT NULL AUTO_INCREMENT, url varchar(1024), PRIMARY KEY (id), KEY idx_url (url));
```

## Use instead
`KEY idx_url (url(40))`.
"#,
)
.opt_in();

/// Varchars up to this length fit a 767-byte key part in utf8mb4: short enough to index whole.
const SHORT: u64 = 191;

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    for idx in defined_indexes(cx.ddl) {
        if idx.kind != IndexKind::Plain {
            continue;
        }
        for (i, name) in idx.columns.iter().enumerate() {
            if idx.lengths.get(i).copied().flatten().is_some() {
                continue;
            }
            let Some(col) = column_of(cx, name) else { continue };
            if !matches!(col.ty.as_str(), "varchar" | "nvarchar" | "character varying") {
                continue;
            }
            let Some(&n) = col.args.first().filter(|n| **n > SHORT) else { continue };
            out.add(
                &RULE,
                (idx.start, idx.end),
                format!("index on `varchar({n})` column `{name}` without a prefix length"),
                "index a prefix chosen by selectivity, e.g. `(name(20))`",
            );
        }
    }
}
