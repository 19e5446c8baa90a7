//! AX014 invalid-charset: a charset Java does not know (E), a template not decodable in its charset (W), or
//! a non-ASCII template with no charset (W).

use encoding_rs::Encoding;
use precheck_core::text::encoding_for_label;
use precheck_core::{Finding, RuleMeta, Severity};

use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "antx",
    "AX014",
    "invalid-charset",
    Severity::Error,
    "a `charset`/`outputCharset` that is not a charset (E), a template not decodable in it (W), or none set (W)",
    r#"## What it does
Checks `charset` and `outputCharset` on `<generate>`: a name that is not a charset is an error. A
template whose bytes do not decode in its `charset` is a warning. A template with non-ASCII content and no
`charset` is a warning too: the runner's `-c` option or the build machine's default charset then decides
how it is read and written (an all-ASCII template renders the same either way, so it stays quiet).

## Why
An unknown name fails with `UnsupportedCharsetException`; the other two render mojibake, differently on
each build machine.

## Example
```xml
<generate template="messages.properties.vm" charset="UTF8X"/>
<generate template="order-ds.xml.vm"/>  <!-- the template holds 中文 comments -->
```

## Use instead
```xml
<generate template="order-ds.xml.vm" charset="UTF-8" outputCharset="UTF-8"/>
```
"#,
)
.repo();

/// The charset for a Java charset name (encoding_rs knows the WHATWG labels; add Java's own spellings).
fn charset(name: &str) -> Option<&'static Encoding> {
    let lower = name.trim().to_ascii_lowercase();
    let java = match lower.as_str() {
        "utf8" => "utf-8",
        "iso8859_1" | "iso8859-1" | "latin1" => "iso-8859-1",
        "ascii" | "us_ascii" => "us-ascii",
        "cp1252" => "windows-1252",
        "ms936" | "cp936" => "gbk",
        other => other,
    };
    encoding_for_label(java)
}

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for d in &m.descriptors {
        let Some(parsed) = &d.parsed else { continue };
        let file = &m.files[d.file];
        for g in &d.gens {
            let elem = &parsed.generates[g.elem];
            let mut input = None;
            for attr in ["charset", "outputCharset"] {
                let Some(a) = elem.attr(attr) else { continue };
                match charset(&a.value) {
                    Some(enc) if attr == "charset" => input = Some(enc),
                    Some(_) => {}
                    None => out.emit(&RULE, || {
                        Finding::new(
                            &RULE,
                            file.span(a.value_range.clone()),
                            format!(
                                "`{attr}=\"{}\"` is not a charset: autoconfig fails with `UnsupportedCharsetException`",
                                a.value
                            ),
                        )
                        .with_help("use a Java charset name such as `UTF-8` or `GBK`")
                    }),
                }
            }
            let Some((tfile, _)) = m.scan_of(g) else { continue };
            let bytes = &tfile.bytes;
            match input {
                Some(enc) => {
                    let (_, had_errors) = enc.decode_without_bom_handling(bytes);
                    if had_errors {
                        out.emit(&RULE, || {
                            Finding::new(
                                &RULE,
                                file.span(elem.value_range("charset")),
                                format!("template `{}` is not valid `{}`", tfile.path, enc.name()),
                            )
                            .with_severity(Severity::Warning)
                            .with_label(tfile.whole(), "this template")
                            .with_help("save the template in the charset the generate names, or fix `charset`")
                        });
                    }
                }
                None if elem.attr("charset").is_none() && !bytes.is_ascii() => out.emit(&RULE, || {
                    Finding::new(
                        &RULE,
                        file.span(elem.range.clone()),
                        format!("`<generate>` of non-ASCII template `{}` sets no `charset`: the build machine's default decides", tfile.path),
                    )
                    .with_severity(Severity::Warning)
                    .with_label(tfile.whole(), "this template has non-ASCII characters")
                    .with_help("add `charset=\"UTF-8\"` (the template's charset) and `outputCharset`")
                }),
                None => {}
            }
        }
    }
}
