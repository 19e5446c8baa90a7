//! AX027 non-ascii-properties: non-ASCII bytes in a properties file instead of `\uXXXX` escapes.

use precheck_core::{Finding, RuleMeta, Severity};

use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "antx",
    "AX027",
    "non-ascii-properties",
    Severity::Warning,
    "non-ASCII bytes in antx.properties or a shared file, not written as `\\uXXXX`",
    r#"## What it does
Reports each line (comments excepted) of antx.properties and its local shared files that holds non-ASCII
bytes, whatever their encoding, and suggests the `\uXXXX` form when the line is UTF-8.

## Why
`java.util.Properties` reads properties files as ISO-8859-1, while autoconfig may read them with `-c` or
the platform charset: the value of a line like `order.name = 订单` depends on the build machine.

## Example
```properties
order.name = 订单服务
```

## Use instead
```properties
order.name = \u8ba2\u5355\u670d\u52a1
```
"#,
)
.repo();

fn escape(line: &str) -> String {
    let mut out = String::with_capacity(line.len() * 2);
    for c in line.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for pf in &m.props {
        let file = &m.files[pf.file];
        if file.bytes.is_ascii() {
            continue;
        }
        for (n, raw) in file.bytes.split(|&b| b == b'\n').enumerate() {
            if raw.is_ascii() {
                continue;
            }
            let trimmed = raw.iter().skip_while(|b| b.is_ascii_whitespace()).copied().next();
            if matches!(trimmed, Some(b'#' | b'!')) {
                continue;
            }
            let line = u32::try_from(n + 1).unwrap_or(u32::MAX);
            let span = file.line(line);
            let utf8 = std::str::from_utf8(raw).ok().map(|s| escape(s.trim_end_matches('\r')));
            out.emit(&RULE, || {
                let mut f = Finding::new(
                    &RULE,
                    span,
                    format!(
                        "line {line} of `{}` has non-ASCII characters: Java reads properties files as ISO-8859-1",
                        file.path
                    ),
                )
                .with_help("write them as `\\uXXXX` escapes (native2ascii)");
                f.fix = utf8;
                f
            });
        }
    }
}
