//! Property tests of the Zdal model on messy input: the model built from a revision's files (`Model::build`,
//! with every ZD rule through the runner). No input may panic it, and every range a finding carries lies
//! inside the text on character boundaries. The XML reader's own property tests are precheck-xml's.
//!
//! Inputs are arbitrary strings and bytes, XML-ish text built from fragments and multi-byte characters, and
//! the fixtures under `fixtures/zdal/` edited at random and encoded as UTF-8, GB18030 or UTF-16.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use precheck_core::{Check, Config};
use proptest::prelude::*;
use proptest::sample::Index;

// The XML layer's generators of XML-ish text and edits.
#[path = "../../xml/tests/support/mod.rs"]
mod support;
use support::{edit, edits, soup};

/// The fixture folders of the zdal check: each is a set of files checked together.
fn fixture_sets() -> &'static [Vec<Fixture>] {
    static SETS: OnceLock<Vec<Vec<Fixture>>> = OnceLock::new();
    SETS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/zdal");
        let mut sets = Vec::new();
        for rule in listing(&root) {
            for case in listing(&rule) {
                let mut files = Vec::new();
                collect(&case, &case, &mut files);
                if !files.is_empty() {
                    sets.push(files);
                }
            }
        }
        sets
    })
}

/// The entries of a folder, in name order (so a seed names the same case on every machine).
fn listing(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()).collect();
    v.sort();
    v
}

fn collect(root: &Path, p: &Path, out: &mut Vec<Fixture>) {
    if p.is_dir() {
        for e in listing(p) {
            collect(root, &e, out);
        }
    } else if p.extension().is_some_and(|e| e == "xml") {
        let bytes = std::fs::read(p).unwrap_or_default();
        let decoded = precheck_core::text::decode(&bytes);
        let (text, encoding) = (decoded.text.into_owned(), decoded.encoding);
        let name = p.strip_prefix(root).unwrap_or(p).to_string_lossy().replace('\\', "/");
        let name = if name.is_empty() { "a-dev-ds.xml".to_string() } else { name };
        out.push(Fixture { name, bytes, text, encoding });
    }
}

/// One fixture file: its name in its folder, bytes, decoded text and the encoding it was decoded with.
struct Fixture {
    name: String,
    bytes: Vec<u8>,
    text: String,
    encoding: &'static encoding_rs::Encoding,
}

/// The text in one of the encodings Zdal files come in: mostly the file's own, else UTF-8 as is, GB18030
/// under a GBK declaration, or UTF-16 with a byte-order mark.
fn encode(text: &str, own: &'static encoding_rs::Encoding, how: u8) -> Vec<u8> {
    match how % 8 {
        0..=4 if own == encoding_rs::UTF_16LE => utf16(text, u16::to_le_bytes, [0xFF, 0xFE]),
        0..=4 if own == encoding_rs::UTF_16BE => utf16(text, u16::to_be_bytes, [0xFE, 0xFF]),
        0..=4 => own.encode(text).0.into_owned(),
        5 => text.as_bytes().to_vec(),
        6 => {
            let body = text.strip_prefix("<?xml").map_or(text, |_| text.split_once("?>").map_or("", |(_, r)| r));
            let decl = "<?xml version=\"1.0\" encoding=\"GBK\"?>";
            encoding_rs::GB18030.encode(&format!("{decl}{body}")).0.into_owned()
        }
        _ => utf16(text, u16::to_le_bytes, [0xFF, 0xFE]),
    }
}

fn utf16(text: &str, order: fn(u16) -> [u8; 2], bom: [u8; 2]) -> Vec<u8> {
    bom.into_iter().chain(text.encode_utf16().flat_map(order)).collect()
}

fn check_range(text: &str, r: &Range<usize>, what: &str) {
    assert!(r.start <= r.end && r.end <= text.len(), "{what} {r:?} outside 0..{}", text.len());
    assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end), "{what} {r:?} splits a character");
}

/// Runs the zdal check over `files` with every rule on: no rule may panic (a PC002), and every finding's
/// ranges lie in its file's text.
fn run_zdal(files: Vec<(String, Vec<u8>)>) {
    let checks: Vec<Box<dyn Check>> = vec![Box::new(precheck_zdal::ZdalCheck)];
    let mut config = Config::default();
    config.rules.select = Some(vec!["ALL".to_string()]);
    let report = match precheck_runner::run_files(&config, &checks, files) {
        Ok(r) => r,
        Err(e) => panic!("run failed: {e}"),
    };
    for f in &report.findings {
        assert_ne!(f.code, "PC002", "a panic: {}", f.message);
        if let Some(text) = report.sources.get(&f.primary.path) {
            check_range(text, &f.primary.range, f.code);
            for l in &f.labels {
                if l.span.path == f.primary.path {
                    check_range(text, &l.span.range, f.code);
                }
            }
        }
    }
}

proptest! {
    // The whole check per case: fewer cases keep it to about a second.
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn model_and_rules_take_edited_fixtures_in_any_encoding(
        set in any::<Index>(),
        file in any::<Index>(),
        edits in edits(),
        how in any::<u8>(),
        flips in prop_oneof![3 => Just(Vec::new()), 1 => prop::collection::vec((any::<Index>(), any::<u8>()), 1..3)],
    ) {
        let sets = fixture_sets();
        prop_assume!(!sets.is_empty());
        let set = &sets[set.index(sets.len())];
        let target = file.index(set.len());
        let files = set
            .iter()
            .enumerate()
            .map(|(i, f)| {
                if i != target {
                    return (f.name.clone(), f.bytes.clone());
                }
                let mut text = f.text.clone();
                for (at, op, p) in &edits {
                    edit(&mut text, *at, *op, p);
                }
                let mut bytes = encode(&text, f.encoding, how);
                for (at, b) in &flips {
                    if !bytes.is_empty() {
                        let i = at.index(bytes.len());
                        bytes[i] = *b;
                    }
                }
                (f.name.clone(), bytes)
            })
            .collect();
        run_zdal(files);
    }

    #[test]
    fn model_and_rules_take_any_bytes_as_a_zdal_file(
        body in prop::collection::vec(any::<u8>(), 0..512),
        soup in soup(),
        how in any::<u8>(),
    ) {
        // The marker makes the model read the file; the rest is noise or XML-ish text in some encoding.
        let text = format!("<?xml version=\"1.0\"?><beans>com.alipay.zdal{soup}");
        let mut bytes = encode(&text, encoding_rs::UTF_8, how);
        bytes.extend_from_slice(&body);
        run_zdal(vec![("conf/app-dev-ds.xml".to_string(), bytes), ("conf/app-dev-rule.xml".to_string(), Vec::new())]);
    }
}

/// Found by `model_and_rules_take_edited_fixtures_in_any_encoding`: a stray 0x80 in a GBK file decodes to `€`
/// (three bytes of text), and ZD035's one-byte place at the start of the bad member split it.
#[test]
fn a_weight_starting_with_a_multi_byte_character_is_pointed_at_whole() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/zdal/ZD035/quiet_valid");
    let read = |name: &str| std::fs::read(dir.join(name)).unwrap_or_default();
    let ds = read("order-dev-ds.xml");
    let at = ds.windows(16).position(|w| w == b"value=\"ds0:r10w1").map(|p| p + 7);
    let Some(at) = at else { panic!("the fixture changed") };
    let mut bad = ds[..at].to_vec();
    bad.extend_from_slice(b"\x80s0:r10:w10");
    bad.extend_from_slice(&ds[at + b"ds0:r10w10".len()..]);
    let checks: Vec<Box<dyn Check>> = vec![Box::new(precheck_zdal::ZdalCheck)];
    let mut config = Config::default();
    config.rules.select = Some(vec!["ZD035".to_string()]);
    let files =
        vec![("order-dev-ds.xml".to_string(), bad), ("order-dev-rule.xml".to_string(), read("order-dev-rule.xml"))];
    let report = precheck_runner::run_files(&config, &checks, files).unwrap_or_else(|e| panic!("{e}"));
    let f = report.findings.iter().find(|f| f.code == "ZD035").unwrap_or_else(|| panic!("no ZD035"));
    let text = &report.sources[&f.primary.path];
    assert_eq!(text.get(f.primary.range.clone()), Some("€"));
}
