//! The `.properties` reader.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = precheck_core::text::decode(data).text;
    for e in precheck_antx::props::parse(&text) {
        assert!(text.get(e.key_range.clone()).is_some() && text.get(e.value_range.clone()).is_some());
    }
});
