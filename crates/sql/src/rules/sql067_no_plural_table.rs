//! SQL067 no-plural-table: a table named with a plural noun (heuristic).

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};
use crate::ddl::{AlterOp, Ddl, Name};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL067",
    "no-plural-table",
    Severity::Warning,
    "table name whose last word is a plural noun (heuristic)",
    r#"## What it does
Reports a table created (CREATE TABLE) or renamed (RENAME TABLE, ALTER TABLE … RENAME TO) with a name
whose last `_`-separated word looks like an English plural: it ends in `s`, has at least four letters,
and does not end in `ss`, `us`, `is` or `ics`, nor is one of the words that are singular or uncountable
despite the `s` (`status`, `news`, `goods`, `series`, `species`, `alias`, `canvas`, `bonus`, `sms`,
`gps`…). Quartz scheduler tables (`qrtz_…`), whose names the library fixes, are not reported. It is a
heuristic on spelling, not a dictionary.

## Why
The Alibaba manual makes it mandatory: a table name says what one row is, like the DO class it maps to
(`order`, not `orders`), so the table, the class and the mapper read alike (SOAR KWR.003).

## Example
```sql
CREATE TABLE user_addresses (…);
```

## Use instead
`CREATE TABLE user_address (…);`
"#,
)
.opt_in();

const SINGULAR: &[&str] = &[
    "status", "news", "goods", "series", "species", "alias", "canvas", "bonus", "virus", "campus", "corpus",
    "census", "atlas", "bias", "gas", "lens", "plus", "minus", "sms", "mms", "cms", "oss", "dns", "gps", "aws",
    "qps", "tps", "https", "always", "apparatus", "chassis", "thanks", "sales", "whereas", "perhaps", "overseas",
];

/// Whether `word` (lower case) looks like an English plural.
pub fn plural(word: &str) -> bool {
    word.len() >= 4
        && word.ends_with('s')
        && word.bytes().all(|b| b.is_ascii_lowercase())
        && !["ss", "us", "is", "ics"].iter().any(|e| word.ends_with(e))
        && !SINGULAR.contains(&word)
}

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let mut names: Vec<&Name> = Vec::new();
    match cx.ddl {
        Some(Ddl::Create(ct)) if !ct.temporary => names.extend(ct.name.as_ref()),
        Some(Ddl::Alter(a)) => {
            names.extend(a.ops.iter().filter_map(|op| if let AlterOp::RenameTable(n) = op { Some(n) } else { None }))
        }
        Some(Ddl::RenameTable { pairs }) => names.extend(pairs.iter().map(|(_, b)| b)),
        _ => return,
    }
    for n in names {
        let lower = n.lower();
        if lower.starts_with("qrtz_") {
            continue;
        }
        let last = lower.rsplit('_').next().unwrap_or_default();
        if plural(last) {
            out.add(
                &RULE,
                (n.start, n.end),
                format!("table name `{}` is plural (`{last}`)", n.value),
                "name the table after one row, in the singular",
            );
        }
    }
}
