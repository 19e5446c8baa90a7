//! `junit`: JUnit XML for CI test-report views (GitLab, Jenkins, Azure, GitHub test reporters).
//!
//! The mapping: `<testsuites name="precheck">` holds one `<testsuite>` per check (`conflict`, `sql`, …, and
//! `precheck` for PC rules), in check-id order. Inside a suite, rule by rule in code order:
//!
//! - each finding at or above the run's `fail-on` is a test case with one `<failure>`, named
//!   `CODE name at path:line:col` (`at path` for a file-level finding): a CI view then fails exactly when
//!   precheck's exit code does;
//! - findings below it are no test cases: they are listed in the suite's `<system-out>`, visible without
//!   failing anything;
//! - a rule of the run ([`Report::rules`]: deselected rules are not) without failing findings is one passing
//!   test case named `CODE name`.
//!
//! `classname` is `precheck.<check>` (`precheck` for PC rules), so report views group cases by check. There are no `time` attributes:
//! precheck does not time rules, and the output must not change from run to run.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use precheck_core::{FailOn, Finding, Report};

use crate::{location, xml};

#[derive(Default)]
struct Rule<'a> {
    name: &'a str,
    findings: Vec<&'a Finding>,
}

struct Case {
    name: String,
    /// `(message, type, body)` of the failure, if the case fails.
    failure: Option<(String, String, String)>,
}

/// One check's test cases, and the text of its findings below `fail-on`.
struct Suite<'a> {
    check: &'a str,
    cases: Vec<Case>,
    below: Vec<String>,
}

/// Writes `report` as a JUnit XML document; findings at or above `fail_on` fail.
pub fn render(report: &Report, fail_on: FailOn, out: &mut dyn Write) -> io::Result<()> {
    // check id → rule code → rule
    let mut checks: BTreeMap<&str, BTreeMap<&str, Rule<'_>>> = BTreeMap::new();
    for rule in &report.rules {
        checks.entry(rule.check).or_default().entry(rule.code).or_default().name = rule.name;
    }
    for f in &report.findings {
        let rule = checks.entry(f.check).or_default().entry(f.code).or_default();
        rule.name = f.name;
        rule.findings.push(f);
    }

    let suites: Vec<Suite<'_>> = checks
        .iter()
        .map(|(check, rules)| {
            let below = rules.values().flat_map(|r| &r.findings).filter(|f| !fail_on.fails(f.severity));
            let cases = rules.iter().flat_map(|(code, r)| cases(code, r, fail_on)).collect();
            Suite { check, cases, below: below.map(|f| details(f)).collect() }
        })
        .collect();
    let count = |cases: &[Case]| (cases.len(), cases.iter().filter(|c| c.failure.is_some()).count());
    let (tests, failures) = suites.iter().map(|s| count(&s.cases)).fold((0, 0), |(t, f), (t2, f2)| (t + t2, f + f2));

    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<testsuites name="precheck" tests="{tests}" failures="{failures}" errors="0">"#)?;
    for suite in &suites {
        let (tests, failures) = count(&suite.cases);
        writeln!(
            out,
            r#"  <testsuite name="{}" tests="{tests}" failures="{failures}" errors="0" skipped="0">"#,
            xml::attr(suite.check)
        )?;
        let classname = if suite.check == "precheck" {
            "precheck".to_string()
        } else {
            xml::attr(&format!("precheck.{}", suite.check))
        };
        for case in &suite.cases {
            let name = xml::attr(&case.name);
            let Some((message, kind, body)) = &case.failure else {
                writeln!(out, r#"    <testcase name="{name}" classname="{classname}"/>"#)?;
                continue;
            };
            writeln!(out, r#"    <testcase name="{name}" classname="{classname}">"#)?;
            writeln!(
                out,
                r#"      <failure message="{}" type="{}">{}</failure>"#,
                xml::attr(message),
                xml::attr(kind),
                xml::text(body)
            )?;
            writeln!(out, "    </testcase>")?;
        }
        if !suite.below.is_empty() {
            writeln!(out, "    <system-out>{}</system-out>", xml::text(&suite.below.join("\n")))?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

/// The rule's failing findings as failing cases, or one passing case when it has none.
fn cases(code: &str, rule: &Rule<'_>, fail_on: FailOn) -> Vec<Case> {
    let mine: Vec<&&Finding> = rule.findings.iter().filter(|f| fail_on.fails(f.severity)).collect();
    if mine.is_empty() {
        return vec![Case { name: format!("{code} {}", rule.name), failure: None }];
    }
    mine.into_iter()
        .map(|f| Case {
            name: format!("{} {} at {}", f.code, f.name, location(&f.primary)),
            failure: Some((f.message.clone(), f.code.to_string(), details(f))),
        })
        .collect()
}

/// The text of a failure: where, what, the help and the labels.
fn details(f: &Finding) -> String {
    let mut text = format!("{}: {} [{}] {}", location(&f.primary), f.code, f.severity, f.message);
    if let Some(help) = &f.help {
        let _ = write!(text, "\nhelp: {help}");
    }
    for label in &f.labels {
        let _ = write!(text, "\nnote: {}: {}", location(&label.span), label.message);
    }
    text
}
