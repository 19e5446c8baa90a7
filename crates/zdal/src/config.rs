//! The `[zdal]` section of precheck.toml (zdal.md §9).

use serde::Deserialize;

/// The keys of `[zdal]`.
pub const KEYS: &[&str] = &["profile"];

/// The commented default section for `precheck init`.
pub const DEFAULT: &str = r#"[zdal]
# profile = "auto"            # auto (detected per file from content) | oss | internal-ldc | app-dsl
"#;

/// Which generation of the configuration format a file is judged by (zdal.md §1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize)]
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

/// `[zdal]`, deserialised.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ZdalConfig {
    #[serde(default)]
    pub profile: Profile,
}

/// Checks a section's types and values (for `validate_config`).
pub fn validate(section: &toml::Table) -> Result<(), String> {
    toml::Value::Table(section.clone())
        .try_into::<ZdalConfig>()
        .map(|_| ())
        .map_err(|e: toml::de::Error| format!("[zdal]: {}", e.message().trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

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
