//! The XML layer's spanned reader (`precheck_xml`, which every XML check reads through) on any file content,
//! decoded as the runner decodes it: strict, lenient, and in the event-reader mode the mapper, POM and
//! descriptor readers use.
#![no_main]

use libfuzzer_sys::fuzz_target;
use precheck_xml::{Doc, Options};

fn assert_ranges(text: &str, doc: &Doc) {
    for e in &doc.elems {
        assert!(text.get(e.tag.clone()).is_some() && text.get(e.content.clone()).is_some());
        assert!(text.get(e.text_range(text)).is_some());
        assert!(e.end <= text.len() && e.children.iter().all(|&c| c < doc.elems.len()));
        for a in &e.attrs {
            assert!(text.get(a.name_range.clone()).is_some() && text.get(a.value_range.clone()).is_some());
        }
        for r in &e.runs {
            assert!(text.get(r.range.clone()).is_some());
        }
    }
    for r in &doc.outside {
        assert!(text.get(r.range.clone()).is_some());
    }
}

fuzz_target!(|data: &[u8]| {
    let text = precheck_core::text::decode(data).text;
    if let Ok(doc) = precheck_xml::parse(&text) {
        assert_ranges(&text, &doc);
    }
    for opts in [Options::LENIENT, Options::events(true), Options::events(false)] {
        let (doc, err) = precheck_xml::parse_with(&text, opts);
        assert_ranges(&text, &doc);
        if let Some(e) = err {
            assert!(e.offset <= text.len());
        }
    }
});
