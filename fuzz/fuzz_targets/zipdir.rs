//! The jar crate's zip central-directory reader on any bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(entries) = precheck_jar::zipdir::read_bytes(data) {
        assert!(entries.len() <= data.len() / 46);
    }
});
