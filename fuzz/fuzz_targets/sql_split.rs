//! The SQL statement splitter; the first byte picks the dialect.
#![no_main]

use libfuzzer_sys::fuzz_target;
use precheck_sql::config::Dialect;

fuzz_target!(|data: &[u8]| {
    let Some((&d, rest)) = data.split_first() else { return };
    let dialect = [Dialect::MySql, Dialect::Oracle, Dialect::Postgres, Dialect::Generic][usize::from(d % 4)];
    let text = precheck_core::text::decode(rest).text;
    let mut prev = 0;
    for p in precheck_sql::split::split(&text, dialect) {
        assert!(prev <= p.start && p.start <= p.end && text.get(p.start..p.end).is_some());
        prev = p.end;
    }
});
