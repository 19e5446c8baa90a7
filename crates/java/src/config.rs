//! The `[java]` section: the limits and name lists of the manual's items that a team may set otherwise.

use std::sync::Arc;

use precheck_core::Config;
use precheck_core::config::SectionCache;

precheck_core::config_section! {
    /// `[java]`, deserialised.
    pub struct JavaConfig in "java" {
        /// JV038: the manual's line limit (代码格式: 单行字符数限制不超过 120 个)
        "max-line-length" max_line_length: usize = 120,
        /// JV020: literals allowed in conditions besides 0, 1, -1, "" and null
        "magic-allow" magic_allow: Vec<String> = Vec::new(),
        /// JV026, JV039, JV040: class-name suffixes that make a class a POJO (the manual: POJO 是 DO/DTO/BO/VO 的统称)
        "pojo-suffixes" pojo_suffixes: Vec<String> =
            ["DO", "DTO", "VO", "BO"].iter().map(|s| (*s).to_string()).collect(),
        /// JV014: imports of concrete logging APIs, instead of SLF4J or JCL
        "banned-logging-imports" banned_logging_imports: Vec<String> = [
            "org.apache.log4j.Logger",
            "org.apache.log4j.LogManager",
            "org.apache.logging.log4j.Logger",
            "org.apache.logging.log4j.LogManager",
            "java.util.logging.Logger",
            "ch.qos.logback.classic.Logger",
        ]
        .iter()
        .map(|s| (*s).to_string())
        .collect(),
    }
    validate: check,
}

fn check(config: &JavaConfig) -> Result<(), String> {
    if config.max_line_length < 40 {
        return Err("invalid `max-line-length` in [java]: must be at least 40".into());
    }
    Ok(())
}

/// The section as the rules read it, built once per distinct `[java]` section.
#[derive(Debug)]
pub struct Settings {
    pub config: JavaConfig,
}

impl Settings {
    /// Whether a class of this name is a POJO by the manual's suffixes.
    pub fn is_pojo(&self, class: &str) -> bool {
        // The suffix is a word of its own: `UserDO`, not `UserDAO` (which ends in `AO`).
        self.config.pojo_suffixes.iter().any(|s| {
            class.len() > s.len()
                && class.ends_with(s.as_str())
                && class[..class.len() - s.len()].chars().next_back().is_some_and(|c| !c.is_ascii_uppercase())
        })
    }

    /// The settings of `config`'s `[java]` section, kept while the section is the same.
    pub fn of(config: &Config) -> Arc<Settings> {
        static CACHE: SectionCache<Settings> = SectionCache::new();
        CACHE.get(config, "java", |config: JavaConfig| Settings { config })
    }
}
