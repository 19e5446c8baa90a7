//! `auto-config.xml` (antx.md §1.1): the elements autoconfig's Digester binds, every attribute with its
//! place, and what it silently ignores.

use std::ops::Range;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// An attribute with its value (entities resolved) and where its name and value are written: the XML
/// layer's attribute type.
pub use precheck_xml::Attr;

/// A start (or empty) tag.
#[derive(Clone, Debug)]
pub struct Elem {
    pub name: String,
    /// The whole start tag.
    pub range: Range<usize>,
    pub attrs: Vec<Attr>,
}

impl Elem {
    pub fn attr(&self, name: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.name == name)
    }

    /// The trimmed value of `name`, if present.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.attr(name).map(|a| a.value.trim())
    }

    /// The name attribute's value range, else the tag.
    pub fn name_range(&self) -> Range<usize> {
        self.attr("name").map_or(self.range.clone(), |a| a.value_range.clone())
    }

    /// The range of attribute `name`'s value, else the tag.
    pub fn value_range(&self, name: &str) -> Range<usize> {
        self.attr(name).map_or(self.range.clone(), |a| a.value_range.clone())
    }
}

/// `<property>` with its `<validator>` children.
#[derive(Clone, Debug)]
pub struct Property {
    pub elem: Elem,
    pub validators: Vec<Elem>,
}

impl Property {
    pub fn name(&self) -> &str {
        self.elem.value("name").unwrap_or_default()
    }

    /// `required` as autoconfig reads it: absent means true.
    pub fn required(&self) -> bool {
        !self.elem.value("required").is_some_and(|v| v.eq_ignore_ascii_case("false"))
    }

    pub fn default_value(&self) -> Option<&Attr> {
        self.elem.attr("defaultValue")
    }
}

/// A parsed descriptor.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    pub root: Option<Elem>,
    pub properties: Vec<Property>,
    pub generates: Vec<Elem>,
    /// `<group>` and `<script>` elements, with their paths (only their attributes matter).
    pub containers: Vec<(Elem, String)>,
    /// Elements outside the bound paths, with the path they were found at (topmost only).
    pub unbound: Vec<(Elem, String)>,
}

/// How deep elements may nest before the descriptor is rejected as malformed.
const MAX_DEPTH: usize = 64;

/// Element paths autoconfig binds (plus `config/script`, the container of generates).
const BOUND: &[&str] = &[
    "config",
    "config/group",
    "config/group/property",
    "config/group/property/validator",
    "config/script",
    "config/script/generate",
];

/// Attributes each bound element reads; validator attributes depend on the validator (see [`validator_attrs`]).
pub fn known_attrs(path: &str) -> &'static [&'static str] {
    match path {
        "config" => &["description"],
        "config/group" => &["name", "description"],
        "config/group/property" => &["name", "defaultValue", "description", "required"],
        "config/script/generate" => &["template", "destfile", "charset", "outputCharset"],
        _ => &[],
    }
}

/// Attributes a validator of kind `name` reads besides `name` and `message`; `None` for an unknown kind.
pub fn validator_attrs(name: &str) -> Option<&'static [&'static str]> {
    Some(match name {
        "required" | "boolean" | "number" | "keyword" | "email" | "hostExist" => &[],
        "choice" => &["choice"],
        "regexp" => &["regexp", "mode"],
        "url" => &["protocols", "checkHostExist", "endsWithSlash"],
        "fileExist" => &["file"],
        _ => return None,
    })
}

/// Where `slice` (borrowed from `text`) starts in `text`.
fn offset_in(text: &str, slice: &[u8]) -> Option<usize> {
    let base = text.as_ptr() as usize;
    let at = slice.as_ptr() as usize;
    (at >= base && at + slice.len() <= base + text.len()).then(|| at - base)
}

fn element(text: &str, e: &BytesStart<'_>, range: Range<usize>) -> Result<Elem, (String, usize)> {
    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
    let mut attrs = Vec::new();
    for a in e.attributes().with_checks(true) {
        let a = a.map_err(|err| (format!("{err}"), range.start))?;
        let key = a.key.as_ref();
        let name_at = offset_in(text, key).unwrap_or(range.start);
        let raw = String::from_utf8_lossy(&a.value).into_owned();
        let value_at = offset_in(text, &a.value).unwrap_or(range.start);
        let value = quick_xml::escape::unescape(&raw)
            .map_err(|err| (format!("attribute `{}`: {err}", String::from_utf8_lossy(key)), value_at))?
            .into_owned();
        attrs.push(Attr {
            name: String::from_utf8_lossy(key).into_owned(),
            value,
            name_range: name_at..name_at + key.len(),
            value_range: value_at..value_at + a.value.len(),
        });
    }
    Ok(Elem { name, range, attrs })
}

/// Parses a descriptor's decoded text. `Err` carries the XML error and its byte offset.
pub fn parse(text: &str) -> Result<Parsed, (String, usize)> {
    // quick-xml would not count a leading U+FEFF's bytes.
    let spaced = precheck_xml::decode::bom_as_spaces(text);
    let text = &*spaced;
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    let mut out = Parsed::default();
    let mut path: Vec<String> = Vec::new();
    // Depth of the topmost unbound element we are inside, if any.
    let mut unbound_depth: Option<usize> = None;
    let mut roots = 0;
    loop {
        let before = usize::try_from(reader.buffer_position()).unwrap_or(0);
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => return Err((e.to_string(), usize::try_from(reader.error_position()).unwrap_or(before))),
        };
        let after = usize::try_from(reader.buffer_position()).unwrap_or(before);
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let elem = element(text, e, before..after)?;
                if path.is_empty() {
                    roots += 1;
                    if roots > 1 {
                        return Err(("more than one root element".into(), before));
                    }
                }
                // Descriptors are a few levels deep; bound the work on hostile nesting.
                if path.len() >= MAX_DEPTH {
                    return Err((format!("elements nested deeper than {MAX_DEPTH} levels"), before));
                }
                path.push(elem.name.clone());
                let joined = path.join("/");
                if unbound_depth.is_none() {
                    if BOUND.contains(&joined.as_str()) {
                        match joined.as_str() {
                            "config" => out.root = Some(elem),
                            "config/group/property" => out.properties.push(Property { elem, validators: Vec::new() }),
                            "config/group/property/validator" => {
                                if let Some(p) = out.properties.last_mut() {
                                    p.validators.push(elem);
                                }
                            }
                            "config/script/generate" => out.generates.push(elem),
                            _ => out.containers.push((elem, joined)),
                        }
                    } else {
                        let parent = path[..path.len() - 1].join("/");
                        out.unbound.push((elem, parent));
                        unbound_depth = Some(path.len());
                    }
                }
                if empty {
                    if unbound_depth == Some(path.len()) {
                        unbound_depth = None;
                    }
                    path.pop();
                }
            }
            Event::End(_) => {
                if unbound_depth == Some(path.len()) {
                    unbound_depth = None;
                }
                path.pop();
            }
            Event::Text(ref t) if path.is_empty() && t.iter().any(|b| !b.is_ascii_whitespace()) => {
                return Err(("text outside the root element".into(), before));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = path.last() {
        return Err((format!("element `<{open}>` is never closed"), text.len()));
    }
    if roots == 0 {
        return Err(("no root element".into(), 0));
    }
    Ok(out)
}
