//! POM files as written: a small element tree read through precheck-xml, then the parts of the Maven model the
//! resolver needs (coordinates, parent, properties, dependencies, dependencyManagement, modules, profiles,
//! relocation), each dependency with the byte offsets of its elements so findings can point at them.
//!
//! Nothing here interpolates or inherits: that is [`crate::model`]'s job.

use std::collections::BTreeMap;

/// Deeper nesting than this is not a POM; stop before a hostile file costs stack or memory.
const MAX_DEPTH: usize = 64;
/// More elements than this is not a POM we can judge.
const MAX_ELEMENTS: usize = 500_000;

/// One XML element: local name, text content (entities resolved, trimmed), byte offset of its start tag
/// in the decoded text, and children.
#[derive(Clone, Debug, Default)]
pub struct Element {
    pub name: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub children: Vec<Element>,
}

impl Element {
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The trimmed text of a child, if present and non-empty.
    pub fn text_of(&self, name: &str) -> Option<String> {
        self.child(name).map(|c| c.text.trim().to_string()).filter(|t| !t.is_empty())
    }
}

/// Why XML could not be parsed, and the byte offset where it went wrong: the XML layer's error type.
pub use precheck_xml::XmlError;
use precheck_xml::{Doc, ErrorKind, Options};

/// Parses XML text into its root element; the error says what and where.
///
/// The XML layer reads it as an event reader does ([`Options::events`]): a POM Maven reads is accepted as
/// before, attributes are not looked at, and errors keep the words the JAR010 findings have always quoted.
pub fn parse_xml(text: &str) -> Result<Element, XmlError> {
    let (doc, error) = precheck_xml::parse_with(text, Options::events(false));
    // The first problem in document order: one of ours among the elements read before the layer's error.
    if let Some(e) = first_problem(text, &doc) {
        return Err(e);
    }
    match error {
        None => {}
        Some(XmlError { kind: ErrorKind::NoRoot, .. }) => return Err(other(0, "no root element")),
        Some(XmlError { kind: ErrorKind::Unclosed { name }, offset, .. }) => {
            let name = precheck_xml::reader::event_local_name(&name);
            return Err(other(offset, format!("unclosed element `<{name}>`")));
        }
        Some(e) => {
            let message = e.event_message(text);
            return Err(XmlError { message, ..e });
        }
    }
    Ok(element(&doc, 0))
}

fn other(offset: usize, message: impl Into<String>) -> XmlError {
    XmlError::new(offset, ErrorKind::Other, message)
}

/// What the POM reader rejects in well-tokenized XML, the first in document order: a second root element,
/// nesting deeper than [`MAX_DEPTH`] (elements that are not `<x/>`) or more than [`MAX_ELEMENTS`] elements,
/// an entity other than the predefined ones and character references.
fn first_problem(text: &str, doc: &Doc) -> Option<XmlError> {
    let parents = doc.parents();
    let mut depth = vec![0usize; doc.elems.len()];
    let mut first: Option<XmlError> = None;
    let note = |first: &mut Option<XmlError>, e: XmlError| {
        if first.as_ref().is_none_or(|f| e.offset < f.offset) {
            *first = Some(e);
        }
    };
    for (i, e) in doc.elems.iter().enumerate() {
        let start = e.tag.start;
        if first.as_ref().is_some_and(|f| f.offset < start) {
            break;
        }
        match parents[i] {
            Some(p) => depth[i] = depth[p] + 1,
            None if i > 0 => {
                note(&mut first, other(start, "content after the root element"));
                break;
            }
            None => {}
        }
        if !e.self_closing(text) && (depth[i] >= MAX_DEPTH || i >= MAX_ELEMENTS) {
            note(
                &mut first,
                other(start, format!("nesting deeper than {MAX_DEPTH} or more than {MAX_ELEMENTS} elements")),
            );
            break;
        }
        let unknown = e.runs.iter().filter(|r| r.kind == precheck_xml::RunKind::Ref).find_map(|r| {
            let name = text.get(r.range.start + 1..r.range.end - 1).unwrap_or_default();
            precheck_xml::reader::event_entity(name).is_none().then_some((r.range.start, name))
        });
        if let Some((at, name)) = unknown {
            note(&mut first, other(at, format!("unknown entity `&{name};`")));
        }
    }
    first
}

/// The element tree under `doc.elems[i]` (at most [`MAX_DEPTH`] deep: [`first_problem`] saw to that).
fn element(doc: &Doc, i: usize) -> Element {
    let e = &doc.elems[i];
    Element {
        name: precheck_xml::reader::event_local_name(&e.name).to_string(),
        text: e.text.clone(),
        start: e.tag.start,
        end: e.end,
        children: e.children.iter().map(|&c| element(doc, c)).collect(),
    }
}

/// A text value with the byte offsets of its element in the POM text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Located {
    pub value: String,
    pub start: usize,
    pub end: usize,
}

/// An exclusion pattern (`*` allowed in either part).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Exclusion {
    pub group: String,
    pub artifact: String,
}

impl Exclusion {
    pub fn matches(&self, group: &str, artifact: &str) -> bool {
        (self.group == "*" || self.group == group) && (self.artifact == "*" || self.artifact == artifact)
    }
}

/// A `<dependency>` as written (before interpolation).
#[derive(Clone, Debug, Default)]
pub struct RawDep {
    pub group: String,
    pub artifact: String,
    pub version: Option<Located>,
    pub kind: Option<String>,
    pub classifier: Option<String>,
    pub scope: Option<String>,
    pub optional: Option<String>,
    pub exclusions: Vec<Exclusion>,
    /// Byte range of the whole `<dependency>` element.
    pub start: usize,
    pub end: usize,
}

/// How a profile is switched on.
#[derive(Clone, Debug, Default)]
pub struct Activation {
    pub by_default: bool,
    /// `(name, value)`; a name starting with `!` means "absent", a value starting with `!` means "not equal".
    pub property: Option<(String, Option<String>)>,
    pub jdk: Option<String>,
    /// Conditions precheck does not evaluate (os, file): such a profile is treated as inactive.
    pub unsupported: bool,
}

/// The parts of a POM (or of one of its profiles) that feed the model.
#[derive(Clone, Debug, Default)]
pub struct Body {
    pub properties: BTreeMap<String, String>,
    /// Byte range of each property's element (the last one written, as in `properties`).
    pub property_at: BTreeMap<String, (usize, usize)>,
    pub dependencies: Vec<RawDep>,
    pub managed: Vec<RawDep>,
    pub modules: Vec<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Profile {
    pub id: String,
    pub activation: Activation,
    pub body: Body,
    pub start: usize,
}

#[derive(Clone, Debug, Default)]
pub struct ParentRef {
    pub group: String,
    pub artifact: String,
    pub version: String,
    /// `None` = the default `../pom.xml`; `Some("")` = repository only.
    pub relative_path: Option<String>,
    pub start: usize,
    pub end: usize,
}

/// A POM as written.
#[derive(Clone, Debug, Default)]
pub struct RawPom {
    pub group: Option<String>,
    pub artifact: String,
    pub version: Option<String>,
    pub packaging: Option<String>,
    pub parent: Option<ParentRef>,
    pub body: Body,
    pub profiles: Vec<Profile>,
    /// `<distributionManagement><relocation>`: (group, artifact, version), each optional.
    pub relocation: Option<(Option<String>, Option<String>, Option<String>)>,
    /// Byte range of the project's own `<artifactId>` element (where project-level findings point).
    pub artifact_at: (usize, usize),
}

fn deps_of(list: Option<&Element>) -> Vec<RawDep> {
    let Some(list) = list else { return Vec::new() };
    list.children_named("dependency")
        .map(|d| RawDep {
            group: d.text_of("groupId").unwrap_or_default(),
            artifact: d.text_of("artifactId").unwrap_or_default(),
            version: d.child("version").map(|v| Located {
                value: v.text.trim().to_string(),
                start: v.start,
                end: v.end,
            }),
            kind: d.text_of("type"),
            classifier: d.text_of("classifier"),
            scope: d.text_of("scope"),
            optional: d.text_of("optional"),
            exclusions: d
                .child("exclusions")
                .map(|x| {
                    x.children_named("exclusion")
                        .map(|e| Exclusion {
                            group: e.text_of("groupId").unwrap_or_else(|| "*".to_string()),
                            artifact: e.text_of("artifactId").unwrap_or_else(|| "*".to_string()),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            start: d.start,
            end: d.end,
        })
        .collect()
}

fn body_of(el: &Element) -> Body {
    let mut properties = BTreeMap::new();
    let mut property_at = BTreeMap::new();
    if let Some(p) = el.child("properties") {
        for c in &p.children {
            properties.insert(c.name.clone(), c.text.trim().to_string());
            property_at.insert(c.name.clone(), (c.start, c.end));
        }
    }
    Body {
        properties,
        property_at,
        dependencies: deps_of(el.child("dependencies")),
        managed: deps_of(el.child("dependencyManagement").and_then(|m| m.child("dependencies"))),
        modules: el
            .child("modules")
            .map(|m| m.children_named("module").map(|x| x.text.trim().to_string()).collect())
            .unwrap_or_default(),
    }
}

impl RawPom {
    /// Parses POM text (already decoded).
    pub fn parse(text: &str) -> Result<RawPom, XmlError> {
        let root = parse_xml(text)?;
        if root.name != "project" {
            let message = format!("the root element is `<{}>`, not `<project>`", root.name);
            return Err(XmlError::new(root.start, ErrorKind::Other, message));
        }
        let parent = root.child("parent").map(|p| ParentRef {
            group: p.text_of("groupId").unwrap_or_default(),
            artifact: p.text_of("artifactId").unwrap_or_default(),
            version: p.text_of("version").unwrap_or_default(),
            relative_path: p.child("relativePath").map(|r| r.text.trim().to_string()),
            start: p.start,
            end: p.end,
        });
        let profiles = root
            .child("profiles")
            .map(|ps| {
                ps.children_named("profile")
                    .map(|p| {
                        let mut activation = Activation::default();
                        if let Some(a) = p.child("activation") {
                            activation.by_default = a.text_of("activeByDefault").as_deref() == Some("true");
                            activation.jdk = a.text_of("jdk");
                            activation.property =
                                a.child("property").and_then(|pr| pr.text_of("name").map(|n| (n, pr.text_of("value"))));
                            activation.unsupported = a.child("os").is_some() || a.child("file").is_some();
                        }
                        Profile {
                            id: p.text_of("id").unwrap_or_default(),
                            activation,
                            body: body_of(p),
                            start: p.start,
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        let relocation = root
            .child("distributionManagement")
            .and_then(|d| d.child("relocation"))
            .map(|r| (r.text_of("groupId"), r.text_of("artifactId"), r.text_of("version")));
        Ok(RawPom {
            group: root.text_of("groupId"),
            artifact: root.text_of("artifactId").unwrap_or_default(),
            version: root.text_of("version"),
            packaging: root.text_of("packaging"),
            parent,
            body: body_of(&root),
            profiles,
            relocation,
            artifact_at: root.child("artifactId").map_or((root.start, root.start + 1), |a| (a.start, a.end)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_namespaced_pom_with_comments_cdata_and_entities() {
        let text = r#"<?xml version="1.0"?>
<!-- c --><project xmlns="http://maven.apache.org/POM/4.0.0">
  <parent><groupId>g</groupId><artifactId>p</artifactId><version>1</version><relativePath/></parent>
  <artifactId>a</artifactId>
  <properties><x.y><![CDATA[1.0]]></x.y><amp>a&amp;b</amp></properties>
  <dependencies>
    <dependency><groupId>g</groupId><artifactId>d</artifactId><version>${x.y}</version>
      <exclusions><exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion></exclusions>
    </dependency>
  </dependencies>
  <build><plugins><plugin/></plugins></build>
</project>"#;
        let pom = RawPom::parse(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(pom.artifact, "a");
        assert_eq!(pom.parent.as_ref().and_then(|p| p.relative_path.clone()), Some(String::new()));
        assert_eq!(pom.body.properties.get("x.y").map(String::as_str), Some("1.0"));
        assert_eq!(pom.body.properties.get("amp").map(String::as_str), Some("a&b"));
        let d = &pom.body.dependencies[0];
        assert_eq!(d.version.as_ref().map(|v| v.value.as_str()), Some("${x.y}"));
        assert!(text.get(d.start..d.end).is_some_and(|t| t.starts_with("<dependency>")));
        assert!(d.exclusions[0].matches("any", "thing"));
    }

    #[test]
    fn malformed_poms_are_errors() {
        assert!(RawPom::parse("<project><artifactId>a</project>").is_err());
        assert!(RawPom::parse("not xml").is_err());
        assert!(RawPom::parse("<settings/>").is_err());
        let deep = "<a>".repeat(100) + &"</a>".repeat(100);
        assert!(parse_xml(&deep).is_err());
    }
}
