//! The `[jar]` section of precheck.toml (jar.md §7).

use globset::{Glob, GlobMatcher, GlobSet, GlobSetBuilder};

use crate::version::VersionSpec;

precheck_core::config_section! {
    /// The section as written.
    pub struct JarConfig in "jar" {
        /// unset: settings.xml <localRepository>, then ~/.m2/repository;
        /// a relative path is looked up in the repository, then beside it
        "local-repository" local_repository: Option<String> = None, shown "\"~/.m2/repository\"",
        /// classpaths and graph scopes the rules look at
        "scopes" scopes: Vec<String> = vec!["compile".into(), "runtime".into()],
        /// class globs never reported as duplicates, e.g. ["org.example.shaded.**"]
        "ignore-classes" ignore_classes: Vec<String> = Vec::new(),
        /// group:artifact ignored by every rule, e.g. ["com.example:legacy-all"]
        "ignore-dependencies" ignore_dependencies: Vec<String> = Vec::new(),
        /// JAR016: "group:artifact[:version-range]", `*` in group and artifact
        "bans" bans: Vec<String> = Vec::new(),
        /// JAR005 is an error when pushing to these, e.g. ["release/*"]
        "release-branches" release_branches: Vec<String> = Vec::new(),
        /// JDK assumed for <jdk> profile activation
        "jdk" jdk: String = "17".into(),
        /// not supported yet: must stay false
        "nested-jars" nested_jars: bool = false,
        /// not supported yet: must stay false
        "verify-identical" verify_identical: bool = false,
    }
    validate: compiles,
}

/// The section's own validation: it compiles (globs, ranges, scopes).
fn compiles(config: &JarConfig) -> Result<(), String> {
    config.clone().compile().map(|_| ())
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
        let scopes = self.scopes;
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
            jdk: self.jdk,
        })
    }
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
        let validate = |text: &str| (JarConfig::SPEC.validate)(&toml::from_str(text).unwrap_or_default());
        assert!(validate("scopes = [\"nope\"]").is_err());
        assert!(validate("unknown = 1").is_err());
        assert!(validate("jdk = 11").is_err_and(|e| e.starts_with("invalid `jdk` in [jar]:")));
        assert_eq!(validate("jdk = \"11\"\nbans = [\"a:b\"]"), Ok(()));
    }
}
