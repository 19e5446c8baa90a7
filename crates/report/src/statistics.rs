//! Per-rule counts, as `ruff --statistics` prints them: the closing table of a long `human` report, and what
//! `precheck check --statistics` prints instead of the findings.

use std::collections::BTreeMap;
use std::io::{self, Write};

use precheck_core::{Report, Severity};

/// From how many findings the `human` report ends with the table.
pub const HUMAN_THRESHOLD: usize = 50;

/// One rule's line: its count, code, name and the most severe level it was reported at.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RuleCount {
    pub code: &'static str,
    pub name: &'static str,
    pub count: usize,
    pub severity: &'static str,
}

/// The count of each rule with findings, most findings first, then by code.
pub fn counts(report: &Report) -> Vec<RuleCount> {
    let mut by_code: BTreeMap<&'static str, (&'static str, usize, Severity)> = BTreeMap::new();
    for f in &report.findings {
        let entry = by_code.entry(f.code).or_insert((f.name, 0, f.severity));
        entry.1 += 1;
        entry.2 = entry.2.max(f.severity);
    }
    let mut out: Vec<RuleCount> = by_code
        .into_iter()
        .map(|(code, (name, count, severity))| RuleCount { code, name, count, severity: severity.as_str() })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
    out
}

/// The table: `  count  CODE     name  (level)` per rule.
pub fn write_table(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let rows = counts(report);
    let width = rows.iter().map(|r| r.count.to_string().len()).max().unwrap_or(1);
    let name_width = rows.iter().map(|r| r.name.len()).max().unwrap_or(0);
    for r in rows {
        writeln!(out, "{:>width$}  {:<7}  {:<name_width$}  {}", r.count, r.code, r.name, r.severity)?;
    }
    Ok(())
}

/// `--statistics` as JSON: `{"version": 1, "statistics": [{code, name, count, severity}], "summary": …}`.
pub fn write_json(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let doc = serde_json::json!({
        "version": crate::json::VERSION,
        "statistics": counts(report),
        "summary": report.summary(),
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use precheck_core::{Finding, RuleMeta, Span};

    use super::*;

    static A: RuleMeta = RuleMeta::new("code", "TXT001", "trailing-whitespace", Severity::Warning, "", "").opt_in();
    static B: RuleMeta = RuleMeta::new("code", "SQL010", "update-set-and", Severity::Error, "", "").opt_in();

    #[test]
    fn most_findings_first_then_by_code() {
        let finding = |rule: &'static RuleMeta| Finding::new(rule, Span::file(Arc::from("a")), "m");
        let report = Report { findings: vec![finding(&B), finding(&A), finding(&A)], ..Report::default() };
        let mut out = Vec::new();
        write_table(&report, &mut out).expect("write");
        assert_eq!(
            String::from_utf8_lossy(&out),
            "2  TXT001   trailing-whitespace  warning\n1  SQL010   update-set-and       error\n"
        );
    }
}
