//! `precheck report merge`: the JSON reports of the shards of a run (`check --shard I/N --format json`)
//! merged into the report of the unsharded run and rendered as `check` renders it, with `check`'s exit code.

use crate::Fatal;
use crate::args::{CheckArgs, MergeArgs};

pub fn merge(args: &MergeArgs) -> Result<u8, Fatal> {
    let rules = precheck_checks::all_rules(&precheck_checks::builtin());
    let mut reports = Vec::with_capacity(args.reports.len());
    let mut run_fail_on: Option<(precheck_core::FailOn, String)> = None;
    for path in &args.reports {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| Fatal(format!("cannot read {name}: {e}")))?;
        let parsed = precheck_report::json::parse(&text, &rules, env!("CARGO_PKG_VERSION"))
            .map_err(|e| Fatal(format!("{name}: {e}")))?;
        match &run_fail_on {
            Some((fail_on, first)) if *fail_on != parsed.fail_on => {
                return Err(Fatal(format!(
                    "{name} ran with fail-on `{}` but {first} with `{}`; merge the shards of one run",
                    parsed.fail_on.as_str(),
                    fail_on.as_str()
                )));
            }
            Some(_) => {}
            None => run_fail_on = Some((parsed.fail_on, name.clone())),
        }
        reports.push((name, parsed.report));
    }
    let report = precheck_runner::merge(reports).map_err(Fatal)?;
    let fail_on = args.fail_on.or(run_fail_on.map(|(f, _)| f)).unwrap_or_default();
    let render_args = CheckArgs {
        format: args.format,
        output: args.output.clone(),
        category: args.category.clone(),
        statistics: args.statistics,
        ..CheckArgs::default()
    };
    crate::check::render(&report, &render_args, fail_on)?;
    Ok(u8::from(report.findings.iter().any(|f| fail_on.fails(f.severity))))
}
