//! The whole run (`precheck_runner::run_files`) with every check and every rule on one file; the first byte
//! picks its name, so each reader and rule set gets it. A panic anywhere (caught by the runner as PC002, but
//! libFuzzer's panic hook aborts first) is a crash.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use precheck_core::{Check, Config};

const NAMES: &[&str] = &[
    "a.sql",
    "mapper.xml",
    "pom.xml",
    "a.properties",
    "a.vm",
    "a.rs",
    "a.yml",
    "a.json",
    "conf/app-dev-ds.xml",
    "x-auto-config.xml",
    "src/main/java/a/A.java",
];

fn setup() -> &'static (Config, Vec<Box<dyn Check>>) {
    static SETUP: OnceLock<(Config, Vec<Box<dyn Check>>)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let mut config = Config::default();
        config.rules.select = Some(vec!["ALL".to_string()]);
        (config, precheck_checks::builtin())
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else { return };
    let name = NAMES[usize::from(pick) % NAMES.len()];
    let (config, checks) = setup();
    let Ok(report) = precheck_runner::run_files(config, checks, vec![(name.to_string(), body.to_vec())]) else {
        return;
    };
    for f in &report.findings {
        assert_ne!(f.code, "PC002", "{name}: {}", f.message);
        if let Some(text) = report.sources.get(&f.primary.path) {
            assert!(text.get(f.primary.range.clone()).is_some(), "{name}: {} at {:?}", f.code, f.primary.range);
        }
    }
});
