//! The `[conflict]` section of precheck.toml (conflicts.md §10).

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::engine::Options;

precheck_core::config_section! {
    /// `[conflict]`, deserialised.
    pub struct ConflictConfig in "conflict" {
        /// git program to probe; "git" = first on PATH (git >= 2.38, else git2)
        "git" git: String = "git".to_string(),
        /// globs of open branches `check --base` compares the head against (CF003),
        /// over local and remote-tracking names, e.g. ["release/*", "origin/release/*"]
        "release-branches" release_branches: Vec<String> = Vec::new(),
        /// merge unrelated histories instead of reporting CF004
        "allow-unrelated-histories" allow_unrelated_histories: bool = false,
        /// re-run the checks on the tree each clean merge produces and report what only the merge has (CF007);
        /// (`check --base` and `precheck conflicts`; `precheck conflicts --no-semantic` leaves it out)
        "semantic" semantic: bool = true,
        /// where CF008-CF010 look for Flyway migrations and Liquibase changelogs
        "migrations" migrations: Vec<String> = vec!["**/db/migration/**".to_string(), "**/db/changelog/**".to_string()],
    }
    validate: ConflictConfig::check,
}

impl ConflictConfig {
    /// The section of `config` (defaults when absent; a bad section was rejected at load).
    pub fn of(config: &precheck_core::Config) -> ConflictConfig {
        config.section_as("conflict").unwrap_or_default()
    }

    /// Whether `semantic` is set in `config` itself (`None`: left at its default). `precheck conflicts` looks
    /// for semantic conflicts by default only when it is set to true: it re-runs the checks per pair, which on
    /// a Java history costs several times the textual matrix (benches/README.md).
    pub fn semantic_set(config: &precheck_core::Config) -> Option<bool> {
        config.section("conflict").and_then(|t| t.get("semantic")).and_then(toml::Value::as_bool)
    }

    /// The engine options this section asks for.
    pub fn options(&self) -> Options {
        Options {
            git: self.git.clone(),
            allow_unrelated_histories: self.allow_unrelated_histories,
            ..Options::default()
        }
    }

    /// The section's values the types do not check.
    fn check(&self) -> Result<(), String> {
        if self.git.trim().is_empty() {
            return Err(
                "invalid `git` in [conflict]: must name a git program (\"git\" = the first on PATH)".to_string()
            );
        }
        self.release_globs()?;
        self.migration_globs().map(|_| ())
    }

    /// `migrations` compiled.
    pub fn migration_globs(&self) -> Result<GlobSet, String> {
        self.migration_globs_with(&[])
    }

    /// `migrations` and `extra` (the locations the project's Spring configuration gives Flyway) compiled.
    pub fn migration_globs_with(&self, extra: &[String]) -> Result<GlobSet, String> {
        let mut builder = GlobSetBuilder::new();
        for g in self.migrations.iter().chain(extra) {
            let glob =
                Glob::new(g).map_err(|e| format!("invalid `migrations` in [conflict]: invalid glob `{g}`: {e}"))?;
            builder.add(glob);
        }
        builder.build().map_err(|e| format!("invalid `migrations` in [conflict]: {e}"))
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
                .map_err(|e| format!("invalid `release-branches` in [conflict]: invalid glob `{g}`: {e}"))?;
            builder.add(glob);
        }
        builder.build().map_err(|e| format!("invalid `release-branches` in [conflict]: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> toml::Table {
        text.parse().expect("toml")
    }

    fn validate(section: &toml::Table) -> Result<(), String> {
        (ConflictConfig::SPEC.validate)(section)
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
        let text: String = ConflictConfig::SPEC
            .init_text()
            .lines()
            .map(|l| l.strip_prefix("# ").unwrap_or(l).split("  #").next().unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n");
        let t = table(&text);
        let section = t.get("conflict").and_then(|v| v.as_table()).cloned().expect("section");
        assert!(validate(&section).is_ok());
        for key in ConflictConfig::SPEC.key_names() {
            assert!(section.contains_key(key), "{key}");
        }
    }
}
