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
}

impl RuleMeta {
    /// A rule of `check`, in the default set. Every rule is declared this way, with the builder methods for
    /// what differs from the defaults:
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
        RuleMeta { code, name, check, default_severity, default_enabled: true, summary, explanation }
    }

    /// The same rule outside the default set.
    pub const fn opt_in(self) -> RuleMeta {
        RuleMeta { default_enabled: false, ..self }
    }
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
        let letters = rule.code.trim_end_matches(|c: char| c.is_ascii_digit());
        let upper = s.to_ascii_uppercase();
        if upper.len() < rule.code.len() && upper.starts_with(letters) && rule.code.starts_with(&upper) {
            return Some(Specificity::Prefix(upper.len()));
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
    fn selectors_match_code_name_prefix_and_all() {
        assert_eq!(RuleSelector::new("ALL").matches(&SELECT_STAR), Some(Specificity::All));
        assert_eq!(RuleSelector::new("sql001").matches(&SELECT_STAR), Some(Specificity::Exact));
        assert_eq!(RuleSelector::new("select-star").matches(&SELECT_STAR), Some(Specificity::Exact));
        assert_eq!(RuleSelector::new("SQL").matches(&SELECT_STAR), Some(Specificity::Prefix(3)));
        assert_eq!(RuleSelector::new("SQL0").matches(&SELECT_STAR), Some(Specificity::Prefix(4)));
        assert_eq!(RuleSelector::new("SQ").matches(&SELECT_STAR), None);
        assert_eq!(RuleSelector::new("SQL002").matches(&SELECT_STAR), None);
        assert_eq!(RuleSelector::new("TXT").matches(&SELECT_STAR), None);
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
