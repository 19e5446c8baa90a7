//! The MyBatis/iBatis mapper renderer; the first byte picks how many renderings a statement may have.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&n, rest)) = data.split_first() else { return };
    let text = precheck_core::text::decode(rest).text;
    let m = precheck_sql::mapper::extract(&text, usize::from(n % 20));
    for s in &m.statements {
        for v in &s.variants {
            for (p, _) in v.buf.s.char_indices() {
                assert!(v.buf.map(p) <= text.len());
            }
        }
        for d in &s.dollars {
            assert!(text.get(d.start..d.end).is_some());
        }
    }
});
