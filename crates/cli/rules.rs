//! `precheck rules` and `precheck explain`.

use std::io::Write;

use precheck_core::RuleMeta;

use crate::Fatal;
use crate::args::RulesFormat;

fn all() -> Vec<&'static RuleMeta> {
    precheck_checks::all_rules(&precheck_checks::builtin())
}

pub fn list(format: RulesFormat) -> Result<u8, Fatal> {
    let rules = all();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match format {
        RulesFormat::Json => {
            let list: Vec<serde_json::Value> = rules
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "code": r.code, "name": r.name, "check": r.check,
                        "severity": r.default_severity.as_str(), "summary": r.summary, "explanation": r.explanation,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &list)?;
            writeln!(out)?;
        }
        RulesFormat::Table => {
            let name_width = rules.iter().map(|r| r.name.len()).max().unwrap_or(0);
            let check_width = rules.iter().map(|r| r.check.len()).max().unwrap_or(0);
            for r in rules {
                writeln!(
                    out,
                    "{:<7} {:<name_width$}  {:<check_width$}  {:<7}  {}",
                    r.code,
                    r.name,
                    r.check,
                    r.default_severity.as_str(),
                    r.summary
                )?;
            }
        }
    }
    Ok(0)
}

pub fn explain(wanted: &str) -> Result<u8, Fatal> {
    let rules = all();
    let rule = rules
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(wanted) || r.name == wanted)
        .ok_or_else(|| Fatal(format!("unknown rule `{wanted}` (see `precheck rules`)")))?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "# {} {}\n", rule.code, rule.name)?;
    writeln!(out, "Check: {} · default severity: {}\n", rule.check, rule.default_severity)?;
    writeln!(out, "{}\n", rule.summary)?;
    write!(out, "{}", rule.explanation)?;
    if !rule.explanation.ends_with('\n') {
        writeln!(out)?;
    }
    Ok(0)
}
