//! A rule's documentation page, `docs/rules/<CODE>.md`, generated from its [`RuleMeta`]: what SARIF's
//! `helpUri` points at ([`crate::sarif::RULE_DOCS`]). The pages are committed; `UPDATE_DOCS=1 cargo test
//! --test rule_docs` rewrites them and the same test fails when one is out of date.

use std::fmt::Write as _;

use precheck_core::RuleMeta;
use precheck_core::config_spec::ConfigSpec;

/// What the pages say they were made by.
pub const GENERATED_BY: &str = "Generated from the rule's metadata by `UPDATE_DOCS=1 cargo test --test rule_docs`; \
edit the rule, not this page.";

/// The page of `rule`; `config` is its check's configuration section, if the check has one. A key's
/// documentation says which rules it is about by naming their codes (`SQL013`, `RS002-RS005`) or a topic
/// of `topics` (`secrets: …`, with the codes of the topic); a key that names none is about every rule of the
/// check.
pub fn page(rule: &RuleMeta, config: Option<&ConfigSpec>, topics: &[(&str, &[&str])]) -> String {
    let mut out = format!("# {} {}\n\n{}\n\n", rule.code, rule.name, rule.summary);
    let presets = precheck_core::preset::holding(rule);
    let default_set = if rule.default_enabled {
        "on by default".to_string()
    } else {
        "off by default: `select` it (its code, its name, a prefix or `ALL`)".to_string()
    };
    let _ = writeln!(out, "| | |\n|---|---|");
    let _ = writeln!(out, "| Code | `{}` |", rule.code);
    let _ = writeln!(out, "| Name | `{}` |", rule.name);
    let _ = writeln!(out, "| Check | `{}` |", rule.check);
    let _ = writeln!(out, "| Default severity | {} |", rule.default_severity);
    let _ = writeln!(out, "| Default set | {default_set} |");
    let scope = match rule.scope {
        precheck_core::Scope::File => "each file",
        precheck_core::Scope::Repo => "the repository, once per run",
        precheck_core::Scope::FileAndRepo => "each file, and the repository once per run",
    };
    let _ = writeln!(out, "| Looks at | {scope} |");
    if !presets.is_empty() {
        let names: Vec<String> = presets.iter().map(|p| format!("`{p}`")).collect();
        let _ = writeln!(out, "| Presets | {} |", names.join(", "));
    }
    out.push('\n');
    let explanation = rule.explanation.trim_end();
    if !explanation.is_empty() {
        out.push_str(explanation);
        out.push_str("\n\n");
    }
    if let Some(spec) = config.filter(|s| !s.keys.is_empty()) {
        // A key whose documentation names rules is about those; one that names none is about the check.
        let (mine, others): (Vec<_>, Vec<_>) = spec.keys.iter().partition(|k| {
            let mut named = codes_in(k.doc);
            for (topic, codes) in topics {
                if k.doc.trim_start().strip_prefix(topic).is_some_and(|rest| rest.starts_with(':')) {
                    named.extend(codes.iter().map(|c| c.to_string()));
                }
            }
            named.is_empty() || named.iter().any(|c| c == rule.code)
        });
        let _ = writeln!(out, "## Configuration\n\nIn the `[{}]` section of precheck.toml:\n", spec.section);
        for key in &mine {
            let doc = key.doc.split_whitespace().collect::<Vec<_>>().join(" ");
            let _ = writeln!(out, "- `{}`: {doc}", key.name);
        }
        if mine.is_empty() {
            out.push_str("No key of the section is about this rule.\n");
        }
        if !others.is_empty() {
            let names: Vec<String> = others.iter().map(|k| format!("`{}`", k.name)).collect();
            let _ = writeln!(out, "\nThe section's other keys are about other rules: {}.", names.join(", "));
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "Silence one finding with `precheck:allow({})` and a reason in a comment on its line or the line above.",
        rule.code
    );
    let _ = writeln!(out, "\n---\n{GENERATED_BY}");
    out
}

/// The rule codes a text names: `SQL013`, and every code of a range such as `RS002-RS005` or `TXT101–TXT108`.
fn codes_in(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    // (start, end) of each code: capital letters, then exactly three digits.
    let mut found: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let letters = bytes[i..].iter().take_while(|b| b.is_ascii_uppercase()).count();
        let digits = bytes[i + letters..].iter().take_while(|b| b.is_ascii_digit()).count();
        let boundary = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        if letters >= 2 && digits == 3 && boundary {
            found.push((i, i + letters + 3));
            i += letters + 3;
        } else {
            i += letters.max(1);
        }
    }
    let code = |(a, b): (usize, usize)| text.get(a..b).unwrap_or_default();
    let mut codes: Vec<String> = found.iter().map(|&span| code(span).to_string()).collect();
    for pair in found.windows(2) {
        let between = text.get(pair[0].1..pair[1].0).unwrap_or_default();
        let (first, last) = (code(pair[0]), code(pair[1]));
        let split = |c: &str| {
            let at = c.len() - 3;
            (c.get(..at).unwrap_or_default().to_string(), c.get(at..).and_then(|n| n.parse::<u32>().ok()))
        };
        if let ((p, Some(from)), (q, Some(to)), "-" | "–") = (split(first), split(last), between)
            && p == q
        {
            codes.extend((from + 1..to).map(|n| format!("{p}{n:03}")));
        }
    }
    codes
}

/// The index page, `docs/rules/README.md`: every rule, in code order, linked to its page.
pub fn index(rules: &[&RuleMeta]) -> String {
    let mut out = String::from(
        "# Rules\n\nEvery rule of precheck, in code order; `precheck explain CODE` prints the same text.\n\n",
    );
    out.push_str("| code | name | check | severity | default | summary |\n|---|---|---|---|---|---|\n");
    for r in rules {
        let _ = writeln!(
            out,
            "| [{code}]({code}.md) | `{}` | `{}` | {} | {} | {} |",
            r.name,
            r.check,
            r.default_severity,
            if r.default_enabled { "on" } else { "-" },
            r.summary.replace('|', "\\|"),
            code = r.code,
        );
    }
    let _ = writeln!(out, "\n---\n{GENERATED_BY}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use precheck_core::Severity;

    #[test]
    fn codes_and_ranges_in_key_documentation() {
        assert_eq!(codes_in("SQL013; or [\"id\"]"), ["SQL013"]);
        assert_eq!(codes_in("RS002-RS005, RS016"), ["RS002", "RS005", "RS016", "RS003", "RS004"]);
        assert_eq!(codes_in("TXT101–TXT103"), ["TXT101", "TXT103", "TXT102"]);
        assert!(codes_in("secrets: \"prefix\" (first 4 characters)").is_empty());
        assert!(codes_in("UTF8 and ABC1234 and xSQL001").is_empty());
    }

    #[test]
    fn a_page_holds_the_metadata_the_explanation_and_the_configuration() {
        static RULE: RuleMeta =
            RuleMeta::new("zz", "ZZ001", "made-up", Severity::Warning, "a made-up rule", "## What it does\nNothing.\n")
                .opt_in();
        static KEYS: [precheck_core::config_spec::ConfigKey; 3] = [
            precheck_core::config_spec::ConfigKey {
                name: "max-kb",
                doc: "the largest size,\nin KiB",
                shown: None,
                paths: false,
            },
            precheck_core::config_spec::ConfigKey { name: "other", doc: "ZZ002: something", shown: None, paths: false },
            precheck_core::config_spec::ConfigKey { name: "topical", doc: "zz: a topic", shown: None, paths: false },
        ];
        static SPEC: ConfigSpec =
            ConfigSpec { section: "zz", keys: &KEYS, example: "", defaults: toml::Table::new, validate: |_| Ok(()) };
        let text = page(&RULE, Some(&SPEC), &[("zz", &["ZZ003"])]);
        assert!(text.starts_with("# ZZ001 made-up\n\na made-up rule\n\n"), "{text}");
        assert!(text.contains("| Default severity | warning |\n| Default set | off by default"), "{text}");
        assert!(text.contains("| Looks at | each file |"), "{text}");
        assert!(text.contains("## What it does\nNothing.\n\n## Configuration\n"), "{text}");
        assert!(text.contains("- `max-kb`: the largest size, in KiB\n"), "{text}");
        assert!(text.ends_with(&format!("---\n{GENERATED_BY}\n")), "{text}");
        assert_eq!(page(&RULE, None, &[]).matches("## Configuration").count(), 0);
        // A key of a topic the rule is not in.
        assert!(text.contains("other rules: `other`, `topical`."), "{text}");
        let index = index(&[&RULE]);
        assert!(index.contains("| [ZZ001](ZZ001.md) | `made-up` | `zz` | warning | - | a made-up rule |"), "{index}");
    }
}
