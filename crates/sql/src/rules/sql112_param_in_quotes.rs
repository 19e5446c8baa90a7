//! SQL112 param-in-quotes: a mapper bind parameter (`#{x}`, iBatis `#x#`) inside a quoted SQL literal.

use precheck_core::{RuleMeta, Severity};
use sqlparser::tokenizer::Token;

use crate::mapper::Buf;
use crate::stmt::Stmt;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL112",
    "param-in-quotes",
    Severity::Error,
    "mapper bind parameter `#{x}` inside a quoted literal (`'#{x}'`, `'%#{x}%'`)",
    r#"## What it does
Reports a MyBatis `#{x}` or iBatis `#x#` parameter written inside a quoted string of the SQL, such as
`name = '#{name}'` or `LIKE '%#{kw}%'`, at the parameter in the mapper. The quotes are found by tokenising each
rendering of the statement as MySQL would, so an apostrophe in a comment or a `${x}` substitution (which is
text, and may be quoted) is not mistaken for one.

## Why
MyBatis (and iBatis) replace `#{x}` with a JDBC placeholder `?` wherever it stands, quotes or not. Inside
quotes that `?` is just a character of a string literal: the driver sees a statement with fewer parameters
than MyBatis binds, and the call fails at run time with "Parameter index out of range (1 > number of
parameters, which is 0)"; where another parameter follows, values shift into the wrong places.

## Example
```xml
<select id="search" resultMap="coupon">
  SELECT id, code FROM coupon WHERE code LIKE '%#{keyword}%'
</select>
```

## Use instead
```xml
<select id="search" resultMap="coupon">
  SELECT id, code FROM coupon WHERE code LIKE CONCAT('%', #{keyword}, '%')
</select>
```
or `name = #{name}` without quotes: the driver quotes the value itself.
"#,
);

/// The file ranges of the bind parameters a rendering put inside string literals: for every `?` inside a
/// string token, the file text the renderer wrote it for, when that is `#{…}` or `#…#`.
pub fn in_quotes(stmt: &Stmt, map: &Buf, text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if !stmt.tokenized {
        return out;
    }
    for t in &stmt.toks {
        if !matches!(t.t, Token::SingleQuotedString(_) | Token::DoubleQuotedString(_) | Token::NationalStringLiteral(_)) {
            continue;
        }
        let Some(body) = stmt.text.get(t.start..t.end) else { continue };
        for (k, _) in body.match_indices('?') {
            let at = map.map(t.start + k);
            let Some(rest) = text.get(at..) else { continue };
            let end = if rest.starts_with("#{") {
                rest.find('}').map(|e| at + e + 1)
            } else if rest.starts_with('#') {
                rest.get(1..).and_then(|r| r.find('#')).map(|e| at + e + 2)
            } else {
                None
            };
            if let Some(end) = end {
                out.push((at, end));
            }
        }
    }
    out
}
