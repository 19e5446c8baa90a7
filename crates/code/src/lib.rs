//! precheck-code: the `code` check (code.md).
//!
//! It owns language-agnostic text and repository hygiene (`TXT001`–`TXT022`), secret detection
//! (`TXT101`–`TXT108`) and Rust source rules on one shared `syn` parse per file (`RS001`–`RS021`). Rules live
//! one per file under `rules/` (`text/`, `secrets/`, `rust/`), each with its metadata, explanation and logic;
//! the engines they share live beside them: the `[code]` configuration, the per-line facts and helpers
//! (`lines`), the Rust visitor (`rust`), and the secrets (`secrets`: the engine, custom tables and the
//! secret rules themselves). Work is dispatched by tier so
//! that line rules never pay for a parse: per file in [`CodeCheck::check_file`], path and mode rules over the
//! run's file list in [`CodeCheck::check_repo`].

#![warn(clippy::string_slice)]

mod config;
mod lines;
pub mod rules;
mod rust;
#[doc(hidden)]
pub use rust::prescan;
pub mod secrets;

use precheck_core::{
    ChangeKind, ChangeSet, Check, Config, FileCtx, FileInfo, FileMode, FileSource, RepoCtx, RuleMeta, Sink,
};

pub use config::CodeConfig;
use config::Settings;
use rules::{rust as rs, text as txt};
use secrets::rules as sec;

/// The `code` check.
#[derive(Debug, Default)]
pub struct CodeCheck;

/// Every rule of the check, in code order: text, secrets, Rust.
static RULES: &[&RuleMeta] = precheck_core::concat_rules!(txt::RULES, sec::RULES, rs::RULES);

impl Check for CodeCheck {
    fn id(&self) -> &'static str {
        "code"
    }

    fn rules(&self) -> &'static [&'static RuleMeta] {
        RULES
    }

    fn config(&self) -> Option<&'static precheck_core::config_spec::ConfigSpec> {
        Some(&CodeConfig::SPEC)
    }

    fn wants(&self, file: &FileInfo) -> bool {
        // Symlinks and gitlinks have no content to scan: their rules run in `check_repo` on the file list.
        matches!(file.mode, FileMode::Regular | FileMode::Executable)
    }

    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let settings = Settings::of(cx.config);
        let file = lines::FileScan::new(cx, &settings);
        // Hygiene, long-line, entropy and Rust rules judge how the project writes files: vendored,
        // generated and minified files are left to whoever made them (precheck_core::origin).
        let authored = cx.origin().is_authored();
        // Encoding first: the other text rules read the decoded text either way.
        if authored {
            txt::txt021_invalid_utf8::check(cx, out);
            txt::txt005_byte_order_mark::check(cx, out);
        }
        txt::txt022_encoding_mismatch::check(cx, out);
        txt::txt010_executable_without_shebang::check(cx, out);
        txt::txt011_shebang_not_executable::check(cx, out);
        txt::txt013_new_submodule::check_file(cx, out);
        if authored {
            txt::txt001_trailing_whitespace::check(cx, &file, &settings, out);
            txt::txt002_missing_final_newline::check(cx, out);
            txt::txt003_trailing_blank_lines::check(cx, out);
            txt::txt004_mixed_line_endings::check(cx, &file, out);
            txt::txt019_branch_permalink::check(cx, &file, out);
            txt::txt020_todo_comment::check(cx, &file, &settings, out);
        }
        txt::txt015_invalid_json::check(cx, out);
        txt::txt016_invalid_yaml::check(cx, &settings, out);
        txt::txt017_invalid_toml::check(cx, out);
        txt::txt018_invalid_xml::check(cx, out);
        secrets::check(cx, &file, &settings, out);
        if authored && cx.info.extension() == "rs" {
            rust::check(cx, &settings, out);
        }
        if authored {
            file.report_long_lines(cx, out);
        }
    }

    /// The repository rules read the file list (which paths there are, their modes, the sizes of added
    /// files), symlink targets, `.gitattributes` and the configured secret rule files. A regular file's content
    /// changed in place reaches none of them but those files: it is the per-file pass's, which a semantic
    /// comparison re-runs on the paths both sides changed. So a change counts when it adds, deletes, renames or
    /// retypes a path, changes a symlink, or edits a `.gitattributes` or (when `[code]` names any) a secret
    /// rule file: a release train whose branches only edit files does not re-run the list rules on every pair.
    /// In line with TXT006's reading ("an added file"), a file both sides edit that only the merge pushes over
    /// `max-kb` is not looked for.
    fn inputs_changed(
        &self,
        changes: &ChangeSet,
        _source: &dyn FileSource,
        config: &Config,
        _memo: Option<&precheck_core::Memo>,
    ) -> bool {
        let settings = Settings::of(config);
        let tables = !settings.config.secret_rules.is_empty() || !settings.config.secrets_config.trim().is_empty();
        changes.files.iter().any(|(path, change)| {
            let in_place = change.kind == ChangeKind::Modified
                && change.old_mode == change.new_mode
                && matches!(FileMode::from_git(change.new_mode), FileMode::Regular | FileMode::Executable);
            !in_place || tables || path.rsplit('/').next() == Some(".gitattributes")
        })
    }

    fn check_repo(&self, cx: &RepoCtx<'_>, out: &mut Sink) {
        let settings = Settings::of(cx.config);
        txt::txt006_large_file::check_repo(cx, &settings, out);
        txt::txt007_case_conflict::check_repo(cx, out);
        txt::txt008_broken_symlink::check_repo(cx, out);
        txt::txt009_destroyed_symlink::check_repo(cx, out);
        txt::txt012_illegal_windows_name::check_repo(cx, out);
        txt::txt013_new_submodule::check_repo(cx, out);
        txt::txt014_protected_branch::check_repo(cx, &settings, out);
        sec::txt102_pkcs12_file::check_repo(cx, out);
        secrets::custom::check_repo(cx, out);
    }

    fn prepare(&self, config: &Config, source: &dyn FileSource) -> Result<Option<String>, String> {
        let settings = Settings::of(config);
        Ok(secrets::custom::load_secrets_config(&settings.config, source)?.map(|(_, read)| read))
    }
}
