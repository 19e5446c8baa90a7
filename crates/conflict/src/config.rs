//! The `[conflict]` section of precheck.toml (conflicts.md §10).

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::engine::Options;

/// The keys of `[conflict]`, in the order `precheck init` writes them.
pub const KEYS: &[&str] = &["git", "release-branches", "allow-unrelated-histories"];

/// The commented default section for `precheck init`.
pub const DEFAULT: &str = r#"[conflict]
# git = "git"                          # git program to probe; "git" = first on PATH (git >= 2.38, else git2)
# release-branches = []                # globs of open branches `check --base` compares the head against (CF003),
#                                      # over local and remote-tracking names, e.g. ["release/*", "origin/release/*"]
# allow-unrelated-histories = false    # merge unrelated histories instead of reporting CF004
"#;

/// `[conflict]`, deserialised.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConflictConfig {
    #[serde(default = "default_git")]
    pub git: String,
    #[serde(default)]
    pub release_branches: Vec<String>,
    #[serde(default)]
    pub allow_unrelated_histories: bool,
}

fn default_git() -> String {
    "git".to_string()
}

impl Default for ConflictConfig {
    fn default() -> ConflictConfig {
        ConflictConfig { git: default_git(), release_branches: Vec::new(), allow_unrelated_histories: false }
    }
}

impl ConflictConfig {
    /// The section of `config` (defaults when absent; a bad section was rejected at load).
    pub fn of(config: &precheck_core::Config) -> ConflictConfig {
        config.section_as("conflict").unwrap_or_default()
    }

    /// The engine options this section asks for.
    pub fn options(&self) -> Options {
        Options {
            git: self.git.clone(),
            allow_unrelated_histories: self.allow_unrelated_histories,
            ..Options::default()
        }
    }

    /// `release-branches` compiled.
    pub fn release_globs(&self) -> Result<GlobSet, String> {
        let mut builder = GlobSetBuilder::new();
        for g in &self.release_branches {
            // `*` stops at `/` so `release/*` does not also match `origin/release/x`.
            let glob = globset::GlobBuilder::new(g)
                .literal_separator(true)
                .build()
                .or_else(|_| Glob::new(g))
                .map_err(|e| format!("`conflict.release-branches`: invalid glob `{g}`: {e}"))?;
            builder.add(glob);
        }
        builder.build().map_err(|e| format!("`conflict.release-branches`: {e}"))
    }
}

/// Type and value errors of the section (for `validate_config`).
pub fn validate(section: &toml::Table) -> Result<(), String> {
    let cfg: ConflictConfig = toml::Value::Table(section.clone())
        .try_into()
        .map_err(|e: toml::de::Error| format!("[conflict]: {}", e.message()))?;
    if cfg.git.trim().is_empty() {
        return Err("`conflict.git`: must name a git program (\"git\" = the first on PATH)".to_string());
    }
    cfg.release_globs().map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> toml::Table {
        text.parse().expect("toml")
    }

    #[test]
    fn validates_types_and_globs() {
        assert!(validate(&table("git = \"/usr/bin/git\"\nrelease-branches = [\"release/*\"]")).is_ok());
        assert!(validate(&table("git = 3")).is_err());
        assert!(validate(&table("git = \"\"")).is_err());
        assert!(validate(&table("release-branches = [\"a[\"]")).is_err());
        assert!(validate(&table("allow-unrelated-histories = \"yes\"")).is_err());
    }

    #[test]
    fn release_globs_do_not_cross_slashes() {
        let cfg = ConflictConfig { release_branches: vec!["release/*".into()], ..ConflictConfig::default() };
        let set = cfg.release_globs().expect("globs");
        assert!(set.is_match("release/1.2"));
        assert!(!set.is_match("origin/release/1.2"));
    }

    #[test]
    fn the_default_section_parses_when_uncommented() {
        let text: String = DEFAULT.lines().map(|l| l.strip_prefix("# ").unwrap_or(l)).collect::<Vec<_>>().join("\n");
        let t = table(&text.lines().filter(|l| !l.trim_start().starts_with('#')).collect::<Vec<_>>().join("\n"));
        let section = t.get("conflict").and_then(|v| v.as_table()).cloned().expect("section");
        assert!(validate(&section).is_ok());
        for key in KEYS {
            assert!(section.contains_key(*key), "{key}");
        }
    }
}
