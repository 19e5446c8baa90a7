//! The `[code]` section (code.md §10): typed values, validation at load time, the commented default for
//! `precheck init`, and the compiled form (globs, stopwords) shared by every file of a run.

use std::sync::{Arc, Mutex};

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use precheck_core::Config;
use serde::Deserialize;

/// The keys `[code]` accepts.
pub const KEYS: &[&str] = &[
    "max-kb",
    "large-file-allowlist",
    "protected-branches",
    "yaml-multi-document",
    "todo-require-issue",
    "redact",
    "secret-allow-paths",
    "secret-stopwords",
    "secret-rules",
    "gitleaks-allow",
    "detect-secrets-pragma",
    "allow-print-in-main",
    "allow-unwrap-in-tests",
    "allow-expect-in-tests",
    "allow-panic-in-tests",
    "allow-print-in-tests",
    "allow-dbg-in-tests",
    "max-line-bytes",
    "strict-trailing-whitespace",
];

/// The commented section `precheck init` writes.
pub const DEFAULT: &str = r#"[code]
# max-kb = 500                          # TXT006: an added file over this many KiB
# large-file-allowlist = []             # TXT006: globs of paths allowed to be large
# protected-branches = ["main", "master"]   # TXT014: remote branches (names or globs) not to push to
# strict-trailing-whitespace = false    # TXT001: also report blank lines that keep the block's indentation
# yaml-multi-document = true            # TXT016: allow several `---` documents per file (Spring, Kubernetes)
# todo-require-issue = false            # TXT020: report only TODOs without an issue reference
# redact = "prefix"                     # secrets: "prefix" (first 4 characters) or "full"
# secret-allow-paths = []               # secrets: globs added to the built-in path allowlist
# secret-stopwords = []                 # secrets: words that mark a value as a placeholder
# secret-rules = []                     # TXT107: repo paths of extra gitleaks-like rule tables
# gitleaks-allow = true                 # secrets: honour `gitleaks:allow` on the line
# detect-secrets-pragma = true          # secrets: honour `pragma: allowlist (nextline) secret`
# allow-print-in-main = false           # RS006/RS007: exempt src/main.rs and src/bin/
# allow-unwrap-in-tests = true          # RS009, RS011, RS015
# allow-expect-in-tests = true          # RS010, RS015
# allow-panic-in-tests = true           # RS002-RS005, RS016
# allow-print-in-tests = true           # RS006, RS007
# allow-dbg-in-tests = false            # RS001
# max-line-bytes = 65536                # regex input cap per line; longer lines are reported as not checked
"#;

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct CodeConfig {
    pub max_kb: u64,
    pub large_file_allowlist: Vec<String>,
    pub protected_branches: Vec<String>,
    pub yaml_multi_document: bool,
    pub todo_require_issue: bool,
    pub redact: Redact,
    pub secret_allow_paths: Vec<String>,
    pub secret_stopwords: Vec<String>,
    /// Repo-relative paths of extra secret rule tables (gitleaks-like TOML), reported as TXT107.
    pub secret_rules: Vec<String>,
    pub gitleaks_allow: bool,
    pub detect_secrets_pragma: bool,
    pub allow_print_in_main: bool,
    pub allow_unwrap_in_tests: bool,
    pub allow_expect_in_tests: bool,
    pub allow_panic_in_tests: bool,
    pub allow_print_in_tests: bool,
    pub allow_dbg_in_tests: bool,
    pub max_line_bytes: usize,
    /// TXT001 also reports whitespace-only lines made of the indentation of the block they sit in.
    pub strict_trailing_whitespace: bool,
}

/// How much of a secret a message may show.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Redact {
    /// At most the first 4 characters, then `…`.
    Prefix,
    /// Nothing of the secret.
    Full,
}

impl Default for CodeConfig {
    fn default() -> Self {
        CodeConfig {
            max_kb: 500,
            large_file_allowlist: Vec::new(),
            protected_branches: vec!["main".into(), "master".into()],
            yaml_multi_document: true,
            todo_require_issue: false,
            redact: Redact::Prefix,
            secret_allow_paths: Vec::new(),
            secret_stopwords: Vec::new(),
            secret_rules: Vec::new(),
            gitleaks_allow: true,
            detect_secrets_pragma: true,
            allow_print_in_main: false,
            allow_unwrap_in_tests: true,
            allow_expect_in_tests: true,
            allow_panic_in_tests: true,
            allow_print_in_tests: true,
            allow_dbg_in_tests: false,
            max_line_bytes: 64 * 1024,
            strict_trailing_whitespace: false,
        }
    }
}

/// Checks the values of a `[code]` section; the message names the key.
pub fn validate(section: &toml::Table) -> Result<(), String> {
    // One key at a time, so the message names the key whose value is wrong.
    for (key, value) in section {
        let mut one = toml::Table::new();
        one.insert(key.clone(), value.clone());
        toml::Value::Table(one)
            .try_into::<CodeConfig>()
            .map_err(|e| format!("invalid `{key}` in [code]: {}", e.message().trim()))?;
    }
    let config: CodeConfig = toml::Value::Table(section.clone())
        .try_into()
        .map_err(|e: toml::de::Error| format!("invalid [code] section: {}", e.message().trim()))?;
    if config.max_line_bytes < 1024 {
        return Err("invalid `max-line-bytes` in [code]: must be at least 1024".into());
    }
    for path in &config.secret_rules {
        let trimmed = path.trim();
        if trimmed.is_empty() {
            return Err("invalid `secret-rules` in [code]: an empty path".into());
        }
        if trimmed.starts_with('/') || trimmed.contains('\\') || trimmed.split('/').any(|part| part == "..") {
            return Err(format!(
                "invalid `secret-rules` in [code]: `{path}` must be a repository-relative path with `/` separators \
                 and no `..`"
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

/// The configured path allow-list entries (`large-file-allowlist`, `secret-allow-paths`) that match none of
/// `files`, with this crate's glob semantics (`*` crosses `/`).
pub fn stale_entries(config: &CodeConfig, files: &[precheck_core::FileInfo]) -> Vec<(&'static str, String)> {
    let lists =
        [("large-file-allowlist", &config.large_file_allowlist), ("secret-allow-paths", &config.secret_allow_paths)];
    let mut out = Vec::new();
    for (key, patterns) in lists {
        for pattern in patterns {
            let Ok(glob) = GlobBuilder::new(pattern).literal_separator(false).build() else { continue };
            let matcher = glob.compile_matcher();
            if !files.iter().any(|f| matcher.is_match(&*f.path)) {
                out.push((key, pattern.clone()));
            }
        }
    }
    out
}

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
        static CACHE: Mutex<Option<(Option<toml::Table>, Arc<Settings>)>> = Mutex::new(None);
        let section = config.section("code");
        let mut cache = match CACHE.lock() {
            Ok(c) => c,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some((key, settings)) = cache.as_ref()
            && key.as_ref() == section
        {
            return Arc::clone(settings);
        }
        // validate_config rejected bad values at load; a library user who skipped it gets the defaults.
        let typed: CodeConfig = config.section_as("code").unwrap_or_default();
        let settings = Arc::new(Settings::new(typed));
        *cache = Some((section.cloned(), Arc::clone(&settings)));
        settings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn default_section_lists_every_key() {
        for key in KEYS {
            assert!(DEFAULT.contains(&format!("# {key} =")), "{key}");
        }
    }
}
