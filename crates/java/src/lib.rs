//! precheck-java: the `java` check.
//!
//! It reads Java with tree-sitter and tree-sitter-java (error-tolerant, no JVM): one parse per file, shared by
//! every rule through `FileCtx::parsed` ([`tree`]), walked once with each node handed to the rules that asked
//! for its kind ([`rules::DISPATCH`]). The rules are the Alibaba Java manual's mandatory (强制) items that the
//! syntax decides (JV001…), one per file under `rules/`; JV000 reports a file that does not parse, and the
//! rules say nothing inside the parts that did not. The MyBatis rules (JV050…) join each mapper XML to the Java
//! interface its `namespace` names, once per run ([`mapper`]).

mod config;
pub mod hollow;
pub mod mapper;
pub mod rules;
pub mod tree;

use precheck_core::{Check, FileCtx, FileInfo, FileMode, RepoCtx, RuleMeta, Sink};

pub use config::JavaConfig;

/// The `java` check.
#[derive(Debug, Default)]
pub struct JavaCheck;

impl Check for JavaCheck {
    fn id(&self) -> &'static str {
        "java"
    }

    fn rules(&self) -> &'static [&'static RuleMeta] {
        rules::RULES
    }

    fn config(&self) -> Option<&'static precheck_core::config_spec::ConfigSpec> {
        Some(&JavaConfig::SPEC)
    }

    fn wants(&self, file: &FileInfo) -> bool {
        matches!(file.mode, FileMode::Regular | FileMode::Executable) && file.extension() == "java"
    }

    /// The mapper rules (JV050…) read mapper XML in `check_repo`: a change to a mapper can change their
    /// findings too (two branches adding one statement id to a mapper merge cleanly into a duplicate). Only XML
    /// that is a mapper (`<mapper`, as `mapper::check_repo` decides) counts: a POM or Spring file changed on
    /// each side would otherwise re-run the whole Java check on the merge (on litemall's matrix, half the
    /// pairs that re-ran it). A changed XML file `source` cannot read (deleted) counts, to be safe.
    fn inputs_changed(
        &self,
        changes: &precheck_core::ChangeSet,
        source: &dyn precheck_core::FileSource,
        _config: &precheck_core::Config,
    ) -> bool {
        let ours = |p: &str| {
            let lower = p.to_ascii_lowercase();
            lower.ends_with(".java")
                || (lower.ends_with(".xml") && source.read(p).map_or(true, |b| b.windows(7).any(|w| w == b"<mapper")))
        };
        changes.files.iter().any(|(path, change)| {
            ours(path) || matches!(&change.kind, precheck_core::ChangeKind::Renamed { from } if ours(from))
        })
    }

    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        // Generated and vendored sources are whoever made them's business (precheck_core::origin): a parser
        // generator's output or a copied library is not the project's style to fix.
        if !cx.origin().is_authored()
            || !rules::RULES.iter().any(|r| r.scope != precheck_core::Scope::Repo && out.enabled(r))
        {
            return;
        }
        let settings = config::Settings::of(cx.config);
        tree::check(cx, &settings, out);
    }

    fn check_repo(&self, cx: &RepoCtx<'_>, out: &mut Sink) {
        mapper::check_repo(cx, out);
    }
}
