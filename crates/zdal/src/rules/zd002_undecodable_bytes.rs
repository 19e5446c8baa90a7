//! ZD002 undecodable-bytes: bytes that do not decode in the file's declared charset.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::{FileKind, Model};
use precheck_xml::beans::Loc;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD002",
    "undecodable-bytes",
    Severity::Error,
    "bytes that do not decode in the file's declared charset",
    r#"## What it does
Decodes each Zdal file in its declared charset (GBK and GB2312, any letter case, are read as GB18030, their superset; no declaration means UTF-8) and reports the first byte sequence that is not valid there, or a charset label the JVM does not know. An encoding label that lies (GBK bytes in a file declared UTF-8) is caught here.

## Why
The XML parser stops with `MalformedByteSequenceException` (or `UnsupportedEncodingException`) when the application starts.

## Example
```xml
<?xml version="1.0" encoding="UTF-8"?>
<!-- 分库配置 saved as GBK -->
```

## Use instead
Save the file in the charset its declaration names, or change the declaration to match the bytes (`encoding="GBK"`).
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for (i, f) in m.files.iter().enumerate() {
        let Some(d) = f.decode.as_ref().filter(|_| f.kind != FileKind::SqlMapConfig) else { continue };
        let end = f.text.get(d.at..).and_then(|t| t.chars().next()).map_or(d.at, |c| d.at + c.len_utf8());
        let loc = Loc { file: i, range: d.at..end };
        out.emit(&RULE, || {
            at(m, &RULE, &loc, d.message.clone())
                .with_help("save the file in the declared charset, or declare the charset it is saved in")
        });
    }
}
