//! The Rust pre-scans of the code crate (blanking and the depth scan) before syn parses a file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = precheck_core::text::decode(data).text;
    if let (Some(out), _) = precheck_code::prescan(&text) {
        let shape = |t: &str| t.split('\n').map(|l| l.chars().count()).collect::<Vec<_>>();
        assert_eq!(shape(&out), shape(&text));
    }
});
