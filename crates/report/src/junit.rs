//! `junit`: JUnit XML for CI test-report views (GitLab, Jenkins, Azure, GitHub test reporters).
//!
//! The mapping: `<testsuites name="precheck">` holds one `<testsuite>` per check (`conflict`, `sql`, …, and
//! `precheck` for PC rules), in check-id order. Inside a suite, rule by rule in code order:
//!
//! - each `error` or `warning` finding is a test case with one `<failure>` (DESIGN: "a failure per error and
//!   warning"), named `CODE name at path:line:col` (`at path` for a file-level finding);
//! - each `info` finding is a passing test case of the same name whose `<system-out>` says what was found, so
//!   it is visible without failing the build;
//! - a rule of the run ([`Report::rules`]) without findings is one passing test case named `CODE name`.
//!
//! `classname` is `precheck.<check>` (`precheck` for PC rules), so report views group cases by check. There are no `time` attributes:
//! precheck does not time rules, and the output must not change from run to run.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use precheck_core::{Finding, Report, Severity};

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
    system_out: Option<String>,
}

/// Writes `report` as a JUnit XML document.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
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

    let suites: Vec<(&str, Vec<Case>)> = checks
        .iter()
        .map(|(check, rules)| (*check, rules.iter().flat_map(|(code, r)| cases(code, r)).collect()))
        .collect();
    let count = |cases: &[Case]| (cases.len(), cases.iter().filter(|c| c.failure.is_some()).count());
    let (tests, failures) = suites.iter().map(|(_, c)| count(c)).fold((0, 0), |(t, f), (t2, f2)| (t + t2, f + f2));

    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<testsuites name="precheck" tests="{tests}" failures="{failures}" errors="0">"#)?;
    for (check, cases) in &suites {
        let (tests, failures) = count(cases);
        writeln!(
            out,
            r#"  <testsuite name="{}" tests="{tests}" failures="{failures}" errors="0" skipped="0">"#,
            xml::attr(check)
        )?;
        let classname =
            if *check == "precheck" { "precheck".to_string() } else { xml::attr(&format!("precheck.{check}")) };
        for case in cases {
            let name = xml::attr(&case.name);
            if case.failure.is_none() && case.system_out.is_none() {
                writeln!(out, r#"    <testcase name="{name}" classname="{classname}"/>"#)?;
                continue;
            }
            writeln!(out, r#"    <testcase name="{name}" classname="{classname}">"#)?;
            if let Some((message, kind, body)) = &case.failure {
                writeln!(
                    out,
                    r#"      <failure message="{}" type="{}">{}</failure>"#,
                    xml::attr(message),
                    xml::attr(kind),
                    xml::text(body)
                )?;
            }
            if let Some(text) = &case.system_out {
                writeln!(out, "      <system-out>{}</system-out>", xml::text(text))?;
            }
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

fn cases(code: &str, rule: &Rule<'_>) -> Vec<Case> {
    if rule.findings.is_empty() {
        return vec![Case { name: format!("{code} {}", rule.name), failure: None, system_out: None }];
    }
    rule.findings
        .iter()
        .map(|f| {
            let name = format!("{} {} at {}", f.code, f.name, location(&f.primary));
            let body = details(f);
            if f.severity >= Severity::Warning {
                Case { name, failure: Some((f.message.clone(), f.code.to_string(), body)), system_out: None }
            } else {
                Case { name, failure: None, system_out: Some(body) }
            }
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
