//! `auto-config.xml` (antx.md §1.1): the elements autoconfig's Digester binds, every attribute with its
//! place, and what it silently ignores.

use std::ops::Range;

use precheck_xml::{Doc, ErrorKind, Options, RunKind, XmlError};

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

/// Parses a descriptor's decoded text. `Err` carries the XML error and its byte offset.
///
/// The XML layer reads it as an event reader does ([`Options::events`], attributes strictly), so a
/// descriptor loads or fails as before and AX001 keeps its words.
pub fn parse(text: &str) -> Result<Parsed, (String, usize)> {
    // A second byte-order mark (the decoder removed one) is no text outside the root.
    let spaced = precheck_xml::decode::bom_as_spaces(text);
    let text = &*spaced;
    let (doc, error) = precheck_xml::parse_with(text, Options::events(true));
    // The first problem in document order: one of ours among what was read before the layer's error.
    if let Some(problem) = first_problem(text, &doc) {
        return Err(problem);
    }
    match error {
        None => {}
        Some(XmlError { kind: ErrorKind::NoRoot, .. }) => return Err(("no root element".into(), 0)),
        Some(XmlError { kind: ErrorKind::Unclosed { name }, .. }) => {
            return Err((format!("element `<{name}>` is never closed"), text.len()));
        }
        Some(e) => return Err((e.event_message(text), e.offset)),
    }
    let mut out = Parsed::default();
    if !doc.elems.is_empty() {
        visit(&doc, 0, &mut Vec::new(), false, &mut out);
    }
    Ok(out)
}

/// What the descriptor reader rejects in well-tokenized XML, the first in document order: a second root
/// element, nesting deeper than [`MAX_DEPTH`], text outside the root element.
fn first_problem(text: &str, doc: &Doc) -> Option<(String, usize)> {
    let first: Option<(String, usize)> = doc
        .outside
        .iter()
        .filter(|r| r.kind == RunKind::Text)
        .find(|r| text.as_bytes().get(r.range.clone()).is_some_and(|t| t.iter().any(|b| !b.is_ascii_whitespace())))
        .map(|r| ("text outside the root element".into(), r.range.start));
    let parents = doc.parents();
    let mut depth = vec![0usize; doc.elems.len()];
    for (i, e) in doc.elems.iter().enumerate() {
        let start = e.tag.start;
        if first.as_ref().is_some_and(|f| f.1 < start) {
            break;
        }
        let problem = match parents[i] {
            None if i > 0 => Some("more than one root element".to_string()),
            None => None,
            Some(p) => {
                depth[i] = depth[p] + 1;
                // Descriptors are a few levels deep; bound the work on hostile nesting.
                (depth[i] >= MAX_DEPTH).then(|| format!("elements nested deeper than {MAX_DEPTH} levels"))
            }
        };
        if let Some(message) = problem {
            return Some((message, start));
        }
    }
    first
}

/// Records `doc.elems[i]` and the elements under it at `path` (the names of its ancestors); `unbound` when an
/// ancestor is already recorded as unbound.
fn visit(doc: &Doc, i: usize, path: &mut Vec<String>, unbound: bool, out: &mut Parsed) {
    let e = &doc.elems[i];
    let elem = Elem { name: e.name.clone(), range: e.tag.clone(), attrs: e.attrs.clone() };
    path.push(elem.name.clone());
    let joined = path.join("/");
    let mut inside_unbound = unbound;
    if !unbound {
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
            inside_unbound = true;
        }
    }
    for &c in &e.children {
        visit(doc, c, path, inside_unbound, out);
    }
    path.pop();
}
