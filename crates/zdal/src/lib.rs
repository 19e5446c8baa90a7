//! precheck-zdal: the `zdal` check (zdal.md).
//!
//! It owns everything Zdal: recognising Zdal configuration files by content (a `ZdalAppBean`, the rule beans,
//! or the `<App>` root of the console format), decoding them (GBK/GB2312 read as GB18030), pairing each
//! `…-ds.xml` with its `…-rule.xml` into one Spring bean namespace, judging them by profile (`oss`,
//! `internal-ldc`, `app-dsl`), the static `ZD` rules (one file each under `rules/`), and the public
//! [`ShardingCatalogue`] that precheck-sql reads to check SQL against the sharding rules (ZD049, ZD101+ live
//! there). The work is cross-file, so it all happens in [`Check::check_repo`] over one [`model::Model`].

#![warn(clippy::string_slice)]

use precheck_core::{ChangeKind, ChangeSet, Check, FileSource, RepoCtx, RuleMeta, Sink};

pub mod catalogue;
pub mod config;
pub mod grammar;
pub mod model;
pub mod rules;
pub mod wiring;

pub use catalogue::{CatalogueDataSource, CatalogueTable, ShardingCatalogue};
use config::ZdalConfig;
use model::Model;

/// The `zdal` check.
#[derive(Debug, Default)]
pub struct ZdalCheck;

impl Check for ZdalCheck {
    fn id(&self) -> &'static str {
        "zdal"
    }

    fn rules(&self) -> &'static [&'static RuleMeta] {
        rules::RULES
    }

    fn config(&self) -> Option<&'static precheck_core::config_spec::ConfigSpec> {
        Some(&ZdalConfig::SPEC)
    }

    fn wants(&self, _file: &precheck_core::FileInfo) -> bool {
        false // Everything happens in check_repo.
    }

    fn inputs_changed(
        &self,
        changes: &ChangeSet,
        source: &dyn FileSource,
        _config: &precheck_core::Config,
        _memo: Option<&precheck_core::Memo>,
    ) -> bool {
        change_matters(changes, source)
    }

    fn check_repo(&self, cx: &RepoCtx<'_>, out: &mut Sink) {
        if !rules::RULES.iter().any(|r| out.enabled(r)) {
            return;
        }
        // The configuration's validation already rejected a bad section, so a failure here only means "no section".
        let cfg = cx.config.section_as::<ZdalConfig>("zdal").unwrap_or_default();
        if let Some(changes) = cx.changes {
            if !change_matters(changes, cx.source) {
                return;
            }
        }
        let model = Model::build(cx.source, cfg.profile, cx.cache_dir);
        if model.files.is_empty() {
            return;
        }
        rules::check_all(&model, out);
    }
}

/// How many leading bytes of a changed file are searched for Zdal content on the pre-push path.
pub const SNIFF_LEN: usize = 8 * 1024;

/// Whether a change can affect any Zdal finding: the pre-push path costs nothing when it cannot.
///
/// The test is cheap and conservative. A changed path matters when it is an XML file (`.xml`, any case)
/// and one of: it was deleted or renamed (its old content is gone, and a missing rule file or sqlMap is
/// itself a finding); its name ends in `-ds.xml`, `-rule.xml` or `-tair.xml` (the loader's names, so a
/// sibling of a ds file, even an empty `<beans/>`, counts); or its first 8 KiB mention `com.alipay.zdal`,
/// `<App` (the console format) or `sqlMap` (an iBatis config that ZD076 follows). Nothing else is read.
pub fn change_matters(changes: &ChangeSet, source: &dyn FileSource) -> bool {
    changes.files.iter().any(|(path, change)| {
        if let ChangeKind::Renamed { from } = &change.kind {
            if model::is_xml(from) {
                return true;
            }
        }
        if !model::is_xml(path) {
            return false;
        }
        if change.kind == ChangeKind::Deleted {
            return true;
        }
        let lower = path.to_ascii_lowercase();
        if ["-ds.xml", "-rule.xml", "-tair.xml"].iter().any(|s| lower.ends_with(s)) {
            return true;
        }
        let Ok(bytes) = source.read(path) else { return true };
        let head = &bytes[..bytes.len().min(SNIFF_LEN)];
        [&b"com.alipay.zdal"[..], b"<App", b"sqlMap"].iter().any(|n| memchr::memmem::find(head, n).is_some())
    })
}

#[cfg(test)]
mod tests {
    use std::io;

    use precheck_core::FileInfo;

    use super::*;

    struct Files(Vec<(FileInfo, Vec<u8>)>, Vec<FileInfo>);

    impl FileSource for Files {
        fn files(&self) -> &[FileInfo] {
            &self.1
        }
        fn read(&self, path: &str) -> io::Result<Vec<u8>> {
            self.0.iter().find(|(f, _)| &*f.path == path).map(|(_, b)| b.clone()).ok_or(io::ErrorKind::NotFound.into())
        }
    }

    fn changes(paths: &[(&str, ChangeKind)]) -> ChangeSet {
        ChangeSet::of_paths(paths.iter().map(|(p, kind)| (*p, kind.clone())))
    }

    #[test]
    fn only_changes_that_can_matter_build_the_model() {
        let file = |p: &str, b: &str| (FileInfo::new(p, precheck_core::FileMode::Regular, 1), b.as_bytes().to_vec());
        let source = Files(
            vec![
                file("app/spring-rw-ds.xml", "<beans/>"),
                file("app/context.xml", "<bean class=\"com.alipay.zdal.client.jdbc.ZdalDataSource\"/>"),
                file("app/pom.xml", "<project/>"),
            ],
            Vec::new(),
        );
        let m = ChangeKind::Modified;
        assert!(!change_matters(&changes(&[("src/A.java", m.clone()), ("app/pom.xml", m.clone())]), &source));
        assert!(change_matters(&changes(&[("app/spring-rw-ds.xml", m.clone())]), &source));
        assert!(change_matters(&changes(&[("app/context.xml", m.clone())]), &source));
        assert!(change_matters(&changes(&[("app/old.xml", ChangeKind::Deleted)]), &source));
    }
}
