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
                        "severity": r.default_severity.as_str(), "default": r.default_enabled,
                        "presets": precheck_core::preset::holding(r),
                        "summary": r.summary, "explanation": r.explanation,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &list)?;
            writeln!(out)?;
        }
        RulesFormat::Table => {
            let name_width = rules.iter().map(|r| r.name.len()).max().unwrap_or(0);
            let check_width = rules.iter().map(|r| r.check.len()).max().unwrap_or(0);
            let presets: Vec<String> = rules.iter().map(|r| precheck_core::preset::holding(r).join(",")).collect();
            let preset_width = presets.iter().map(String::len).max().unwrap_or(0).max("presets".len());
            writeln!(
                out,
                "{:<7} {:<name_width$}  {:<check_width$}  {:<7}  {:<7}  {:<preset_width$}  summary",
                "code", "name", "check", "level", "default", "presets"
            )?;
            for (r, presets) in rules.iter().zip(&presets) {
                writeln!(
                    out,
                    "{:<7} {:<name_width$}  {:<check_width$}  {:<7}  {:<7}  {:<preset_width$}  {}",
                    r.code,
                    r.name,
                    r.check,
                    r.default_severity.as_str(),
                    if r.default_enabled { "on" } else { "-" },
                    presets,
                    r.summary
                )?;
            }
            let on = rules.iter().filter(|r| r.default_enabled).count();
            writeln!(
                out,
                "\n{on} of {} rules are on by default; `select = [\"ALL\"]` runs every rule, a preset adds its group:",
                rules.len()
            )?;
            for p in precheck_core::preset::PRESETS {
                writeln!(out, "  preset = \"{}\": {}", p.name, p.summary)?;
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
    let presets = precheck_core::preset::holding(rule);
    let on = if rule.default_enabled { "on by default" } else { "off by default" };
    let held = if presets.is_empty() { String::new() } else { format!(" · presets: {}", presets.join(", ")) };
    writeln!(out, "Check: {} · default severity: {} · {on}{held}\n", rule.check, rule.default_severity)?;
    writeln!(out, "{}\n", rule.summary)?;
    write!(out, "{}", rule.explanation)?;
    if !rule.explanation.ends_with('\n') {
        writeln!(out)?;
    }
    Ok(0)
}
