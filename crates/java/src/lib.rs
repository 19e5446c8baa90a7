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
mod meet;
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

    /// What the check's repository work (the mapper rules, JV050…) reads: mapper XML, the Java interfaces they
    /// bind ([`mapper::is_input`]) and the classes those name (parameter types). Two branches adding one
    /// statement id to a mapper merge cleanly into a duplicate; one dropping a property of a parameter class
    /// and one adding a statement that reads it merge cleanly into a statement MyBatis cannot bind. A POM, a
    /// Spring file or a service class changed on each side does not re-run the mapper pass on the merge (on
    /// litemall's matrix, most of the pairs that re-ran it); the per-file rules see a Java file both sides
    /// changed whatever this says (the semantic re-run checks such files itself).
    fn inputs_changed(
        &self,
        changes: &precheck_core::ChangeSet,
        source: &dyn precheck_core::FileSource,
        _config: &precheck_core::Config,
        memo: Option<&precheck_core::Memo>,
    ) -> bool {
        mapper::changes_input(changes, source, memo)
    }

    /// Two changes meet in the mapper pass only through a namespace both reach, a qualified reference, or a
    /// class one changes that the other's namespaces name ([`meet`]).
    fn changes_meet(
        &self,
        a: &precheck_core::ChangeSet,
        a_source: &dyn precheck_core::FileSource,
        b: &precheck_core::ChangeSet,
        b_source: &dyn precheck_core::FileSource,
        memo: Option<&precheck_core::Memo>,
    ) -> bool {
        meet::changes_meet(a, a_source, b, b_source, memo)
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
