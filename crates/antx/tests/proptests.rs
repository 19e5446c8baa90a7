//! Property tests of the antx readers on messy input: the Velocity scanner (`velocity::scan`), the
//! `.properties` reader (`props::parse`) and, through the runner, every AX rule on a module. No input may
//! panic them, and every range they hand out lies inside the text on character boundaries.
//!
//! Inputs are arbitrary strings, Velocity-ish and properties-ish text built from fragments and multi-byte
//! characters, and the fixtures under `fixtures/antx/` edited at random and encoded as UTF-8, GB18030 or
//! UTF-16.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use precheck_antx::{descriptor, props, velocity};
use precheck_core::{Check, Config};
use proptest::prelude::*;
use proptest::sample::Index;

// The random edit of the XML layer's property tests, one copy for every reader's (only `edit` is used here).
#[allow(dead_code, reason = "the shared support module's generators other than `edit` are not used here")]
#[path = "../../xml/tests/support/mod.rs"]
mod support;
use support::edit;

/// Multi-byte text real templates and property files carry: CJK, full-width punctuation, emoji, a BOM.
const MULTI: &[&str] = &["中文档", "，", "（", "）", "：", "😀", "é", "\u{FEFF}", "ｘ", "\u{3000}"];

/// Pieces of Velocity templates: references, directives, comments, escapes, unparsed blocks.
const VELOCITY: &[&str] = &[
    "$a",
    "$!a",
    "${a.b}",
    "$!{a}",
    "${",
    "}",
    "$a.b.trim()",
    "$a.get('x').c",
    "$a.m(\"(\"",
    "${D}{jdbc.url}",
    "\\$a",
    "\\\\$a",
    "\\#if",
    "#set($x = $y)",
    "#set(",
    "#if($a)",
    "#elseif($b)",
    "#else",
    "#end",
    "#{end}",
    "#{if}(",
    "#foreach($i in $list)",
    "#macro(m $p)",
    "#define($d)",
    "#parse(\"x.vm\")",
    "#stop",
    "#break",
    "#endif",
    "#ffffff",
    "##",
    "## c\n",
    "#*",
    "*#",
    "#[[",
    "]]#",
    "(",
    ")",
    "\"",
    "'",
    ".",
    "$",
    "#",
    "\\",
    "\n",
    " ",
];

/// Pieces of `.properties` files: separators, comments, continuations, escapes.
const PROPS: &[&str] = &[
    "a=1",
    "a.b.c = v",
    "k:v",
    "k v",
    "=",
    ":",
    " ",
    "\t",
    "\u{c}",
    "#",
    "!",
    "# c",
    "\\",
    "\\\n",
    "\\\r\n",
    "\\\\",
    "\\u0041",
    "\\u4e2",
    "\\uZZZZ",
    "\\t",
    "\\=",
    "\\:",
    "\\ ",
    "\n",
    "\r",
    "\r\n",
    "${order.home}",
];

fn piece(frags: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(frags).prop_map(str::to_string),
        2 => prop::sample::select(MULTI).prop_map(str::to_string),
        1 => ".{0,3}",
    ]
}

/// Text built from `frags` interleaved with multi-byte characters and arbitrary ones.
fn soup(frags: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::collection::vec(piece(frags), 0..48).prop_map(|v| v.concat())
}

type Edits = Vec<(Index, u8, String)>;

fn edits(frags: &'static [&'static str]) -> impl Strategy<Value = Edits> {
    prop::collection::vec((any::<Index>(), any::<u8>(), piece(frags)), 0..6)
}

/// One rule folder of the fixtures: its `precheck.toml` and its files (path in the folder, bytes).
struct Set {
    config: Option<String>,
    files: Vec<(String, Vec<u8>)>,
}

fn sets() -> &'static [Set] {
    static SETS: OnceLock<Vec<Set>> = OnceLock::new();
    SETS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/antx");
        let mut sets = Vec::new();
        for rule in listing(&root) {
            let mut paths = Vec::new();
            walk(&rule, &mut paths);
            paths.sort();
            let mut files = Vec::new();
            for p in paths {
                let rel = p.strip_prefix(&rule).unwrap_or(&p).to_string_lossy().replace('\\', "/");
                if !rel.ends_with(".expected") && rel != "precheck.toml" {
                    files.push((rel, std::fs::read(&p).unwrap_or_default()));
                }
            }
            let config = std::fs::read_to_string(rule.join("precheck.toml")).ok();
            if !files.is_empty() {
                sets.push(Set { config, files });
            }
        }
        sets
    })
}

fn listing(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()).collect();
    v.sort();
    v
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for p in listing(dir) {
        if p.is_dir() { walk(&p, out) } else { out.push(p) }
    }
}

/// The decoded text of a fixture file ending in `ext`, edited by `edits`.
fn edited(ext: &str, pick: Index, edits: &Edits) -> String {
    static TEXTS: OnceLock<Vec<(String, String)>> = OnceLock::new();
    let texts = TEXTS.get_or_init(|| {
        sets()
            .iter()
            .flat_map(|s| &s.files)
            .map(|(name, bytes)| (name.clone(), precheck_core::text::decode(bytes).text.into_owned()))
            .collect()
    });
    let all: Vec<&String> = texts.iter().filter(|(n, _)| n.ends_with(ext)).map(|(_, t)| t).collect();
    let mut text = if all.is_empty() { String::new() } else { all[pick.index(all.len())].clone() };
    for (at, op, p) in edits {
        edit(&mut text, *at, *op, p);
    }
    text
}

fn check_range(text: &str, r: &Range<usize>, what: &str) {
    assert!(r.start <= r.end && r.end <= text.len(), "{what} {r:?} outside 0..{}", text.len());
    assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end), "{what} {r:?} splits a character");
}

/// References and errors lie in the text on character boundaries; references come in order.
fn scan_checked(text: &str) {
    let s = velocity::scan(text);
    let mut prev = 0;
    for r in &s.references {
        check_range(text, &r.range, "reference");
        assert!(r.range.start >= prev, "reference {:?} before the end of the one before ({prev})", r.range);
        assert!(!r.name.is_empty());
        prev = r.range.end;
    }
    for e in &s.errors {
        check_range(text, &e.range, "error");
    }
}

/// Keys and values lie in the text on character boundaries, each value after its key, entries in order.
fn props_checked(text: &str) {
    let mut prev = 0;
    for e in props::parse(text) {
        check_range(text, &e.key_range, "key");
        check_range(text, &e.value_range, "value");
        assert!(e.key_range.start >= prev && e.value_range.start >= e.key_range.end, "{e:?}");
        prev = e.value_range.end;
    }
}

/// The text as UTF-8, GB18030 (what Chinese property files and templates are often saved in) or UTF-16.
fn encode(text: &str, how: u8) -> Vec<u8> {
    match how % 4 {
        0 | 1 => text.as_bytes().to_vec(),
        2 => encoding_rs::GB18030.encode(text).0.into_owned(),
        _ => [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect(),
    }
}

/// Runs the antx check on `files` with every rule on: no rule may panic (a PC002), and every finding's ranges
/// lie in its file's text.
fn run_antx(config: Option<&str>, files: Vec<(String, Vec<u8>)>) {
    let checks: Vec<Box<dyn Check>> = vec![Box::new(precheck_antx::AntxCheck)];
    let mut config = match config.map(|c| Config::parse(c, "precheck.toml")) {
        Some(Ok(c)) => c,
        Some(Err(e)) => panic!("config: {e}"),
        None => Config::default(),
    };
    config.rules.select = Some(vec!["ALL".to_string()]);
    let report = match precheck_runner::run_files(&config, &checks, files) {
        Ok(r) => r,
        Err(e) => panic!("run failed: {e}"),
    };
    for f in &report.findings {
        assert_ne!(f.code, "PC002", "a panic: {}", f.message);
        if let Some(text) = report.sources.get(&f.primary.path) {
            check_range(text, &f.primary.range, f.code);
            for l in f.labels.iter().filter(|l| l.span.path == f.primary.path) {
                check_range(text, &l.span.range, f.code);
            }
        }
    }
}

/// Pieces of `auto-config.xml`: the bound elements, others, attributes, references, odd markup.
const DESCRIPTOR: &[&str] = &[
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
    "<config description=\"d\">",
    "</config>",
    "<group name=\"g\">",
    "</group>",
    "<property name=\"a\" defaultValue=\"1&amp;2\" required=\"false\"/>",
    "<property name=\"b\" description=\"中文\">",
    "</property>",
    "<validator name=\"choice\" choice=\"a,b\"/>",
    "<script>",
    "</script>",
    "<generate template=\"t.vm\" destfile=\"d\"/>",
    "<x:y/>",
    "<other>",
    "</other>",
    " a=\"1\"",
    " a='<'",
    " b=c",
    "&amp;",
    "&",
    "&x;",
    "'",
    "\"",
    "<",
    ">",
    "</",
    "/>",
    "<!-- c -->",
    "<![CDATA[",
    "]]>",
    "<!x>",
    "text",
    "\n",
];

/// The descriptor reader as it was on quick-xml, kept while the readers move onto precheck-xml (issue 14,
/// item 4) to compare the two on the same inputs; removed with quick-xml.
#[allow(clippy::all, clippy::pedantic, reason = "the old reader, verbatim")]
mod quick {
    use std::ops::Range;

    use precheck_antx::descriptor::{Attr, Elem, Parsed, Property};
    use quick_xml::Reader;
    use quick_xml::events::{BytesStart, Event};

    const MAX_DEPTH: usize = 64;
    const BOUND: &[&str] = &[
        "config",
        "config/group",
        "config/group/property",
        "config/group/property/validator",
        "config/script",
        "config/script/generate",
    ];

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
                                "config/group/property" => {
                                    out.properties.push(Property { elem, validators: Vec::new() })
                                }
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
}

/// Elements as comparable tuples.
fn elems<'a>(v: impl IntoIterator<Item = &'a descriptor::Elem>) -> Vec<String> {
    v.into_iter()
        .map(|e| {
            let attrs: Vec<_> =
                e.attrs.iter().map(|a| (&a.name, &a.value, a.name_range.clone(), a.value_range.clone())).collect();
            format!("{} {:?} {attrs:?}", e.name, e.range)
        })
        .collect()
}

fn summary(p: &descriptor::Parsed) -> Vec<Vec<String>> {
    vec![
        elems(&p.root),
        elems(p.properties.iter().map(|p| &p.elem)),
        elems(p.properties.iter().flat_map(|p| &p.validators)),
        elems(&p.generates),
        elems(p.containers.iter().map(|c| &c.0)),
        p.containers.iter().map(|c| c.1.clone()).collect(),
        elems(p.unbound.iter().map(|c| &c.0)),
        p.unbound.iter().map(|c| c.1.clone()).collect(),
    ]
}

/// The new reader reads what the old one read, or fails where it failed in the same words; attribute errors
/// are the layer's now (both readers fail, the old one's words are quick-xml's attribute iterator's).
fn same_as_quick(text: &str) {
    let new = descriptor::parse(text);
    let old = quick::parse(text);
    // The layer reads attributes as XML does (names of name characters, whitespace between attributes, no `<`
    // in values, every `&` an entity): where it rejects one, quick-xml may have read on.
    let spaced = precheck_xml::decode::bom_as_spaces(text);
    let layer = precheck_xml::parse_with(&spaced, precheck_xml::Options::events(true)).1;
    let in_attribute = layer.is_some_and(|e| {
        use precheck_xml::ErrorKind::*;
        matches!(e.kind, BadAttribute | DuplicateAttribute { .. } | UnknownEntity { .. } | BareAmpersand)
            && new.as_ref().err().is_some_and(|n| n.1 == e.offset)
    });
    match (&new, &old) {
        _ if in_attribute => {}
        (Ok(n), Ok(o)) => assert_eq!(summary(n), summary(o), "{text:?}"),
        (Err(_), Err((m, _))) if m.starts_with("position ") || m.starts_with("attribute `") => {}
        (Err(n), Err(o)) => assert_eq!(n, o, "errors differ on {text:?}"),
        _ => panic!("{text:?}: new {new:?}, old {old:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn velocity_takes_any_text(text in any::<String>()) {
        scan_checked(&text);
    }

    #[test]
    fn velocity_takes_template_ish_text(text in soup(VELOCITY)) {
        scan_checked(&text);
    }

    #[test]
    fn velocity_takes_edited_templates(pick in any::<Index>(), edits in edits(VELOCITY)) {
        scan_checked(&edited(".vm", pick, &edits));
    }

    #[test]
    fn descriptor_reader_agrees_with_quick_xml_on_descriptor_ish_text(text in soup(DESCRIPTOR)) {
        same_as_quick(&text);
    }

    #[test]
    fn descriptor_reader_agrees_with_quick_xml_on_edited_descriptors(pick in any::<Index>(), edits in edits(DESCRIPTOR)) {
        same_as_quick(&edited("auto-config.xml", pick, &edits));
    }

    #[test]
    fn properties_take_any_text(text in any::<String>()) {
        props_checked(&text);
    }

    #[test]
    fn properties_take_properties_ish_text(text in soup(PROPS)) {
        props_checked(&text);
    }

    #[test]
    fn properties_take_edited_files(pick in any::<Index>(), edits in edits(PROPS)) {
        props_checked(&edited(".properties", pick, &edits));
    }
}

proptest! {
    // The whole check per case: fewer cases keep it to about a second.
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn rules_take_edited_modules_in_any_encoding(
        set in any::<Index>(),
        file in any::<Index>(),
        edits in edits(VELOCITY),
        more in edits(PROPS),
        how in any::<u8>(),
    ) {
        let sets = sets();
        prop_assume!(!sets.is_empty());
        let set = &sets[set.index(sets.len())];
        let target = file.index(set.files.len());
        let files = set
            .files
            .iter()
            .enumerate()
            .map(|(i, (name, bytes))| {
                if i != target {
                    return (name.clone(), bytes.clone());
                }
                let mut text = precheck_core::text::decode(bytes).text.into_owned();
                for (at, op, p) in edits.iter().chain(&more) {
                    edit(&mut text, *at, *op, p);
                }
                (name.clone(), encode(&text, how))
            })
            .collect();
        run_antx(set.config.as_deref(), files);
    }
}

/// Found by the jar crate's POM property, the same in the descriptor reader: quick-xml skips a leading U+FEFF
/// without counting its bytes, so element ranges of a descriptor that starts with one (two byte-order marks:
/// decoding strips one) were three bytes early while attribute ranges were right.
#[test]
fn a_descriptor_after_a_second_byte_order_mark_is_placed_where_it_is() {
    let text = "\u{FEFF}<config description=\"订单\"><group name=\"g\"><property name=\"a\"/></group></config>";
    let parsed = descriptor::parse(text).unwrap_or_else(|e| panic!("{e:?}"));
    let p = &parsed.properties[0].elem;
    assert_eq!(text.get(p.range.clone()), Some("<property name=\"a\"/>"));
}
