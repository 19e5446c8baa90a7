//! SQL064 index-type-allowlist: FULLTEXT and SPATIAL indexes.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx, defined_indexes};
use crate::ddl::IndexKind;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL064",
    "index-type-allowlist",
    Severity::Warning,
    "FULLTEXT or SPATIAL index",
    r#"## What it does
Reports `FULLTEXT` and `SPATIAL` indexes (keys in CREATE TABLE, ALTER TABLE ADD FULLTEXT/SPATIAL, and
CREATE FULLTEXT/SPATIAL INDEX): only B-tree primary, unique and plain indexes are allowed. MySQL only.

## Why
InnoDB full-text indexes are slow to maintain (every write goes through an auxiliary table and a cache
flushed at commit), lock the table when added (`ALGORITHM=INPLACE` rebuilds it, and only one can be added
at a time), tokenise Chinese poorly without the ngram parser, and are not replicated by search
middleware; search belongs in a search engine (Bytebase INDEX_TYPE_ALLOW_LIST, SOAR KEY.010).

## Example
```sql
ALTER TABLE article ADD FULLTEXT INDEX ft_body (body);
```

## Use instead
A search engine (Elasticsearch, OpenSearch) fed from the table.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    for idx in defined_indexes(cx.ddl) {
        let kind = match idx.kind {
            IndexKind::Fulltext => "FULLTEXT",
            IndexKind::Spatial => "SPATIAL",
            _ => continue,
        };
        let name = idx.name.as_ref().map_or_else(String::new, |n| format!(" `{}`", n.value));
        out.add(
            &RULE,
            (idx.start, idx.end),
            format!("{kind} index{name}"),
            "use a B-tree index, or a search engine for text search",
        );
    }
}
