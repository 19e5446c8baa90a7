//! Property tests of the spanned XML reader (`reader::parse`, `reader::parse_lenient`): no input may panic
//! it, every range it hands out lies inside the text on character boundaries, and a generated well-formed
//! document reads back as it was written (names, attribute values, text, and the spans of each). The Spring
//! beans model read from the same inputs keeps its places in the text, and its `parent=` chains end.
//!
//! Inputs are arbitrary strings, XML-ish text built from fragments and multi-byte characters, the fixtures
//! under `fixtures/zdal/` edited at random (skipped when absent), and generated documents.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use precheck_xml::beans::{self, Value};
use precheck_xml::reader::{self, Doc};
use proptest::prelude::*;
use proptest::sample::Index;

mod support;
use support::{edit, edits, soup};

/// The texts of the XML files under `fixtures/zdal/`, in path order (empty when the fixtures are absent).
fn fixtures() -> &'static [String] {
    static TEXTS: OnceLock<Vec<String>> = OnceLock::new();
    TEXTS.get_or_init(|| {
        let mut paths = Vec::new();
        collect(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/zdal"), &mut paths);
        paths.sort();
        paths.iter().map(|p| precheck_xml::decode::decode(&std::fs::read(p).unwrap_or_default()).text).collect()
    })
}

fn collect(p: &Path, out: &mut Vec<PathBuf>) {
    if p.is_dir() {
        for e in std::fs::read_dir(p).into_iter().flatten().flatten() {
            collect(&e.path(), out);
        }
    } else if p.extension().is_some_and(|e| e == "xml") {
        out.push(p.to_path_buf());
    }
}

fn check_range(text: &str, r: &Range<usize>, what: &str) {
    assert!(r.start <= r.end && r.end <= text.len(), "{what} {r:?} outside 0..{}", text.len());
    assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end), "{what} {r:?} splits a character");
}

/// Every range of `doc` lies in the text on character boundaries, with children after their parent.
fn check_doc(text: &str, doc: &Doc) {
    for (i, e) in doc.elems.iter().enumerate() {
        check_range(text, &e.tag, "tag");
        check_range(text, &e.content, "content");
        check_range(text, &e.text_range(text), "text range");
        assert!(e.tag.end <= e.content.start, "content before the end of the start tag");
        for a in &e.attrs {
            check_range(text, &a.name_range, "attribute name");
            check_range(text, &a.value_range, "attribute value");
        }
        assert!(e.children.iter().all(|&c| c > i && c < doc.elems.len()));
    }
}

/// `parse` either fails at an offset on a character boundary or returns a document whose ranges are good;
/// `parse_lenient` likewise, and reads at least what `parse` reads.
fn parse_checked(text: &str) {
    let strict = reader::parse(text);
    match &strict {
        Err(e) => check_range(text, &(e.offset..e.offset), "error offset"),
        Ok(doc) => check_doc(text, doc),
    }
    let (doc, error) = reader::parse_lenient(text);
    check_doc(text, &doc);
    if let Some(e) = &error {
        check_range(text, &(e.offset..e.offset), "lenient error offset");
    }
    if let Ok(strict) = strict {
        assert!(error.is_none(), "lenient fails where strict reads: {error:?}");
        assert_eq!(strict.elems.len(), doc.elems.len());
    }
}

/// The beans of a leniently read text: collecting never panics, every place lies in the text, and every
/// `parent=` chain through the index ends.
fn beans_checked(text: &str) {
    let (doc, _) = reader::parse_lenient(text);
    let mut out = Vec::new();
    let top = beans::collect_all(&doc, text, 0, &mut out);
    assert!(top.iter().all(|&b| b < out.len()));
    let index = beans::Index::new(&out);
    for (i, b) in out.iter().enumerate() {
        check_range(text, &b.tag.range, "bean tag");
        for (_, loc) in b.id.iter().chain(&b.class).chain(&b.parent) {
            check_range(text, &loc.range, "bean attribute");
        }
        for p in &b.props {
            check_range(text, &p.loc.range, "property name");
            check_range(text, &p.value.loc().range, "property value");
            for t in beans::refs(&p.value) {
                if let Some(r) = index.resolve(t) {
                    assert!(r < out.len());
                }
            }
            if let Value::Map { entries, .. } = &p.value {
                for e in entries {
                    check_range(text, &e.key_loc.range, "map key");
                }
            }
        }
        let chain = index.chain(&out, i);
        assert!(!chain.is_empty() && chain.len() <= 66);
    }
}

/// A generated element: a name, attributes and content (text runs and child elements).
#[derive(Clone, Debug)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    content: Vec<Content>,
}

#[derive(Clone, Debug)]
enum Content {
    Text(String),
    Cdata(String),
    Elem(Node),
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(&["bean", "property", "value", "ns:list", "select", "if", "数据"][..])
            .prop_map(String::from),
        "[a-z_][a-z0-9_.-]{0,6}",
    ]
}

/// Values and text with characters that must be escaped, multi-byte ones, and quotes.
fn chars() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => "[a-z0-9 ]{1,4}",
            1 => prop::sample::select(&["&", "<", ">", "\"", "'", "中文", "😀", "\n", "${x}", "#{id}"][..])
                .prop_map(String::from),
        ],
        0..6,
    )
    .prop_map(|v| v.concat())
}

fn node() -> impl Strategy<Value = Node> {
    let leaf = (name(), prop::collection::vec(("[a-z][a-z0-9]{0,4}", chars()), 0..3)).prop_map(|(name, attrs)| Node {
        name,
        attrs: dedup(attrs),
        content: Vec::new(),
    });
    leaf.prop_recursive(6, 48, 4, |inner| {
        (
            name(),
            prop::collection::vec(("[a-z][a-z0-9]{0,4}", chars()), 0..3),
            prop::collection::vec(
                prop_oneof![
                    2 => inner.prop_map(Content::Elem),
                    2 => chars().prop_map(Content::Text),
                    1 => chars().prop_map(|s| Content::Cdata(s.replace("]]>", ""))),
                ],
                0..4,
            ),
        )
            .prop_map(|(name, attrs, content)| Node { name, attrs: dedup(attrs), content })
    })
}

fn dedup(attrs: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (k, v) in attrs {
        if !out.iter().any(|(o, _)| *o == k) {
            out.push((k, v));
        }
    }
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Writes `n` (values double-quoted, text escaped), recording each element's expected text.
fn write(n: &Node, out: &mut String) {
    out.push('<');
    out.push_str(&n.name);
    for (k, v) in &n.attrs {
        out.push_str(&format!(" {k}=\"{}\"", escape(v)));
    }
    if n.content.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    for c in &n.content {
        match c {
            Content::Text(t) => out.push_str(&escape(t)),
            Content::Cdata(t) => out.push_str(&format!("<![CDATA[{t}]]>")),
            Content::Elem(e) => write(e, out),
        }
    }
    out.push_str(&format!("</{}>", n.name));
}

/// Compares the parsed element `at` with `n`, recursively.
fn compare(text: &str, doc: &Doc, at: usize, n: &Node) {
    let e = &doc.elems[at];
    assert_eq!(e.name, n.name);
    assert_eq!(text.get(e.tag.start + 1..e.tag.start + 1 + n.name.len()), Some(n.name.as_str()));
    assert_eq!(e.attrs.len(), n.attrs.len());
    for (a, (k, v)) in e.attrs.iter().zip(&n.attrs) {
        assert_eq!(&a.name, k);
        assert_eq!(&a.value, v);
        assert_eq!(text.get(a.name_range.clone()), Some(k.as_str()));
        assert_eq!(text.get(a.value_range.clone()), Some(escape(v).as_str()));
    }
    let expect: String = n
        .content
        .iter()
        .filter_map(|c| match c {
            Content::Text(t) | Content::Cdata(t) => Some(t.as_str()),
            Content::Elem(_) => None,
        })
        .collect();
    assert_eq!(e.text, expect);
    let kids: Vec<&Node> = n
        .content
        .iter()
        .filter_map(|c| match c {
            Content::Elem(e) => Some(e),
            _ => None,
        })
        .collect();
    assert_eq!(e.children.len(), kids.len());
    for (&c, k) in e.children.iter().zip(kids) {
        compare(text, doc, c, k);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn reader_takes_any_text(text in any::<String>()) {
        parse_checked(&text);
    }

    #[test]
    fn reader_takes_xml_ish_text(text in soup()) {
        parse_checked(&text);
    }

    #[test]
    fn beans_take_xml_ish_text(text in soup()) {
        beans_checked(&text);
    }

    #[test]
    fn reader_takes_edited_fixtures(file in any::<Index>(), edits in edits()) {
        let texts = fixtures();
        prop_assume!(!texts.is_empty());
        let mut text = texts[file.index(texts.len())].clone();
        for (at, op, p) in &edits {
            edit(&mut text, *at, *op, p);
        }
        parse_checked(&text);
        beans_checked(&text);
    }

    #[test]
    fn generated_documents_read_back_as_written(root in node(), decl in any::<bool>()) {
        let mut text = String::new();
        if decl {
            text.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- generated -->\n");
        }
        write(&root, &mut text);
        let doc = match reader::parse(&text) {
            Ok(d) => d,
            Err(e) => panic!("{e:?} in {text}"),
        };
        check_doc(&text, &doc);
        compare(&text, &doc, 0, &root);
        let (lenient, error) = reader::parse_lenient(&text);
        prop_assert!(error.is_none());
        prop_assert_eq!(lenient.elems.len(), doc.elems.len());
    }
}
