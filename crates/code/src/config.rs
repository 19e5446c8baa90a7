//! The `[code]` section (code.md §10), declared once ([`precheck_core::config_section!`]: typed values,
//! defaults, `precheck init`'s text, validation, path allow-lists), and its compiled form (globs, stopwords)
//! shared by every file of a run.

use std::sync::Arc;

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use precheck_core::Config;
use precheck_core::config::SectionCache;
use serde::{Deserialize, Serialize};

precheck_core::config_section! {
    /// `[code]`, deserialised.
    pub struct CodeConfig in "code" {
        /// TXT006: an added file over this many KiB
        "max-kb" max_kb: u64 = 500,
        /// TXT006: globs of paths allowed to be large
        [paths] "large-file-allowlist" large_file_allowlist: Vec<String> = Vec::new(),
        /// TXT014: remote branches (names or globs) not to push to
        "protected-branches" protected_branches: Vec<String> = vec!["main".into(), "master".into()],
        /// TXT001: also report blank lines that keep the block's indentation
        "strict-trailing-whitespace" strict_trailing_whitespace: bool = false,
        /// TXT016: allow several `---` documents per file (Spring, Kubernetes)
        "yaml-multi-document" yaml_multi_document: bool = true,
        /// TXT020: report only TODOs without an issue reference
        "todo-require-issue" todo_require_issue: bool = false,
        /// secrets: "prefix" (first 4 characters) or "full"
        "redact" redact: Redact = Redact::Prefix,
        /// secrets: globs added to the built-in path allowlist
        [paths] "secret-allow-paths" secret_allow_paths: Vec<String> = Vec::new(),
        /// secrets: words that mark a value as a placeholder
        "secret-stopwords" secret_stopwords: Vec<String> = Vec::new(),
        /// TXT107: repo paths of extra gitleaks-like rule tables
        "secret-rules" secret_rules: Vec<String> = Vec::new(),
        /// TXT115: repo path of a gitleaks configuration file whose rules run too
        "secrets-config" secrets_config: String = String::new(),
        /// secrets: honour `gitleaks:allow` on the line
        "gitleaks-allow" gitleaks_allow: bool = true,
        /// secrets: honour `pragma: allowlist (nextline) secret`
        "detect-secrets-pragma" detect_secrets_pragma: bool = true,
        /// RS006/RS007: exempt src/main.rs and src/bin/
        "allow-print-in-main" allow_print_in_main: bool = false,
        /// RS009, RS011, RS015
        "allow-unwrap-in-tests" allow_unwrap_in_tests: bool = true,
        /// RS010, RS015
        "allow-expect-in-tests" allow_expect_in_tests: bool = true,
        /// RS002-RS005, RS016
        "allow-panic-in-tests" allow_panic_in_tests: bool = true,
        /// RS006, RS007
        "allow-print-in-tests" allow_print_in_tests: bool = true,
        /// RS001
        "allow-dbg-in-tests" allow_dbg_in_tests: bool = false,
        /// regex input cap per line; longer lines are reported as not checked
        "max-line-bytes" max_line_bytes: usize = 64 * 1024,
    }
    validate: check,
}

/// How much of a secret a message may show.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Redact {
    /// At most the first 4 characters, then `…`.
    Prefix,
    /// Nothing of the secret.
    Full,
}

/// The values of a `[code]` section the types do not check; the message names the key.
fn check(config: &CodeConfig) -> Result<(), String> {
    if config.max_line_bytes < 1024 {
        return Err("invalid `max-line-bytes` in [code]: must be at least 1024".into());
    }
    let named = config.secret_rules.iter().map(|p| ("secret-rules", p));
    let single = Some(&config.secrets_config).filter(|p| !p.is_empty()).map(|p| ("secrets-config", p));
    for (key, path) in named.chain(single) {
        let trimmed = path.trim();
        if trimmed.is_empty() {
            return Err(format!("invalid `{key}` in [code]: an empty path"));
        }
        if trimmed.starts_with('/') || trimmed.contains('\\') || trimmed.split('/').any(|part| part == "..") {
            return Err(format!(
                "invalid `{key}` in [code]: `{path}` must be a repository-relative path with `/` separators and no \
                 `..`"
            ));
        }
    }
    let globs = [
        ("large-file-allowlist", &config.large_file_allowlist),
        ("protected-branches", &config.protected_branches),
        ("secret-allow-paths", &config.secret_allow_paths),
    ];
    for (key, list) in globs {
        for pattern in list {
            Glob::new(pattern).map_err(|e| format!("invalid glob `{pattern}` in `{key}` of [code]: {e}"))?;
        }
    }
    Ok(())
}

/// The section with its globs compiled, built once per distinct `[code]` section.
#[derive(Debug)]
pub struct Settings {
    pub config: CodeConfig,
    pub large_file_allow: GlobSet,
    pub protected: GlobSet,
    pub secret_allow_paths: GlobSet,
    /// Lower-case stopwords: built-in plus configured.
    pub stopwords: Vec<String>,
}

/// Built-in secret path allowlist: lock files, vendored and minified code (code.md §4.1).
const SECRET_ALLOW_PATHS: &[&str] = &[
    "**/*.lock",
    "**/package-lock.json",
    "**/pnpm-lock.yaml",
    "**/go.sum",
    "**/*.min.js",
    "**/*.min.css",
    "**/*.map",
    "**/vendor/**",
    "**/node_modules/**",
];

/// Words that mark a value as a placeholder, not a secret.
const STOPWORDS: &[&str] =
    &["example", "dummy", "changeme", "change_me", "xxxx", "placeholder", "sample", "your_", "your-", "redacted"];

fn glob_set(patterns: impl IntoIterator<Item = impl AsRef<str>>) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for p in patterns {
        // Invalid globs were rejected by `validate`; a bad one here is simply left out.
        if let Ok(glob) = GlobBuilder::new(p.as_ref()).literal_separator(false).build() {
            builder.add(glob);
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

impl Settings {
    fn new(config: CodeConfig) -> Settings {
        let protected = glob_set(&config.protected_branches);
        let large_file_allow = glob_set(&config.large_file_allowlist);
        let secret_allow_paths =
            glob_set(SECRET_ALLOW_PATHS.iter().copied().chain(config.secret_allow_paths.iter().map(String::as_str)));
        let stopwords = STOPWORDS
            .iter()
            .map(|s| (*s).to_string())
            .chain(config.secret_stopwords.iter().map(|s| s.to_ascii_lowercase()))
            .collect();
        Settings { config, large_file_allow, protected, secret_allow_paths, stopwords }
    }

    /// The settings of `config`'s `[code]` section, compiled once and reused while the section is the same.
    pub fn of(config: &Config) -> Arc<Settings> {
        static CACHE: SectionCache<Settings> = SectionCache::new();
        CACHE.get(config, "code", |typed: CodeConfig| Settings::new(typed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn validate(section: &toml::Table) -> Result<(), String> {
        (CodeConfig::SPEC.validate)(section)
    }

    #[test]
    fn validation_names_the_key() {
        let bad: toml::Table = toml::from_str("max-kb = \"big\"").unwrap_or_default();
        assert!(validate(&bad).is_err_and(|e| e.contains("max-kb")));
        let bad: toml::Table = toml::from_str("redact = \"half\"").unwrap_or_default();
        assert!(validate(&bad).is_err());
        let bad: toml::Table = toml::from_str("secret-rules = \"a.toml\"").unwrap_or_default();
        assert!(validate(&bad).is_err_and(|e| e.contains("secret-rules")));
        let bad: toml::Table = toml::from_str("secret-rules = [\"../a.toml\"]").unwrap_or_default();
        assert!(validate(&bad).is_err_and(|e| e.contains("secret-rules")));
        let good: toml::Table = toml::from_str("secret-rules = [\"secrets/a.toml\"]").unwrap_or_default();
        assert_eq!(validate(&good), Ok(()));
        let good: toml::Table = toml::from_str("max-kb = 10\nredact = \"full\"").unwrap_or_default();
        assert_eq!(validate(&good), Ok(()));
    }
}
