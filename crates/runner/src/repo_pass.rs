//! One check's repository pass outside a run: for library users who check content that is not in a
//! repository, and for the tests of repository rules.

use std::path::Path;
use std::sync::Arc;

use precheck_core::attributes::Attributes;
use precheck_core::{ChangeSet, Check, Config, Facts, FileSource, Finding, RepoCtx, Revision, RulePolicy, Sink};

/// What a repository pass outside a run is told of its run; the rest of [`RepoCtx`] is a run without a git
/// repository, over the working tree, with every file of the source checked.
#[derive(Clone, Copy, Debug, Default)]
pub struct RepoPass<'a> {
    /// The change the pass is proportional to (the pre-push path); `None`: a full run.
    pub changes: Option<&'a ChangeSet>,
    /// The pass runs on the base revision of a comparison.
    pub is_base: bool,
    /// The ref a push updates (`refs/heads/release/2.0`).
    pub pushed_ref: Option<&'a str>,
}

impl RepoPass<'_> {
    /// `check`'s repository findings on `source` under `config`, with every rule of the check on.
    pub fn findings(&self, check: &dyn Check, source: Arc<dyn FileSource>, config: &Config) -> Vec<Finding> {
        let attributes = Attributes::new(Arc::clone(&source), None);
        let facts = Facts::new();
        let checked = source.files().to_vec();
        let cx = RepoCtx {
            root: Path::new("."),
            git_dir: None,
            revision: &Revision::WorkTree,
            changes: self.changes,
            base: None,
            config,
            source: source.as_ref(),
            checked: &checked,
            attributes: &attributes,
            pushed_ref: self.pushed_ref,
            is_base: self.is_base,
            cache_dir: None,
            facts: &facts,
            merges: None,
            merge_run: precheck_core::MergeRun::No,
        };
        let policy = RulePolicy::all(check.rules().iter().copied());
        let mut sink = Sink::new(&policy);
        check.check_repo(&cx, &mut sink);
        sink.into_findings()
    }
}
