//! The `[jar]` section of precheck.toml (jar.md §7).

use globset::{Glob, GlobMatcher, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::version::VersionSpec;

/// Every key of `[jar]`.
pub const KEYS: &[&str] = &[
    "local-repository",
    "scopes",
    "ignore-classes",
    "ignore-dependencies",
    "bans",
    "release-branches",
    "jdk",
    "nested-jars",
    "verify-identical",
];

/// The commented default section for `precheck init`.
pub const DEFAULT: &str = r#"[jar]
# local-repository = "~/.m2/repository"   # unset: settings.xml <localRepository>, then ~/.m2/repository;
#                                         # a relative path is looked up in the repository, then beside it
# scopes = ["compile", "runtime"]         # classpaths and graph scopes the rules look at
# ignore-classes = []                     # class globs never reported as duplicates, e.g. ["org.example.shaded.**"]
# ignore-dependencies = []                # group:artifact ignored by every rule, e.g. ["com.example:legacy-all"]
# bans = []                               # JAR016: "group:artifact[:version-range]", `*` in group and artifact
# release-branches = []                   # JAR005 is an error when pushing to these, e.g. ["release/*"]
# jdk = "17"                              # JDK assumed for <jdk> profile activation
# nested-jars = false                     # not supported yet: must stay false
# verify-identical = false                # not supported yet: must stay false
"#;

/// The section as written.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields, default)]
pub struct JarConfig {
    pub local_repository: Option<String>,
    pub scopes: Option<Vec<String>>,
    pub ignore_classes: Vec<String>,
    pub ignore_dependencies: Vec<String>,
    pub bans: Vec<String>,
    pub release_branches: Vec<String>,
    pub jdk: Option<String>,
    pub nested_jars: bool,
    pub verify_identical: bool,
}

/// One `[jar] bans` entry, compiled.
#[derive(Clone, Debug)]
pub struct Ban {
    pub text: String,
    group: GlobMatcher,
    artifact: GlobMatcher,
    range: Option<VersionSpec>,
}

impl Ban {
    pub fn matches(&self, group: &str, artifact: &str, version: &str) -> bool {
        self.group.is_match(group)
            && self.artifact.is_match(artifact)
            && self.range.as_ref().is_none_or(|r| match r {
                VersionSpec::Soft(v) => crate::version::Version::parse(version) == *v,
                range => range.contains(&crate::version::Version::parse(version)),
            })
    }
}

/// The section, validated and compiled.
#[derive(Clone, Debug)]
pub struct Settings {
    pub local_repository: Option<String>,
    pub scopes: Vec<String>,
    pub ignore_classes: GlobSet,
    pub ignore_dependencies: Vec<String>,
    pub bans: Vec<Ban>,
    pub release_branches: GlobSet,
    pub jdk: String,
}

fn glob(text: &str, what: &str) -> Result<GlobMatcher, String> {
    Glob::new(text).map(|g| g.compile_matcher()).map_err(|e| format!("`{what}`: bad pattern `{text}`: {e}"))
}

impl JarConfig {
    pub fn compile(self) -> Result<Settings, String> {
        if self.nested_jars {
            return Err("`nested-jars`: scanning jars inside fat jars is not supported yet; leave it false".into());
        }
        if self.verify_identical {
            return Err("`verify-identical`: SHA-256 confirmation is not supported yet; leave it false".into());
        }
        let scopes = self.scopes.unwrap_or_else(|| vec!["compile".into(), "runtime".into()]);
        for s in &scopes {
            if !matches!(s.as_str(), "compile" | "runtime" | "provided" | "system" | "test") {
                return Err(format!("`scopes`: unknown scope `{s}` (compile, runtime, provided, system, test)"));
            }
        }
        let mut classes = GlobSetBuilder::new();
        for c in &self.ignore_classes {
            // Class globs are written with dots; match them against `/`-separated names so `*` stays in a
            // package and `**` crosses packages.
            let g = Glob::new(&c.replace('.', "/")).map_err(|e| format!("`ignore-classes`: bad glob `{c}`: {e}"))?;
            classes.add(g);
        }
        let mut branches = GlobSetBuilder::new();
        for b in &self.release_branches {
            branches.add(Glob::new(b).map_err(|e| format!("`release-branches`: bad glob `{b}`: {e}"))?);
        }
        let mut bans = Vec::new();
        for b in &self.bans {
            let mut parts = b.splitn(3, ':');
            let (Some(g), Some(a)) = (parts.next(), parts.next()) else {
                return Err(format!("`bans`: `{b}` is not `group:artifact[:version-range]`"));
            };
            if g.is_empty() || a.is_empty() {
                return Err(format!("`bans`: `{b}` is not `group:artifact[:version-range]`"));
            }
            let range = match parts.next() {
                None | Some("") => None,
                Some(r) => {
                    Some(VersionSpec::parse(r).ok_or_else(|| format!("`bans`: `{b}` has a malformed version range"))?)
                }
            };
            bans.push(Ban { text: b.clone(), group: glob(g, "bans")?, artifact: glob(a, "bans")?, range });
        }
        for d in &self.ignore_dependencies {
            if d.split(':').count() != 2 {
                return Err(format!("`ignore-dependencies`: `{d}` is not `group:artifact`"));
            }
        }
        Ok(Settings {
            local_repository: self.local_repository,
            scopes,
            ignore_classes: classes.build().map_err(|e| format!("`ignore-classes`: {e}"))?,
            ignore_dependencies: self.ignore_dependencies,
            bans,
            release_branches: branches.build().map_err(|e| format!("`release-branches`: {e}"))?,
            jdk: self.jdk.unwrap_or_else(|| "17".into()),
        })
    }
}

/// Type and value errors of the section, at load time.
pub fn validate(section: &toml::Table) -> Result<(), String> {
    let cfg: JarConfig = toml::Value::Table(section.clone()).try_into().map_err(|e: toml::de::Error| e.to_string())?;
    cfg.compile().map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bans_and_validation() {
        let cfg = JarConfig { bans: vec!["log4j:*:[1.0,2.0)".into(), "*:commons-*".into()], ..JarConfig::default() };
        let s = cfg.compile().unwrap_or_else(|e| panic!("{e}"));
        assert!(s.bans[0].matches("log4j", "log4j", "1.2.17"));
        assert!(!s.bans[0].matches("log4j", "log4j", "2.0"));
        assert!(s.bans[1].matches("x", "commons-io", "9"));
        let bad = JarConfig { bans: vec!["nocolon".into()], ..JarConfig::default() };
        assert!(bad.compile().is_err());
        let t: toml::Table = toml::from_str("scopes = [\"nope\"]").unwrap_or_default();
        assert!(validate(&t).is_err());
        let t: toml::Table = toml::from_str("unknown = 1").unwrap_or_default();
        assert!(validate(&t).is_err());
    }
}
