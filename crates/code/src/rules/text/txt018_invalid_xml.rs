//! TXT018 invalid-xml.

use precheck_core::{FileCtx, Finding, RuleMeta, Severity, Sink};
use precheck_xml::{ErrorKind, Options, RunKind, XmlError};

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

const PREDEFINED: &[&str] = &["lt", "gt", "amp", "apos", "quot"];

/// Markers of FreeMarker source: directives and macro calls, in both syntaxes.
const TEMPLATE_MARKERS: &[&str] = &["<#", "</#", "<@", "</@", "[#if", "[#list", "[#assign"];

/// Whether the file is a template rendered into XML later, not XML itself.
fn is_template(path: &str, text: &str) -> bool {
    path.contains("${") || TEMPLATE_MARKERS.iter().any(|m| text.contains(m))
}

/// What the document holds, in document order, for the checks that depend on what came before.
enum Item<'d> {
    Start(&'d precheck_xml::Elem, bool),
    Run(&'d precheck_xml::Run, bool),
}

/// The first well-formedness problem of `text`: byte offset and message.
///
/// The XML layer reads it as an event reader does ([`Options::events`]); this rule checks what that reader
/// left to its caller (a second root, attributes, undefined entities, text outside the root, `--` in a
/// comment) in document order before the layer's error, in the words TXT018 has always used.
fn first_error(text: &str) -> Option<(usize, String)> {
    // A second byte-order mark (the decoder removed one) is no text outside the root.
    let spaced = precheck_xml::decode::bom_as_spaces(text);
    let text = &*spaced;
    let (doc, error) = precheck_xml::parse_with(text, Options::events(false));
    let parents = doc.parents();
    let mut items: Vec<(usize, Item<'_>)> = Vec::new();
    for (i, e) in doc.elems.iter().enumerate() {
        items.push((e.tag.start, Item::Start(e, parents[i].is_none())));
        items.extend(e.runs.iter().map(|r| (r.range.start, Item::Run(r, true))));
    }
    items.extend(doc.outside.iter().map(|r| (r.range.start, Item::Run(r, false))));
    items.sort_unstable_by_key(|(at, _)| *at);
    // XHTML templates (Genshi, Facelets, Thymeleaf) use HTML's named entities; their engines define them.
    let mut own_entities = text.contains("http://www.w3.org/1999/xhtml");
    let mut roots = 0usize;
    for (at, item) in items {
        let raw = text.get(match &item {
            Item::Start(e, _) => e.tag.clone(),
            Item::Run(r, _) => r.range.clone(),
        });
        let raw = raw.unwrap_or_default();
        match item {
            Item::Start(e, top) => {
                if top {
                    roots += 1;
                    if roots > 1 {
                        return Some((at, "a second root element: an XML document has exactly one".into()));
                    }
                }
                if let Some(problem) = attribute_problem(text, e, own_entities) {
                    return Some((at, problem));
                }
            }
            Item::Run(r, inside) => match r.kind {
                RunKind::Text if !inside && !raw.bytes().all(|b| b.is_ascii_whitespace()) => {
                    return Some((at, "text outside the root element".into()));
                }
                RunKind::Ref if !inside => return Some((at, "text outside the root element".into())),
                RunKind::Ref => {
                    let name = raw.get(1..raw.len() - 1).unwrap_or_default();
                    if !own_entities && !name.starts_with('#') && !PREDEFINED.contains(&name) {
                        return Some((at, format!("undefined entity `&{name};`")));
                    }
                }
                RunKind::CData if !inside => return Some((at, "CDATA outside the root element".into())),
                RunKind::Comment => {
                    if let Some(p) = double_hyphen(raw) {
                        return Some((at + p, "ill-formed document: forbidden string `--` was found in a comment".into()));
                    }
                }
                RunKind::Doctype => own_entities = raw.contains("<!ENTITY") || raw.contains("!ENTITY "),
                RunKind::Text | RunKind::CData => {}
            },
        }
    }
    match error? {
        XmlError { kind: ErrorKind::Unclosed { name }, offset, .. } => Some((offset, format!("`<{name}>` is never closed"))),
        XmlError { kind: ErrorKind::NoRoot, offset, .. } => Some((offset, "no root element".into())),
        e => Some((e.offset, e.event_message(text))),
    }
}

/// The first problem with the attributes of `e`: one that does not parse, one written twice, a value with an
/// undefined entity or a reference not closed (unless the document defines its own entities).
fn attribute_problem(text: &str, e: &precheck_xml::Elem, own_entities: bool) -> Option<String> {
    // A set of the names, not a comparison with every earlier one: one element with 100k attributes would be
    // quadratic (22 s).
    let mut names: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for attr in precheck_xml::reader::event_attrs(text, e.tag.clone(), e.self_closing(text)) {
        let (name, value) = match attr {
            Ok(a) => a,
            Err(message) => return Some(message),
        };
        let name = text.get(name).unwrap_or_default();
        if !names.insert(name) {
            return Some(format!("duplicate attribute `{name}`"));
        }
        if !own_entities && let Some(err) = value_problem(text.get(value).unwrap_or_default()) {
            return Some(format!("in attribute: {err}"));
        }
    }
    None
}

/// What is wrong with the references of an attribute value: an `&` whose next `&` or `;` is not a `;`, an
/// entity other than the predefined ones, a character reference that is no character (positions in the
/// value, as the words users know from earlier versions give them).
#[allow(clippy::string_slice, reason = "cuts just past ASCII `&` and at ASCII `;`")]
fn value_problem(raw: &str) -> Option<String> {
    let b = raw.as_bytes();
    let mut marks = memchr::memchr2_iter(b'&', b';', b);
    while let Some(start) = marks.by_ref().find(|&p| b[p] == b'&') {
        let Some(end) = marks.next().filter(|&p| b[p] == b';') else {
            return Some(format!("Error while escaping character at range {start}..{}: Cannot find ';' after '&'", raw.len()));
        };
        let name = &raw[start + 1..end];
        match name.strip_prefix('#') {
            Some(num) => {
                if let Err(why) = char_ref(num) {
                    return Some(format!("invalid character reference: {why}"));
                }
            }
            None if PREDEFINED.contains(&name) => {}
            None => return Some(format!("at {}..{end}: unrecognized entity `{name}`", start + 1)),
        }
    }
    None
}

/// A character reference's number (after `#`): the character, or why it is none.
fn char_ref(num: &str) -> Result<char, String> {
    let (digits, radix) = num.strip_prefix('x').map_or((num, 10), |hex| (hex, 16));
    if digits.starts_with(['+', '-']) {
        return Err("unexpected number sign".into());
    }
    let code = u32::from_str_radix(digits, radix).map_err(|e| e.to_string())?;
    if code == 0 {
        return Err(format!("0x{code:x} character is not permitted in XML"));
    }
    char::from_u32(code).ok_or_else(|| format!("`{code}` is not a valid codepoint"))
}

/// The offset in `<!--…-->` where a `--` inside it is reported, if there is one (a `-` just before the closing
/// `-->` counts), placed as earlier versions placed it.
fn double_hyphen(comment: &str) -> Option<usize> {
    let b = comment.as_bytes();
    // The text between `<!` and `>`: `--…--`; the content is `buf[2..len - 2]`.
    let buf = b.get(1..b.len().checked_sub(1)?)?;
    let content = buf.get(3..buf.len().checked_sub(2)?)?;
    let mut rest = content;
    let mut off = 0;
    while let Some(p) = memchr::memchr(b'-', rest) {
        off += p + 1;
        if buf.get(3 + off) == Some(&b'-') {
            // From the byte after `<!--`, by the position in the part of the content searched last.
            return Some(4 + p);
        }
        rest = &rest[p + 1..];
    }
    None
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
    // Positions are byte offsets: an error may sit inside a multi-byte character.
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
