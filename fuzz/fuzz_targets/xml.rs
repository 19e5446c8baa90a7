//! The Zdal crate's spanned XML reader on any file content, decoded as the model decodes it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = precheck_core::text::decode(data).text;
    if let Ok(doc) = precheck_zdal::xml::parse(&text) {
        for e in &doc.elems {
            assert!(text.get(e.tag.clone()).is_some() && text.get(e.content.clone()).is_some());
            assert!(text.get(e.text_range(&text)).is_some());
            for a in &e.attrs {
                assert!(text.get(a.name_range.clone()).is_some() && text.get(a.value_range.clone()).is_some());
            }
        }
    }
});
