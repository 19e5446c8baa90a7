//! The POM reader: the element tree and the raw Maven model.
#![no_main]

use libfuzzer_sys::fuzz_target;
use precheck_jar::pom::{self, Element, RawPom};

fn placed(text: &str, e: &Element) {
    assert!(text.get(e.start..e.end.max(e.start)).is_some(), "<{}> at {}..{}", e.name, e.start, e.end);
    for c in &e.children {
        placed(text, c);
    }
}

fuzz_target!(|data: &[u8]| {
    let text = precheck_core::text::decode(data).text;
    if let Ok(root) = pom::parse_xml(&text) {
        placed(&text, &root);
    }
    let _ = RawPom::parse(&text);
});
