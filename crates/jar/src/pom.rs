//! POM files as written: a small element tree from quick-xml, then the parts of the Maven model the
//! resolver needs (coordinates, parent, properties, dependencies, dependencyManagement, modules, profiles,
//! relocation), each dependency with the byte offsets of its elements so findings can point at them.
//!
//! Nothing here interpolates or inherits: that is [`crate::model`]'s job.

use std::collections::BTreeMap;

use quick_xml::Reader;
use quick_xml::events::Event;

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

use precheck_xml::ErrorKind;
/// Why XML could not be parsed, and the byte offset where it went wrong: the XML layer's error type.
pub use precheck_xml::XmlError;

/// Parses XML text into its root element; the error says what and where.
pub fn parse_xml(text: &str) -> Result<Element, XmlError> {
    parse_xml_inner(text).map_err(|(message, offset)| XmlError::new(offset.min(text.len()), ErrorKind::Other, message))
}

fn parse_xml_inner(text: &str) -> Result<Element, (String, usize)> {
    // quick-xml would not count a leading U+FEFF's bytes.
    let spaced = precheck_xml::decode::bom_as_spaces(text);
    let text = &*spaced;
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut count = 0usize;
    loop {
        let pos = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| (e.to_string(), reader.error_position() as usize))?;
        match event {
            Event::Start(e) | Event::Empty(e) if root.is_some() && stack.is_empty() => {
                let _ = e;
                return Err(("content after the root element".to_string(), pos));
            }
            Event::Start(e) => {
                count += 1;
                if stack.len() >= MAX_DEPTH || count > MAX_ELEMENTS {
                    return Err((format!("nesting deeper than {MAX_DEPTH} or more than {MAX_ELEMENTS} elements"), pos));
                }
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                stack.push(Element { name, start: pos, ..Element::default() });
            }
            Event::Empty(e) => {
                count += 1;
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                let end = reader.buffer_position() as usize;
                let el = Element { name, start: pos, end, ..Element::default() };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::End(_) => {
                let Some(mut el) = stack.pop() else { return Err(("unbalanced end tag".to_string(), pos)) };
                el.end = reader.buffer_position() as usize;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    let s = t.decode().map_err(|e| (e.to_string(), pos))?;
                    top.text.push_str(&s);
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::GeneralRef(r) => {
                if let Some(top) = stack.last_mut() {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        top.text.push(c);
                    } else {
                        let name = r.decode().map_err(|e| (e.to_string(), pos))?;
                        let c = match &*name {
                            "amp" => "&",
                            "lt" => "<",
                            "gt" => ">",
                            "quot" => "\"",
                            "apos" => "'",
                            other => return Err((format!("unknown entity `&{other};`"), pos)),
                        };
                        top.text.push_str(c);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err((format!("unclosed element `<{}>`", open.name), open.start));
    }
    root.ok_or_else(|| ("no root element".to_string(), 0))
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
