//! Rule metadata and rule selection (`ALL`, a prefix such as `SQL`, a code such as `SQL001`, or a name such as
//! `select-star`), and the per-file policy that says which rules are on and at what severity.

use std::collections::HashMap;

use crate::finding::Severity;

/// What a rule is: its stable code and name, the check that owns it, its default severity, a one-line
/// summary and a markdown explanation ("What it does / Why / Example / Use instead").
#[derive(Debug, PartialEq, Eq)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    /// The id of the check that reports it (`conflict`, `code`, …; `precheck` for PC rules).
    pub check: &'static str,
    pub default_severity: Severity,
    /// Whether `ALL` or a prefix turns the rule on. An opt-in rule (`false`, e.g. audit-only rules) runs
    /// only when selected by its exact code or name.
    pub default_enabled: bool,
    pub summary: &'static str,
    pub explanation: &'static str,
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
    /// `Some(true)` if this layer turns `rule` on, `Some(false)` off, `None` if it says nothing of it.
    /// The most specific selector wins; on a tie, ignore wins.
    fn decide(&self, rule: &RuleMeta) -> Option<bool> {
        let best = |list: &[RuleSelector]| list.iter().filter_map(|s| s.matches(rule)).max();
        let selected = best(&self.select);
        // An opt-in rule is only switched on by its own code or name.
        let selected = if rule.default_enabled { selected } else { selected.filter(|s| *s == Specificity::Exact) };
        match (selected, best(&self.ignore)) {
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

    static SELECT_STAR: RuleMeta = RuleMeta {
        code: "SQL001",
        name: "select-star",
        check: "sql",
        default_severity: Severity::Warning,
        default_enabled: true,
        summary: "",
        explanation: "",
    };
    static NO_WHERE: RuleMeta = RuleMeta { code: "SQL012", name: "dml-without-where", ..SELECT_STAR_COPY };
    const SELECT_STAR_COPY: RuleMeta = RuleMeta {
        code: "",
        name: "",
        check: "sql",
        default_severity: Severity::Error,
        default_enabled: true,
        summary: "",
        explanation: "",
    };

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
    fn opt_in_rules_need_their_exact_code() {
        static AUDIT: RuleMeta = RuleMeta { code: "SQL099", name: "audit", default_enabled: false, ..SELECT_STAR_COPY };
        let all = SelectionLayer { select: sel(&["ALL", "SQL"]), ignore: vec![], severity: vec![] };
        assert!(!RulePolicy::resolve([&AUDIT], &[&all]).is_enabled("SQL099"));
        let exact = SelectionLayer { select: sel(&["audit"]), ignore: vec![], severity: vec![] };
        assert!(RulePolicy::resolve([&AUDIT], &[&all, &exact]).is_enabled("SQL099"));
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
