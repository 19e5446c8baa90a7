//! The `[antx]` section of precheck.toml (antx.md §6).

use std::collections::BTreeMap;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

/// The keys of `[antx]`, in the order `precheck init` writes them.
pub const KEYS: &[&str] = &["system-properties", "machine-checks", "include-descriptors", "user-properties"];

/// The commented default section for `precheck init`.
pub const DEFAULT: &str = r#"[antx]
# system-properties = {}      # -D values the build passes; user.home, user.name, java.io.tmpdir,
#                             # file.separator, line.separator, os.name are always known
# machine-checks = false      # run url host, hostExist and fileExist checks (AX022) on this machine
# include-descriptors = []    # extra descriptor globs, as autoconfig's `-d` (defaults are always searched)
# user-properties = []        # extra globs of user properties files, as autoconfig's `-u` (antx.properties is always one)
"#;

/// `[antx]`, deserialised.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AntxConfig {
    #[serde(default)]
    pub system_properties: BTreeMap<String, String>,
    #[serde(default)]
    pub machine_checks: bool,
    /// Descriptor globs beyond the built-in `META-INF/**/autoconf/auto-config.xml` and `conf/**/auto-config.xml`
    /// (autoconfig's `--include-descriptors`).
    #[serde(default)]
    pub include_descriptors: Vec<String>,
    /// Globs of files that serve as a module's user properties besides `antx.properties` (autoconfig's `-u`).
    #[serde(default)]
    pub user_properties: Vec<String>,
}

/// The configuration with its globs compiled.
#[derive(Debug)]
pub struct Settings {
    pub system_properties: BTreeMap<String, String>,
    pub machine_checks: bool,
    pub include_descriptors: GlobSet,
    pub user_properties: GlobSet,
}

/// System properties every JVM has; their values are machine-dependent, so only their presence matters.
pub const KNOWN_SYSTEM_PROPERTIES: &[&str] =
    &["user.home", "user.name", "java.io.tmpdir", "file.separator", "line.separator", "os.name"];

fn globset(key: &str, globs: &[String]) -> Result<GlobSet, String> {
    let mut builder = GlobSetBuilder::new();
    for g in globs {
        let glob = Glob::new(g).map_err(|e| format!("`antx.{key}`: invalid glob `{g}`: {e}"))?;
        builder.add(glob);
    }
    builder.build().map_err(|e| format!("`antx.{key}`: {e}"))
}

impl AntxConfig {
    pub fn compile(self) -> Result<Settings, String> {
        Ok(Settings {
            include_descriptors: globset("include-descriptors", &self.include_descriptors)?,
            user_properties: globset("user-properties", &self.user_properties)?,
            system_properties: self.system_properties,
            machine_checks: self.machine_checks,
        })
    }
}

/// Parses and compiles a section (for `validate_config`).
pub fn validate(section: &toml::Table) -> Result<(), String> {
    let cfg: AntxConfig = toml::Value::Table(section.clone())
        .try_into()
        .map_err(|e: toml::de::Error| format!("[antx]: {}", e.message()))?;
    cfg.compile().map(|_| ())
}
