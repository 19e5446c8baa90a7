//! AX001 malformed-descriptor: a descriptor that is not well-formed XML or not decodable in its charset.

use precheck_core::{Finding, RuleMeta, Severity};

use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "antx",
    "AX001",
    "malformed-descriptor",
    Severity::Error,
    "an `auto-config.xml` that is not well-formed or not decodable in its declared charset",
    r#"## What it does
Reports an autoconfig descriptor (`auto-config.xml`) that does not load: malformed XML (an unclosed or
mismatched element, a broken attribute, an unknown entity, text outside the root), an encoding label Java
does not know, or bytes that are not valid in the charset the XML declaration names (GBK bytes in a file
declared UTF-8; `gb2312`/`gbk` descriptors are decoded as GB18030, as Java does).

## Why
autoconfig stops with `Failed to load config descriptor: …` and the packaging step fails. No other rule can
say anything about a descriptor that does not load.

## Example
```xml
<?xml version="1.0" encoding="UTF-8"?>
<config>
  <group name="db">
    <property name="order.db.url">
  </group>
</config>
```

## Use instead
Close every element (`<property name="order.db.url"/>`), and save the file in the charset its declaration
names.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for d in &m.descriptors {
        let Some((message, offset)) = &d.error else { continue };
        let file = &m.files[d.file];
        let line = file.index.line_of(*offset);
        out.emit(&RULE, || {
            Finding::new(
                &RULE,
                file.line(line),
                format!(
                    "`{}` does not load: {message}; autoconfig fails with \"Failed to load config descriptor\"",
                    file.path
                ),
            )
            .with_help("fix the XML (or save the file in the charset its XML declaration names)")
        });
    }
}
