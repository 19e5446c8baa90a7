//! precheck-antx: the `antx` check (antx.md).
//!
//! It owns everything Antx / autoconfig: the `auto-config.xml` descriptors (`META-INF/**/autoconf/` in the
//! sources of a jar, a war or an assembly, and `conf/**/`), the Velocity templates they render (resolved as
//! autoconfig resolves them), and the properties a module is configured with (`antx.properties` at the module
//! root or above, and the shared sets it names when they are files of the repository). The work is
//! cross-file, so it all happens in [`Check::check_repo`] over one [`model::Model`]; each `AX` rule lives in
//! its own file under `rules/` with its metadata, explanation and logic.

#![warn(clippy::string_slice)]

use precheck_core::{ChangeSet, Check, FileSource, RepoCtx, RuleMeta, Sink};

pub mod config;
pub mod descriptor;
pub mod expr;
pub mod model;
pub mod props;
pub mod rules;
pub mod validators;
pub mod velocity;

use config::{AntxConfig, Settings};
use model::Model;

/// The `antx` check.
#[derive(Debug, Default)]
pub struct AntxCheck;

impl Check for AntxCheck {
    fn id(&self) -> &'static str {
        "antx"
    }

    fn rules(&self) -> &'static [&'static RuleMeta] {
        rules::RULES
    }

    fn config(&self) -> Option<&'static precheck_core::config_spec::ConfigSpec> {
        Some(&AntxConfig::SPEC)
    }

    fn wants(&self, _file: &precheck_core::FileInfo) -> bool {
        false // Everything happens in check_repo.
    }

    fn inputs_changed(
        &self,
        changes: &ChangeSet,
        source: &dyn FileSource,
        config: &precheck_core::Config,
        _memo: Option<&precheck_core::Memo>,
    ) -> bool {
        match config.section_as::<AntxConfig>("antx").and_then(AntxConfig::compile) {
            Ok(settings) => change_matters(&settings, changes, source),
            Err(_) => false,
        }
    }

    fn check_repo(&self, cx: &RepoCtx<'_>, out: &mut Sink) {
        if !rules::RULES.iter().any(|r| out.enabled(r)) {
            return;
        }
        // The configuration's validation already rejected a bad section, so a failure here only means "no section".
        let settings = match cx.config.section_as::<AntxConfig>("antx").and_then(AntxConfig::compile) {
            Ok(s) => s,
            Err(_) => return,
        };
        if let Some(changes) = cx.changes {
            if !change_matters(&settings, changes, cx.source) {
                return;
            }
        }
        let model = Model::build(settings, cx.source);
        if model.descriptors.is_empty() && model.props.is_empty() {
            return;
        }
        rules::check_all(&model, out);
    }
}

/// Whether a change can affect any Antx finding: the pre-push path must cost nothing when it cannot.
///
/// A changed (added, modified, deleted or renamed) path matters when it is a descriptor, a user properties
/// file, any `*.properties` file (it may be a shared set), a `*.vm` file, a file with an `autoconf` or `conf`
/// directory in its path, or a file of a module that holds a descriptor at one of the usual places
/// (`src/main/webapp/META-INF/autoconf/`, `src/main/resources/META-INF/autoconf/`, `META-INF/autoconf/`,
/// `conf/`), which a template rendered in place (`WEB-INF/web.xml`) can be. Those probes are `stat` calls on
/// the ancestors of each changed path, never a listing of the repository.
pub fn change_matters(settings: &Settings, changes: &ChangeSet, source: &dyn FileSource) -> bool {
    const PROBES: &[&str] = &[
        "src/main/webapp/META-INF/autoconf/auto-config.xml",
        "src/main/resources/META-INF/autoconf/auto-config.xml",
        "META-INF/autoconf/auto-config.xml",
        "conf/auto-config.xml",
    ];
    let mut probed = std::collections::HashSet::new();
    let mut paths: Vec<&str> = Vec::new();
    for (path, change) in &changes.files {
        paths.push(path);
        if let precheck_core::ChangeKind::Renamed { from } = &change.kind {
            paths.push(from);
        }
    }
    paths.into_iter().any(|path| {
        if model::is_descriptor(settings, path)
            || model::is_user_properties(settings, path)
            || path.ends_with(".properties")
            || path.ends_with(".vm")
            || path.split('/').any(|c| c == "autoconf" || c == "conf")
        {
            return true;
        }
        let mut dir = model::dir_of(path);
        loop {
            if probed.insert(dir.to_string()) {
                let hit = PROBES.iter().any(|p| {
                    let full = if dir.is_empty() { (*p).to_string() } else { format!("{dir}/{p}") };
                    source.exists(&full)
                });
                if hit {
                    return true;
                }
            }
            if dir.is_empty() {
                return false;
            }
            dir = model::dir_of(dir);
        }
    })
}

#[cfg(test)]
mod tests {
    use std::io;

    use precheck_core::{ChangeKind, FileInfo, FileMode};

    use super::*;

    struct Files(Vec<FileInfo>);

    impl FileSource for Files {
        fn files(&self) -> &[FileInfo] {
            &self.0
        }
        fn read(&self, _path: &str) -> io::Result<Vec<u8>> {
            Ok(Vec::new())
        }
    }

    fn changes(paths: &[&str]) -> ChangeSet {
        ChangeSet::of_paths(paths.iter().map(|p| (*p, ChangeKind::Modified)))
    }

    #[test]
    fn only_changes_that_can_matter_run_the_model() {
        let source = Files(
            [
                "svc/src/main/webapp/META-INF/autoconf/auto-config.xml",
                "svc/src/main/webapp/WEB-INF/web.xml",
                "lib/src/X.java",
            ]
            .iter()
            .map(|p| FileInfo::new(*p, FileMode::Regular, 1))
            .collect(),
        );
        let settings = AntxConfig::default().compile().unwrap_or_else(|e| panic!("{e}"));
        assert!(!change_matters(&settings, &changes(&["lib/src/X.java", "README.md"]), &source));
        assert!(change_matters(&settings, &changes(&["svc/src/main/webapp/WEB-INF/web.xml"]), &source));
        assert!(change_matters(&settings, &changes(&["svc/antx.properties"]), &source));
        assert!(change_matters(&settings, &changes(&["team/shared/daily.properties"]), &source));
        assert!(change_matters(&settings, &changes(&["app/conf/auto-config.xml"]), &source));
    }
}
