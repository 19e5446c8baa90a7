//! The `[zdal]` section of precheck.toml (zdal.md §9).

use serde::{Deserialize, Serialize};

/// Which generation of the configuration format a file is judged by (zdal.md §1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Profile {
    #[default]
    Auto,
    Oss,
    InternalLdc,
    AppDsl,
}

impl Profile {
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Auto => "auto",
            Profile::Oss => "oss",
            Profile::InternalLdc => "internal-ldc",
            Profile::AppDsl => "app-dsl",
        }
    }

    /// Whether the zone-aware (⊕) properties and values are allowed.
    pub fn zone_aware(self) -> bool {
        matches!(self, Profile::InternalLdc | Profile::AppDsl)
    }
}

precheck_core::config_section! {
    /// `[zdal]`, deserialised.
    pub struct ZdalConfig in "zdal" {
        /// auto (detected per file from content) | oss | internal-ldc | app-dsl
        "profile" profile: Profile = Profile::Auto,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn validate(section: &toml::Table) -> Result<(), String> {
        (ZdalConfig::SPEC.validate)(section)
    }

    #[test]
    fn profile_values() {
        let t: toml::Table = toml::from_str("profile = \"internal-ldc\"").unwrap_or_default();
        assert!(validate(&t).is_ok());
        let t: toml::Table = toml::from_str("profile = \"ldc\"").unwrap_or_default();
        assert!(validate(&t).is_err());
        let t: toml::Table = toml::from_str("mode = 1").unwrap_or_default();
        assert!(validate(&t).is_err());
    }
}
