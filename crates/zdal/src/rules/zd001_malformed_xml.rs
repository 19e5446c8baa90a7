//! ZD001 malformed-xml: a Zdal file that is not well-formed XML, or has bytes before `<?xml`.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::{FileKind, Model};
use precheck_xml::beans::Loc;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD001",
    "malformed-xml",
    Severity::Error,
    "a Zdal file that is not well-formed XML, or has bytes before `<?xml`",
    r#"## What it does
Parses every Zdal file (recognised by content) after decoding it, and reports the first place where it is not well-formed: a tag that is not closed, a mismatched end tag, a bare `&`, or anything (even whitespace) before the `<?xml` declaration.

## Why
Spring throws `XmlBeanDefinitionStoreException`, wrapped in `ZdalConfigException`: the application does not start.

## Example
```xml
<bean id="ds" class="com.alipay.zdal.client.config.bean.AppDataSourceBean">
  <property name="configType" value="SHARD">
</bean>
```

## Use instead
Close every element (`<property … />`) and keep `<?xml …?>` as the very first bytes of the file.
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for f in &m.files {
        let Some(e) = f.xml_error.as_ref().filter(|_| f.kind != FileKind::SqlMapConfig) else { continue };
        let end = f.text.get(e.offset..).and_then(|t| t.chars().next()).map_or(e.offset, |c| e.offset + c.len_utf8());
        let loc = Loc {
            file: m.files.iter().position(|x| std::ptr::eq(x, f)).unwrap_or(0),
            range: e.offset.min(f.text.len())..end.min(f.text.len()),
        };
        out.emit(&RULE, || {
            at(m, &RULE, &loc, format!("`{}` is not well-formed XML: {}", f.name(), e.message))
                .with_help("fix the XML; Spring stops loading the file with `XmlBeanDefinitionStoreException`")
        });
    }
}
