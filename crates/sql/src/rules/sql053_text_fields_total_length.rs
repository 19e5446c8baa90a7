//! SQL053 text-fields-total-length: string columns that together exceed MySQL's 65,535-byte row size.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx};
use crate::ddl::{Column, Ddl};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL053",
    "text-fields-total-length",
    Severity::Error,
    "CREATE TABLE whose CHAR/VARCHAR columns together exceed the 65,535-byte row size limit",
    r#"## What it does
Adds up, in a CREATE TABLE, the bytes MySQL reserves for the string columns toward its 65,535-byte row
size limit: `n` characters of `char(n)`/`varchar(n)` times the bytes per character of the column's
charset (else the table's; 4 for `utf8mb4`, 3 for `utf8`/`utf8mb3`, 2 for `ucs2`/`utf16`, 1 for
`latin1`, `ascii` and `binary`, 1 when none is given, since the server default may be `latin1`), plus
the length bytes of a `varchar`; `binary(n)`/`varbinary(n)` count `n`; `text`/`blob` columns count the
9 to 12 bytes of their pointer. It reports the table when the sum is above 65,535. Other column types
are not counted, so the sum is a lower bound: when it is over, MySQL certainly rejects the statement.
MySQL only.

## Why
"Row size too large. The maximum row size for the used table type, not counting BLOBs, is 65535": the
CREATE fails on every server, however the columns are used. Long text belongs in `text` columns,
ideally in a separate table (Alibaba manual on varchar over 5000; Bytebase
TABLE_TEXT_FIELDS_TOTAL_LENGTH, SOAR COL.007).

## Example
```sql
CREATE TABLE article (…, summary varchar(5000), body varchar(12000), …) DEFAULT CHARSET=utf8mb4;
```

## Use instead
`body text` (in an `article_body` table keyed by the article id).
"#,
)
.opt_in();

const ROW_LIMIT: u64 = 65_535;

fn bytes_per_char(charset: &str) -> u64 {
    let cs = charset.to_ascii_lowercase();
    match cs.as_str() {
        "utf8mb4" | "utf16" | "utf16le" | "utf32" => 4,
        "utf8" | "utf8mb3" => 3,
        "ucs2" | "gbk" | "gb2312" | "big5" | "sjis" | "cp932" | "euckr" => 2,
        "gb18030" | "ujis" | "eucjpms" => 4,
        _ => 1,
    }
}

/// The bytes a column reserves toward the row size, when it is a string column.
fn row_bytes(c: &Column, table_charset: Option<&str>) -> u64 {
    let n = c.args.first().copied().unwrap_or(1);
    let per = bytes_per_char(c.charset.as_ref().map(|n| n.value.as_str()).or(table_charset).unwrap_or("latin1"));
    match c.ty.as_str() {
        "char" | "nchar" | "character" => n.saturating_mul(per),
        "varchar" | "nvarchar" | "character varying" => {
            let data = n.saturating_mul(per);
            data.saturating_add(if data > 255 { 2 } else { 1 })
        }
        "binary" => n,
        "varbinary" => n.saturating_add(if n > 255 { 2 } else { 1 }),
        "tinytext" | "tinyblob" => 9,
        "text" | "blob" => 10,
        "mediumtext" | "mediumblob" => 11,
        "longtext" | "longblob" | "json" => 12,
        _ => 0,
    }
}

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let Some(Ddl::Create(ct)) = cx.ddl else { return };
    let Some(name) = &ct.name else { return };
    let charset = ct.option("CHARSET").map(|o| o.value.as_str());
    let total = ct.columns.iter().fold(0u64, |sum, c| sum.saturating_add(row_bytes(c, charset)));
    if total > ROW_LIMIT {
        out.add(
            &RULE,
            (name.start, name.end),
            format!(
                "the string columns of `{}` need at least {total} bytes of the 65,535-byte row size: MySQL rejects the table",
                name.value
            ),
            "shorten the varchars, or move long text into `text` columns",
        );
    }
}
