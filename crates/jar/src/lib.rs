//! precheck-jar: the `jar` check (jar.md): Maven dependency conflicts and duplicate classes, resolved the
//! way Maven 3.8 resolves them, without a JVM, a build or the network.
//!
//! The work is cross-file, so it all happens in [`Check::check_repo`]: [`analysis::Analysis`] finds the
//! reactors of the checked revision (every `pom.xml` that no other POM lists as a module), builds each
//! module's effective model ([`model`]: parents, profiles, interpolation, import BOMs), resolves its graph
//! ([`resolve`]: nearest wins, first declaration breaks ties, losers' subtrees dropped, widest scope) against
//! the reactor and the local repository ([`repo`]), and reads the jars' central directories ([`zipdir`],
//! [`dups`]) without decompressing anything. Each `JAR` rule lives in its own file under `rules/`.
//!
//! Findings are keyed by (module, artifact, rule) through their fingerprints, so in `added` diff mode only
//! conflicts that are new at the head are kept; each points at the module POM line the change touched when
//! one of the declarations involved is on it.

#![warn(clippy::string_slice)]

use precheck_core::{ChangeSet, Check, RepoCtx, RuleMeta, Sink};

pub mod analysis;
pub mod config;
pub mod dups;
pub mod model;
pub mod pom;
pub mod repo;
pub mod resolve;
pub mod rules;
pub mod version;
pub mod zipdir;

use config::JarConfig;

/// The `jar` check.
#[derive(Debug, Default)]
pub struct JarCheck;

impl Check for JarCheck {
    fn id(&self) -> &'static str {
        "jar"
    }

    fn rules(&self) -> &'static [&'static RuleMeta] {
        rules::RULES
    }

    fn config(&self) -> Option<&'static precheck_core::config_spec::ConfigSpec> {
        Some(&JarConfig::SPEC)
    }

    fn wants(&self, _file: &precheck_core::FileInfo) -> bool {
        false // Everything happens in check_repo.
    }

    fn inputs_changed(
        &self,
        changes: &ChangeSet,
        _source: &dyn precheck_core::FileSource,
        config: &precheck_core::Config,
        _memo: Option<&precheck_core::Memo>,
    ) -> bool {
        match config.section_as::<JarConfig>("jar").and_then(JarConfig::compile) {
            Ok(settings) => change_matters(changes, settings.local_repository.as_deref()),
            Err(_) => false,
        }
    }

    fn check_repo(&self, cx: &RepoCtx<'_>, out: &mut Sink) {
        if !rules::RULES.iter().any(|r| out.enabled(r)) {
            return;
        }
        // The configuration's validation already rejected a bad section, so a failure here only means "no section".
        let Ok(settings) = cx.config.section_as::<JarConfig>("jar").and_then(JarConfig::compile) else { return };
        if let Some(changes) = cx.changes {
            if !change_matters(changes, settings.local_repository.as_deref()) {
                return;
            }
        }
        let repo = repo::LocalRepo::locate(settings.local_repository.as_deref(), cx.root);
        let memo = cx.memo();
        let an = analysis::Analysis::build(&settings, cx.source, cx.changes, cx.pushed_ref, &repo, memo.as_deref());
        if an.modules.is_empty() && an.broken.is_empty() {
            return;
        }
        rules::check_all(&an, out);
    }
}

/// Whether a change can affect a jar finding: a POM, a jar, precheck.toml or a file of a local repository
/// committed in the revision. Anything else returns before a single POM is read.
pub fn change_matters(changes: &ChangeSet, local_repository: Option<&str>) -> bool {
    let prefix = local_repository.and_then(|p| repo::normalise(p.trim())).filter(|p| !p.is_empty());
    let mut paths: Vec<&str> = Vec::new();
    for (path, change) in &changes.files {
        paths.push(path);
        if let precheck_core::ChangeKind::Renamed { from } = &change.kind {
            paths.push(from);
        }
    }
    paths.into_iter().any(|p| {
        let name = p.rsplit('/').next().unwrap_or(p);
        name == "pom.xml"
            || name == "precheck.toml"
            || name.ends_with(".pom")
            || name.ends_with(".jar")
            || prefix.as_deref().is_some_and(|pre| p.starts_with(&format!("{pre}/")))
    })
}

#[cfg(test)]
mod tests {
    use precheck_core::{ChangeKind, FileChange, LineSet};

    use super::*;

    #[test]
    fn only_pom_and_jar_changes_matter() {
        let mut set = ChangeSet::default();
        let change = FileChange { kind: ChangeKind::Modified, old_mode: 0, new_mode: 0, added_lines: LineSet::new() };
        set.files.insert("src/main/java/A.java".into(), change.clone());
        assert!(!change_matters(&set, None));
        set.files.insert("m2/org/x/a/1/a-1.sha1".into(), change.clone());
        assert!(change_matters(&set, Some("m2")));
        let mut set = ChangeSet::default();
        set.files.insert("app/pom.xml".into(), change);
        assert!(change_matters(&set, None));
    }
}
