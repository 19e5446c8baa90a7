//! The Velocity template scanner.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = precheck_core::text::decode(data).text;
    let scan = precheck_antx::velocity::scan(&text);
    for r in &scan.references {
        assert!(text.get(r.range.clone()).is_some());
    }
    for e in &scan.errors {
        assert!(text.get(e.range.clone()).is_some());
    }
});
