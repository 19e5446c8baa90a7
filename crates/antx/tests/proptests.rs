//! Property tests of the antx readers on messy input: the Velocity scanner (`velocity::scan`), the
//! `.properties` reader (`props::parse`), the descriptor reader (`descriptor::parse`) and, through the runner, every AX rule on a module. No input may
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

/// Every element and attribute of a descriptor lies in the text on character boundaries, elements in order;
/// an error's offset is inside the text.
fn descriptor_checked(text: &str) {
    let parsed = match descriptor::parse(text) {
        Ok(parsed) => parsed,
        Err((_, at)) => return assert!(at <= text.len(), "error at {at} past {}", text.len()),
    };
    let all = parsed
        .root
        .iter()
        .chain(parsed.properties.iter().flat_map(|p| std::iter::once(&p.elem).chain(&p.validators)))
        .chain(&parsed.generates)
        .chain(parsed.containers.iter().map(|c| &c.0))
        .chain(parsed.unbound.iter().map(|c| &c.0));
    for e in all {
        check_range(text, &e.range, "element");
        for a in &e.attrs {
            check_range(text, &a.name_range, "attribute name");
            check_range(text, &a.value_range, "attribute value");
            assert!(e.range.start < a.name_range.start && a.value_range.end < e.range.end, "{a:?} outside {e:?}");
        }
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
    fn descriptor_reader_takes_any_text(text in any::<String>()) {
        descriptor_checked(&text);
    }

    #[test]
    fn descriptor_reader_takes_descriptor_ish_text(text in soup(DESCRIPTOR)) {
        descriptor_checked(&text);
    }

    #[test]
    fn descriptor_reader_takes_edited_descriptors(pick in any::<Index>(), edits in edits(DESCRIPTOR)) {
        descriptor_checked(&edited("auto-config.xml", pick, &edits));
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

/// Found by the jar crate's POM property, the same in the descriptor reader: quick-xml (the reader before precheck-xml) skipped a leading U+FEFF
/// without counting its bytes, so element ranges of a descriptor that starts with one (two byte-order marks:
/// decoding strips one) were three bytes early while attribute ranges were right.
#[test]
fn a_descriptor_after_a_second_byte_order_mark_is_placed_where_it_is() {
    let text = "\u{FEFF}<config description=\"订单\"><group name=\"g\"><property name=\"a\"/></group></config>";
    let parsed = descriptor::parse(text).unwrap_or_else(|e| panic!("{e:?}"));
    let p = &parsed.properties[0].elem;
    assert_eq!(text.get(p.range.clone()), Some("<property name=\"a\"/>"));
}
