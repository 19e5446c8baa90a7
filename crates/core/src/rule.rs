//! Rule metadata and rule selection (`ALL`, a prefix such as `SQL`, a code such as `SQL001`, or a name such as
//! `select-star`), and the per-file policy that says which rules are on and at what severity.

use std::collections::HashMap;

use crate::finding::Severity;
use crate::preset::Preset;

/// What a rule is: its stable code and name, the check that owns it, its default severity, a one-line
/// summary and a markdown explanation ("What it does / Why / Example / Use instead").
#[derive(Debug, PartialEq, Eq)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    /// The id of the check that reports it (`conflict`, `code`, …; `precheck` for PC rules).
    pub check: &'static str,
    pub default_severity: Severity,
    /// Whether the rule is in the default set: on when the configuration does not `select` rules itself.
    /// Only rules whose findings on real code are nearly all worth acting on are (benches/corpus/judged.tsv);
    /// every rule is still switched on by `ALL`, a prefix, its code or name, or a preset that holds it.
    pub default_enabled: bool,
    pub summary: &'static str,
    pub explanation: &'static str,
    /// Where the check reports it from: per file (`check_file`), once per run (`check_repo`), or both. The
    /// runner reads a file for a check only when one of its rules that is not [`Scope::Repo`] is on for it,
    /// so a run that selects only repository rules (say `--select CF002`, the merge gate) reads no file.
    pub scope: Scope,
    /// Whether the rule looks at binary files: the runner hands a binary file to a check's `check_file` only
    /// when one of its rules does, and otherwise reads a binary file only as far as it takes to see it is one.
    pub reads_binary: bool,
}

/// Where a rule is reported from (see [`RuleMeta::scope`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// From `check_file`, one file at a time.
    File,
    /// From `check_repo`, once per run: repository-wide facts (a merge, the file list, a model over many files).
    Repo,
    /// From both.
    FileAndRepo,
}

impl RuleMeta {
    /// A rule of `check`, in the default set, reported per file, on text files only. Every rule is declared
    /// this way, with the builder methods for what differs from the defaults ([`RuleMeta::opt_in`],
    /// [`RuleMeta::repo`], [`RuleMeta::file_and_repo`], [`RuleMeta::binary`]):
    ///
    /// ```
    /// use precheck_core::{RuleMeta, Severity};
    ///
    /// pub static RULE: RuleMeta = RuleMeta::new(
    ///     "sql",
    ///     "SQL001",
    ///     "select-star",
    ///     Severity::Warning,
    ///     "`SELECT *` in application SQL",
    ///     "## What it does\n…",
    /// )
    /// .opt_in();
    /// assert!(!RULE.default_enabled);
    /// ```
    pub const fn new(
        check: &'static str,
        code: &'static str,
        name: &'static str,
        default_severity: Severity,
        summary: &'static str,
        explanation: &'static str,
    ) -> RuleMeta {
        RuleMeta {
            code,
            name,
            check,
            default_severity,
            default_enabled: true,
            summary,
            explanation,
            scope: Scope::File,
            reads_binary: false,
        }
    }

    /// The same rule outside the default set.
    pub const fn opt_in(self) -> RuleMeta {
        RuleMeta { default_enabled: false, ..self }
    }

    /// The same rule, reported only from `check_repo`.
    pub const fn repo(self) -> RuleMeta {
        RuleMeta { scope: Scope::Repo, ..self }
    }

    /// The same rule, reported from both `check_file` and `check_repo`.
    pub const fn file_and_repo(self) -> RuleMeta {
        RuleMeta { scope: Scope::FileAndRepo, ..self }
    }

    /// The same rule, looking at binary files too.
    pub const fn binary(self) -> RuleMeta {
        RuleMeta { reads_binary: true, ..self }
    }
}

/// Declares a check crate's rules, one line each, in a `rules/mod.rs`: the `pub mod` of each rule file, the
/// [`RuleMeta`] list `pub static RULES: &[&RuleMeta]` in the order written, and, when the crate dispatches
/// rules through a table, that table. Each rule module holds `pub static RULE: RuleMeta`.
///
/// Without a table:
///
/// ```ignore
/// precheck_core::declare_rules! {
///     cf001_conflict_marker,
///     cf002_merge_conflict,
/// }
/// ```
///
/// With a table where every rule runs through the same function of its module (`check` here): the table holds
/// `(&RULE, module::check)` for every rule, in the order written.
///
/// ```ignore
/// precheck_core::declare_rules! {
///     /// Every rule's check over the model.
///     pub static CHECKS: [fn(&Model, &mut Out<'_, '_>)] = check;
///     zd001_malformed_xml,
///     zd002_undecodable_bytes,
/// }
/// ```
///
/// With a table of a crate's own enum, saying how each rule runs (`Run::Stmt(module::check)`): a rule whose
/// line names no variant is run by hand elsewhere and is not in the table.
///
/// ```ignore
/// precheck_core::declare_rules! {
///     pub static DISPATCH: [Run];
///     sql001_select_star => Stmt(check),
///     sql022_no_change_column_type,
///     zd101_no_table_rule => Routing(check),
/// }
/// ```
#[macro_export]
macro_rules! declare_rules {
    (
        $(#[$attr:meta])*
        $vis:vis static $table:ident: [$entry:ident];
        $( $rule:ident $( => $variant:ident ( $($f:ident),+ ) )? ),+ $(,)?
    ) => {
        $crate::declare_rules!($($rule),+);
        $(#[$attr])*
        $vis static $table: &[(&$crate::RuleMeta, $entry)] = &[
            $( $( (&$rule::RULE, $entry::$variant($($rule::$f),+)), )? )+
        ];
    };
    (
        $(#[$attr:meta])*
        $vis:vis static $table:ident: [$entry:ty] = $f:ident;
        $( $rule:ident ),+ $(,)?
    ) => {
        $crate::declare_rules!($($rule),+);
        $(#[$attr])*
        $vis static $table: &[(&$crate::RuleMeta, $entry)] = &[ $( (&$rule::RULE, $rule::$f) ),+ ];
    };
    ( $( $rule:ident ),+ $(,)? ) => {
        $( pub mod $rule; )+
        /// Every rule declared here, in the order listed.
        pub static RULES: &[&$crate::RuleMeta] = &[ $( &$rule::RULE ),+ ];
    };
}

/// One rule list made of several, at compile time: for a check whose rules are declared in several modules
/// (`concat_rules!(text::RULES, rust::RULES)`, each a [`declare_rules!`] list). Gives `&'static [&'static
/// RuleMeta]`.
#[macro_export]
macro_rules! concat_rules {
    ( $( $part:expr ),+ $(,)? ) => {{
        const LEN: usize = 0 $( + $part.len() )+;
        static ALL: [&$crate::RuleMeta; LEN] = $crate::rule::concat::<LEN>(&[ $( $part ),+ ]);
        &ALL
    }};
}

/// The rules of `parts`, in order, as one array of exactly `N` (what [`concat_rules!`] expands to).
///
/// # Panics
///
/// When `N` is not the number of rules in `parts`: at compile time, where the array is a static.
pub const fn concat<const N: usize>(parts: &[&[&'static RuleMeta]]) -> [&'static RuleMeta; N] {
    const NONE: &RuleMeta = &RuleMeta::new("", "", "", Severity::Info, "", "");
    let mut all = [NONE; N];
    let (mut part, mut n) = (0, 0);
    while part < parts.len() {
        let mut i = 0;
        while i < parts[part].len() {
            all[n] = parts[part][i];
            n += 1;
            i += 1;
        }
        part += 1;
    }
    assert!(n == N, "concat: N is not the number of rules");
    all
}

/// How precisely a selector names a rule; the most specific matching selector decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Specificity {
    All,
    /// A code prefix; the number is its length, so `SQL01` beats `SQL0` beats `SQL`.
    Prefix(usize),
    Exact,
}

/// One entry of `select`, `ignore`, a severity table or `--select`: `ALL`, a code prefix, a code or a name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RuleSelector(String);

impl RuleSelector {
    /// Wraps a selector as written; [`RuleSelector::matches`] interprets it.
    pub fn new(text: &str) -> RuleSelector {
        RuleSelector(text.trim().to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// How specifically this selector names `rule`, or `None` when it does not match it.
    pub fn matches(&self, rule: &RuleMeta) -> Option<Specificity> {
        let s = self.0.as_str();
        if s.eq_ignore_ascii_case("ALL") {
            return Some(Specificity::All);
        }
        if s.eq_ignore_ascii_case(rule.code) || s == rule.name {
            return Some(Specificity::Exact);
        }
        // A prefix of the code, in any case, at least its letters (`SQL`, `sql01`; not `S`). No allocation:
        // resolving a selection asks this for every rule and selector.
        let letters = rule.code.trim_end_matches(|c: char| c.is_ascii_digit());
        let code = rule.code.as_bytes();
        if s.len() >= letters.len() && s.len() < code.len() && code[..s.len()].eq_ignore_ascii_case(s.as_bytes()) {
            return Some(Specificity::Prefix(s.len()));
        }
        None
    }

    /// Whether this selector names at least one of `rules`.
    pub fn matches_any<'r>(&self, rules: impl IntoIterator<Item = &'r RuleMeta>) -> bool {
        rules.into_iter().any(|r| self.matches(r).is_some())
    }
}

/// Which rules are on, and the severity each one reports at, for one set of files.
#[derive(Clone, Debug, Default)]
pub struct RulePolicy {
    enabled: HashMap<&'static str, Option<Severity>>,
}

/// One layer of selection: a `[rules]` table, an `[[overrides]]` entry, or the command line.
#[derive(Clone, Debug, Default)]
pub struct SelectionLayer {
    pub select: Vec<RuleSelector>,
    pub ignore: Vec<RuleSelector>,
    pub severity: Vec<(RuleSelector, Severity)>,
}

impl SelectionLayer {
    /// The layer every selection starts from when the configuration names no rules of its own: the default
    /// set of `rules` (exact codes), plus the rules `presets` hold. Its own layer, so that a later `ignore` of
    /// a prefix still switches a default rule off.
    pub fn defaults<'r>(rules: impl IntoIterator<Item = &'r RuleMeta>, presets: &[&Preset]) -> SelectionLayer {
        let mut select: Vec<RuleSelector> =
            rules.into_iter().filter(|r| r.default_enabled).map(|r| RuleSelector::new(r.code)).collect();
        select.extend(presets.iter().flat_map(|p| p.rules.iter().map(|s| RuleSelector::new(s))));
        SelectionLayer { select, ignore: Vec::new(), severity: Vec::new() }
    }

    /// `Some(true)` if this layer turns `rule` on, `Some(false)` off, `None` if it says nothing of it.
    /// The most specific selector wins; on a tie, ignore wins.
    fn decide(&self, rule: &RuleMeta) -> Option<bool> {
        let best = |list: &[RuleSelector]| list.iter().filter_map(|s| s.matches(rule)).max();
        match (best(&self.select), best(&self.ignore)) {
            (None, None) => None,
            (Some(_), None) => Some(true),
            (None, Some(_)) => Some(false),
            (Some(s), Some(i)) => Some(s > i),
        }
    }

    fn severity_for(&self, rule: &RuleMeta) -> Option<Severity> {
        self.severity
            .iter()
            .filter_map(|(s, sev)| s.matches(rule).map(|spec| (spec, *sev)))
            .max_by_key(|(spec, _)| *spec)
            .map(|(_, sev)| sev)
    }
}

impl RulePolicy {
    /// Resolves `layers` in order (later layers win) over `rules`. A rule that no layer mentions is off.
    pub fn resolve<'r>(rules: impl IntoIterator<Item = &'r RuleMeta>, layers: &[&SelectionLayer]) -> RulePolicy {
        let mut enabled = HashMap::new();
        for rule in rules {
            let mut on = false;
            let mut severity = None;
            for layer in layers {
                if let Some(decision) = layer.decide(rule) {
                    on = decision;
                }
                if let Some(sev) = layer.severity_for(rule) {
                    severity = Some(sev);
                }
            }
            if on {
                enabled.insert(rule.code, severity);
            }
        }
        RulePolicy { enabled }
    }

    /// Every rule on, at its own severity (for tests and library users who want everything).
    pub fn all<'r>(rules: impl IntoIterator<Item = &'r RuleMeta>) -> RulePolicy {
        RulePolicy { enabled: rules.into_iter().map(|r| (r.code, None)).collect() }
    }

    pub fn is_enabled(&self, code: &str) -> bool {
        self.enabled.contains_key(code)
    }

    /// The configured severity for `code`, if the configuration overrides it.
    pub fn severity_override(&self, code: &str) -> Option<Severity> {
        self.enabled.get(code).copied().flatten()
    }

    /// Whether any rule of `check` is on.
    pub fn any_enabled<'r>(&self, rules: impl IntoIterator<Item = &'r RuleMeta>) -> bool {
        rules.into_iter().any(|r| self.is_enabled(r.code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static SELECT_STAR: RuleMeta = RuleMeta::new("sql", "SQL001", "select-star", Severity::Warning, "", "");
    static NO_WHERE: RuleMeta = RuleMeta::new("sql", "SQL012", "dml-without-where", Severity::Error, "", "").opt_in();

    fn sel(list: &[&str]) -> Vec<RuleSelector> {
        list.iter().map(|s| RuleSelector::new(s)).collect()
    }

    #[test]
    fn a_rule_is_per_file_and_text_only_unless_its_builders_say_otherwise() {
        assert_eq!((SELECT_STAR.scope, SELECT_STAR.reads_binary), (Scope::File, false));
        static MERGE: RuleMeta = RuleMeta::new("conflict", "CF002", "merge", Severity::Error, "", "").opt_in().repo();
        assert_eq!((MERGE.scope, MERGE.default_enabled), (Scope::Repo, false));
        static BOTH: RuleMeta =
            RuleMeta::new("sql", "SQL190", "parse", Severity::Error, "", "").file_and_repo().binary();
        assert_eq!((BOTH.scope, BOTH.reads_binary), (Scope::FileAndRepo, true));
    }

    #[test]
    fn selectors_match_code_name_prefix_and_all() {
        assert_eq!(RuleSelector::new("ALL").matches(&SELECT_STAR), Some(Specificity::All));
        assert_eq!(RuleSelector::new("sql001").matches(&SELECT_STAR), Some(Specificity::Exact));
        assert_eq!(RuleSelector::new("select-star").matches(&SELECT_STAR), Some(Specificity::Exact));
        assert_eq!(RuleSelector::new("SQL").matches(&SELECT_STAR), Some(Specificity::Prefix(3)));
        assert_eq!(RuleSelector::new("SQL0").matches(&SELECT_STAR), Some(Specificity::Prefix(4)));
        assert_eq!(RuleSelector::new("SQ").matches(&SELECT_STAR), None);
        assert_eq!(RuleSelector::new("SQL002").matches(&SELECT_STAR), None);
        assert_eq!(RuleSelector::new("TXT").matches(&SELECT_STAR), None);
        assert_eq!(RuleSelector::new("sql00").matches(&SELECT_STAR), Some(Specificity::Prefix(5)));
        assert_eq!(RuleSelector::new("SQL0011").matches(&SELECT_STAR), None);
        assert_eq!(RuleSelector::new("SQLé").matches(&SELECT_STAR), None);
    }

    #[test]
    fn rules_outside_the_default_set_are_on_with_all_or_a_prefix() {
        static AUDIT: RuleMeta = RuleMeta::new("sql", "SQL099", "audit", Severity::Error, "", "").opt_in();
        for selector in ["ALL", "SQL", "SQL0", "audit"] {
            let layer = SelectionLayer { select: sel(&[selector]), ignore: vec![], severity: vec![] };
            assert!(RulePolicy::resolve([&AUDIT], &[&layer]).is_enabled("SQL099"), "{selector}");
        }
        let defaults = SelectionLayer::defaults([&AUDIT, &SELECT_STAR], &[]);
        let policy = RulePolicy::resolve([&AUDIT, &SELECT_STAR], &[&defaults]);
        assert!(!policy.is_enabled("SQL099"));
        assert!(policy.is_enabled("SQL001"));
    }

    #[test]
    fn most_specific_selector_wins_and_later_layers_override() {
        let base = SelectionLayer { select: sel(&["ALL"]), ignore: sel(&["SQL"]), severity: vec![] };
        let policy = RulePolicy::resolve([&SELECT_STAR, &NO_WHERE], &[&base]);
        assert!(!policy.is_enabled("SQL001"));
        let back = SelectionLayer { select: sel(&["SQL001"]), ignore: vec![], severity: vec![] };
        let policy = RulePolicy::resolve([&SELECT_STAR, &NO_WHERE], &[&base, &back]);
        assert!(policy.is_enabled("SQL001"));
        assert!(!policy.is_enabled("SQL012"));
        let sev = SelectionLayer {
            select: vec![],
            ignore: vec![],
            severity: vec![(RuleSelector::new("SQL"), Severity::Info), (RuleSelector::new("SQL001"), Severity::Error)],
        };
        let policy = RulePolicy::resolve([&SELECT_STAR, &NO_WHERE], &[&base, &back, &sev]);
        assert_eq!(policy.severity_override("SQL001"), Some(Severity::Error));
    }
}
