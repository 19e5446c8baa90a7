//! SQL106 fullwidth-characters: full-width punctuation and invisible characters in SQL outside strings.

use precheck_core::{RuleMeta, Severity};
use sqlparser::tokenizer::Token;

use super::{Out, StmtCx};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL106",
    "fullwidth-characters",
    Severity::Error,
    "full-width punctuation or invisible character in SQL outside a string",
    r#"## What it does
Reports, outside string literals, comments and quoted identifiers, the characters an input method or a
copy from a document slips into SQL: full-width ASCII forms (`，` `（` `）` `；` `＝` `＜` …, U+FF01–U+FF5E),
the ideographic space (U+3000), `、` and `。`, curly quotes (`‘ ’ “ ”`), the no-break space, and zero-width
characters (U+200B–U+200D, U+2060, U+FEFF). Chinese text inside strings and comments (`COMMENT '名称，说明'`) is
fine and not reported.

## Why
MySQL does not read them as the ASCII punctuation they look like: `a，b` is one identifier named `a，b`, and
`‘x’` is an identifier, not a string, so the statement fails ("Unknown column") or, worse, means something
else; invisible characters make two identical-looking names differ (SOAR ARG.013, KWR.005).

## Example
```sql
SELECT id，code FROM coupon WHERE status ＝ 1;
```

## Use instead
```sql
SELECT id, code FROM coupon WHERE status = 1;
```
"#,
)
.opt_in();

fn suspicious(c: char) -> bool {
    matches!(c,
        '\u{FF01}'..='\u{FF5E}'
        | '\u{3000}' | '\u{3001}' | '\u{3002}'
        | '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}'
        | '\u{00A0}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

fn name(c: char) -> String {
    if c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}') {
        format!("U+{:04X}", u32::from(c))
    } else {
        format!("`{c}` (U+{:04X})", u32::from(c))
    }
}

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if !cx.stmt.tokenized {
        return;
    }
    let text = &cx.stmt.text;
    let toks = cx.toks();
    let mut report = |at: usize, c: char| {
        out.add(
            &RULE,
            (at, at + c.len_utf8()),
            format!("{} outside a string: MySQL does not read it as ASCII punctuation or space", name(c)),
            "retype it as the ASCII character (or delete it)",
        );
    };
    let mut prev_end = 0;
    for t in toks {
        // The blanks between tokens: only where no comment sits.
        if let Some(gap) = text.get(prev_end..t.start) {
            if !gap.contains("--") && !gap.contains('#') && !gap.contains("/*") {
                for (k, c) in gap.char_indices().filter(|&(k, c)| suspicious(c) && !(prev_end + k == 0 && c == '\u{FEFF}')) {
                    report(prev_end + k, c);
                }
            }
        }
        prev_end = t.end;
        let own = match &t.t {
            Token::Word(w) if w.quote_style.is_none() => true,
            Token::Char(_) => true,
            _ => false,
        };
        if own {
            if let Some(s) = text.get(t.start..t.end) {
                for (k, c) in s.char_indices().filter(|(_, c)| suspicious(*c)) {
                    report(t.start + k, c);
                }
            }
        }
    }
}
