//! TXT018 invalid-xml.

use precheck_core::{FileCtx, Finding, RuleMeta, Severity, Sink};
use quick_xml::events::Event;
use quick_xml::reader::Reader;

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT018",
    "invalid-xml",
    Severity::Error,
    "an XML file that is not well-formed",
    r#"## What it does
Reads every XML file (`.xml`, `.xsd`, `.xsl`, `.xslt`, `.wsdl`, `.pom`, `.svg`, `.plist`, `.xhtml`,
MSBuild project files) after decoding its declared charset (GBK files too) and reports the first
well-formedness error: unbalanced or mismatched tags, a tag never closed, malformed attributes or
duplicate attributes, an undefined entity, text or a second element outside the root element.

A template that becomes XML only when rendered is not checked: FreeMarker sources (`<#if>`, `<#list>`,
`<@macro>`, `[#…]`) and files whose path holds a `${…}` placeholder (a code generator's output name). In an
XHTML document (its namespace declared, as Genshi, Facelets and Thymeleaf templates do) the HTML named
entities (`&laquo;`, `&nbsp;`) count as defined: the engines that read them define them.

## Why
Spring contexts, Maven POMs, MyBatis mappers and data-source files fail to load on the first malformed
byte, at start-up, in the environment that reads them.

## Example
```xml
<beans>
  <bean id="ds" class="com.example.DataSource">
</beans>
```

## Use instead
```xml
<beans>
  <bean id="ds" class="com.example.DataSource"/>
</beans>
```
"#,
);

const EXTENSIONS: &[&str] = &[
    "xml", "xsd", "xsl", "xslt", "wsdl", "pom", "svg", "plist", "xhtml", "csproj", "vbproj", "fsproj", "props",
    "targets",
];

const PREDEFINED: &[&[u8]] = &[b"lt", b"gt", b"amp", b"apos", b"quot"];

/// Markers of FreeMarker source: directives and macro calls, in both syntaxes.
const TEMPLATE_MARKERS: &[&str] = &["<#", "</#", "<@", "</@", "[#if", "[#list", "[#assign"];

/// Whether the file is a template rendered into XML later, not XML itself.
fn is_template(path: &str, text: &str) -> bool {
    path.contains("${") || TEMPLATE_MARKERS.iter().any(|m| text.contains(m))
}

/// The first well-formedness problem of `text`: byte offset and message.
fn first_error(text: &str) -> Option<(usize, String)> {
    // quick-xml skips a leading U+FEFF without counting its three bytes (the decoder already removed one BOM:
    // this is a second), so every position would be three bytes early: it reads spaces there instead.
    let spaced;
    let text = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => {
            spaced = format!("   {rest}");
            spaced.as_str()
        }
        None => text,
    };
    let mut reader = Reader::from_str(text);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.check_comments = true;
    config.allow_unmatched_ends = false;
    let mut stack: Vec<(Vec<u8>, usize)> = Vec::new();
    let mut roots = 0usize;
    // XHTML templates (Genshi, Facelets, Thymeleaf) use HTML's named entities; their engines define them.
    let mut own_entities = text.contains("http://www.w3.org/1999/xhtml");
    loop {
        let before = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                let at = usize::try_from(reader.error_position()).unwrap_or(before);
                return Some((at, e.to_string()));
            }
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                if stack.is_empty() {
                    roots += 1;
                    if roots > 1 {
                        return Some((before, "a second root element: an XML document has exactly one".into()));
                    }
                }
                // quick-xml's own duplicate check compares each attribute with every earlier one: quadratic
                // on one element with 100k attributes (22 s). A set of the names does it in one pass.
                let mut names: std::collections::HashSet<&[u8]> = std::collections::HashSet::new();
                for attr in e.attributes().with_checks(false) {
                    match attr {
                        Ok(a) => {
                            if !names.insert(a.key.into_inner()) {
                                let name = String::from_utf8_lossy(a.key.as_ref()).into_owned();
                                return Some((before, format!("duplicate attribute `{name}`")));
                            }
                            if let Err(err) = a.unescape_value()
                                && !own_entities
                            {
                                return Some((before, format!("in attribute: {err}")));
                            }
                        }
                        Err(err) => return Some((before, err.to_string())),
                    }
                }
                if let Event::Start(e) = event {
                    stack.push((e.name().as_ref().to_vec(), before));
                }
            }
            Event::End(_) => {
                stack.pop();
            }
            Event::Text(t) => {
                if stack.is_empty() && !t.iter().all(u8::is_ascii_whitespace) {
                    return Some((before, "text outside the root element".into()));
                }
            }
            Event::GeneralRef(r) => {
                let name: &[u8] = &r;
                if stack.is_empty() {
                    return Some((before, "text outside the root element".into()));
                }
                if !own_entities && !name.starts_with(b"#") && !PREDEFINED.contains(&name) {
                    return Some((before, format!("undefined entity `&{};`", String::from_utf8_lossy(name))));
                }
            }
            Event::CData(_) => {
                if stack.is_empty() {
                    return Some((before, "CDATA outside the root element".into()));
                }
            }
            Event::DocType(d) => own_entities = d.windows(8).any(|w| w == b"<!ENTITY" || w == b"!ENTITY "),
            Event::Eof => {
                if let Some((name, at)) = stack.pop() {
                    return Some((at, format!("`<{}>` is never closed", String::from_utf8_lossy(&name))));
                }
                if roots == 0 {
                    return Some((before, "no root element".into()));
                }
                return None;
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
        }
    }
}

pub fn check(cx: &FileCtx<'_>, out: &mut Sink) {
    let ext = cx.info.extension().to_ascii_lowercase();
    if !EXTENSIONS.contains(&ext.as_str()) || !out.enabled(&RULE) || cx.decoded().malformed_at.is_some() {
        return;
    }
    let text = cx.text();
    if is_template(cx.path(), text) {
        return;
    }
    let Some((at, message)) = first_error(text) else { return };
    // quick-xml's positions are byte offsets: an error may sit inside a multi-byte character.
    let at = precheck_core::text::floor_char_boundary(text, at.min(text.len()));
    let end = text.get(at..).and_then(|t| t.chars().next()).map_or(at, |c| at + c.len_utf8());
    out.emit(&RULE, || {
        Finding::new(&RULE, cx.span(at..end), format!("invalid XML: {message}"))
            .with_help("fix the markup at this position")
    });
}

#[cfg(test)]
mod tests {
    use super::first_error;

    #[test]
    fn well_formedness() {
        assert_eq!(first_error("<?xml version=\"1.0\"?>\n<a><b/>&amp;</a>\n"), None);
        assert!(first_error("<a><b></a>").is_some());
        assert!(first_error("<a>").is_some_and(|(at, m)| at == 0 && m.contains("never closed")));
        assert!(first_error("<a/><b/>").is_some());
        assert!(first_error("<a>&nbsp;</a>").is_some());
        assert!(first_error("<a x=\"1\" x=\"2\"/>").is_some());
        assert!(first_error("").is_some());
        assert_eq!(first_error("<div xmlns=\"http://www.w3.org/1999/xhtml\">&laquo; Back</div>"), None);
        // A second byte-order mark: positions still count its bytes.
        assert_eq!(first_error("\u{FEFF}<a><b></a>").map(|(at, _)| at), first_error("   <a><b></a>").map(|(at, _)| at));
    }

    #[test]
    fn templates_are_not_xml_until_rendered() {
        use super::is_template;
        assert!(is_template("gen/${entityName}Mapper.xml", "<mapper/>"));
        assert!(is_template("gen/Mapper.xml", "<#list columns as c>\n</#list>"));
        assert!(is_template("gen/Mapper.xml", "<mapper><@field name=\"x\"/></mapper>"));
        assert!(!is_template("src/Mapper.xml", "<mapper namespace=\"a\"><select id=\"x\">#{id}</select></mapper>"));
    }
}
