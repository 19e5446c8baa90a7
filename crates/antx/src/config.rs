//! The `[antx]` section of precheck.toml (antx.md §6).

use std::collections::BTreeMap;

use globset::{Glob, GlobSet, GlobSetBuilder};
precheck_core::config_section! {
    /// `[antx]`, deserialised.
    pub struct AntxConfig in "antx" {
        /// -D values the build passes; user.home, user.name, java.io.tmpdir,
        /// file.separator, line.separator, os.name are always known
        "system-properties" system_properties: BTreeMap<String, String> = BTreeMap::new(),
        /// run url host, hostExist and fileExist checks (AX022) on this machine
        "machine-checks" machine_checks: bool = false,
        /// extra descriptor globs, as autoconfig's `-d` (defaults are always searched)
        "include-descriptors" include_descriptors: Vec<String> = Vec::new(),
        /// extra globs of user properties files, as autoconfig's `-u` (antx.properties is always one)
        "user-properties" user_properties: Vec<String> = Vec::new(),
    }
    validate: AntxConfig::check,
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
        let glob = Glob::new(g).map_err(|e| format!("invalid `{key}` in [antx]: invalid glob `{g}`: {e}"))?;
        builder.add(glob);
    }
    builder.build().map_err(|e| format!("invalid `{key}` in [antx]: {e}"))
}

impl AntxConfig {
    /// The globs compile.
    fn check(&self) -> Result<(), String> {
        self.clone().compile().map(|_| ())
    }

    pub fn compile(self) -> Result<Settings, String> {
        Ok(Settings {
            include_descriptors: globset("include-descriptors", &self.include_descriptors)?,
            user_properties: globset("user-properties", &self.user_properties)?,
            system_properties: self.system_properties,
            machine_checks: self.machine_checks,
        })
    }
}
