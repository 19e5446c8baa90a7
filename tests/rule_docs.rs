//! The rule pages `docs/rules/<CODE>.md` (SARIF's `helpUri`) and their index are generated from the rules'
//! metadata and committed; this test fails when one is out of date, missing or left over from a rule that
//! is gone. `UPDATE_DOCS=1 cargo test --test rule_docs` rewrites them.

use std::collections::BTreeMap;
use std::path::Path;

use precheck_report::rule_page;

/// Every page as it should read: `CODE.md` for each rule, and `README.md`, the index.
fn expected() -> BTreeMap<String, String> {
    let checks = precheck_checks::builtin();
    let rules = precheck_checks::all_rules(&checks);
    // Keys documented as `secrets: …` are about the secret rules.
    let secrets: Vec<&str> = precheck_checks::security_severity().iter().map(|(code, _)| *code).collect();
    let topics: [(&str, &[&str]); 1] = [("secrets", &secrets)];
    let mut pages = BTreeMap::new();
    for rule in &rules {
        let config = checks.iter().find(|c| c.id() == rule.check).and_then(|c| c.config());
        pages.insert(format!("{}.md", rule.code), rule_page::page(rule, config, &topics));
    }
    pages.insert("README.md".to_string(), rule_page::index(&rules));
    pages
}

#[test]
fn rule_pages_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    let pages = expected();
    let on_disk: BTreeMap<String, String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    let text = std::fs::read_to_string(e.path()).ok()?;
                    Some((name, text))
                })
                .collect()
        })
        .unwrap_or_default();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::create_dir_all(&dir).expect("create docs/rules");
        for name in on_disk.keys().filter(|n| !pages.contains_key(*n)) {
            std::fs::remove_file(dir.join(name)).expect("remove a page of a rule that is gone");
        }
        for (name, text) in &pages {
            if on_disk.get(name) != Some(text) {
                std::fs::write(dir.join(name), text).expect("write page");
            }
        }
        return;
    }
    let stale: Vec<&String> = pages.iter().filter(|(n, t)| on_disk.get(*n) != Some(*t)).map(|(n, _)| n).collect();
    let extra: Vec<&String> = on_disk.keys().filter(|n| !pages.contains_key(*n)).collect();
    assert!(
        stale.is_empty() && extra.is_empty(),
        "docs/rules is out of date (run `UPDATE_DOCS=1 cargo test --test rule_docs`): {} pages differ or are \
         missing ({}), {} pages belong to no rule ({})",
        stale.len(),
        stale.iter().take(5).map(|s| s.as_str()).collect::<Vec<_>>().join(", "),
        extra.len(),
        extra.iter().take(5).map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
    );
}

#[test]
fn sarif_help_uris_point_at_the_pages() {
    let base = precheck_report::sarif::RULE_DOCS;
    assert!(base.starts_with(env!("CARGO_PKG_REPOSITORY")), "{base}");
    assert!(base.ends_with("/docs/rules/"), "{base}");
    // Every rule has its page, so every helpUri names a file of this repository.
    for rule in precheck_checks::all_rules(&precheck_checks::builtin()) {
        assert!(expected().contains_key(&format!("{}.md", rule.code)), "{}", rule.code);
    }
}
