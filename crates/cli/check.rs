//! `precheck check` and `precheck baseline write`: configuration, the run, rendering and the exit code.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use precheck_core::{Config, HeadSource, Input, Report};
use precheck_report::{Format, RenderOptions};

use crate::Fatal;
use crate::args::CheckArgs;
use crate::progress;

/// Builds the runner's input from the command line.
pub fn input(dir: &Path, args: &CheckArgs) -> Input {
    let head = match (&args.head, args.staged) {
        (Some(rev), _) => HeadSource::Rev(rev.clone()),
        (None, true) => HeadSource::Staged,
        (None, false) => HeadSource::WorkTree,
    };
    Input {
        dir: dir.to_path_buf(),
        head,
        base: args.base.clone(),
        paths: args.paths.clone(),
        only: args.only.clone(),
        selection: precheck_core::CliSelection {
            select: args.select.clone(),
            extend_select: args.extend_select.clone(),
            presets: args.preset.clone(),
            ignore: args.ignore.clone(),
        },
        diff_mode: args.diff_mode,
        no_group: args.no_group,
        cache_dir: crate::cache::dir_for(dir),
        baseline: args.baseline.clone(),
        pushed_ref: None,
        jobs: args.jobs.map(|j| {
            let max = precheck_runner::max_useful_jobs();
            if j > max {
                eprintln!("precheck: warning: -j {j} is more threads than help here; using {max}");
            }
            j.min(max)
        }),
        progress: None,
        // Only the human format quotes source lines.
        without_sources: format_for(args) != Format::Human,
        shard: None,
    }
}

/// Runs the check and returns the report with the effective configuration.
pub fn execute(dir: &Path, args: &CheckArgs, explicit_config: Option<&Path>) -> Result<(Report, Config), Fatal> {
    let started = Instant::now();
    let shard = args.shard.as_deref().map(str::parse::<precheck_core::Shard>).transpose().map_err(Fatal)?;
    if shard.is_some() && args.statistics {
        return Err(Fatal(
            "--statistics counts a whole run: merge the shards first (`precheck report merge --statistics`)".into(),
        ));
    }
    if let (true, Some(base)) = (args.fetch_missing, &args.base) {
        crate::fetch::merge_base(dir, base, args.head.as_deref().unwrap_or("HEAD"))?;
    }
    let sources = crate::config::Sources { explicit: explicit_config, committed_at: args.head.as_deref(), repo: None };
    let config = crate::config::load(dir, sources)?;
    let mut input = input(dir, args);
    input.shard = shard;
    if let Some(bar) = progress::Bar::new() {
        input.progress = Some(Arc::new(bar));
    }
    let checks = precheck_checks::builtin();
    let report = precheck_runner::run(&config, &input, &checks)?;
    tracing::debug!(
        "checked {} files in {:.1} ms: {} findings",
        report.files,
        started.elapsed().as_secs_f64() * 1000.0,
        report.findings.len()
    );
    Ok((report, config))
}

pub fn run(dir: &Path, args: &CheckArgs, explicit_config: Option<&Path>) -> Result<u8, Fatal> {
    let (report, config) = execute(dir, args, explicit_config)?;
    let fail_on = args.fail_on.unwrap_or(config.fail_on);
    render(&report, args, fail_on)?;
    Ok(u8::from(report.findings.iter().any(|f| fail_on.fails(f.severity))))
}

/// Renders the report to standard output or `--output`; `fail_on` is the run's (JUnit fails only on it).
pub fn render(report: &Report, args: &CheckArgs, fail_on: precheck_core::FailOn) -> Result<(), Fatal> {
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let format = format_for(args);
    if args.statistics {
        return crate::output::write_to(args.output.as_deref(), |out| match format {
            Format::Json => precheck_report::statistics::write_json(report, out),
            _ => {
                precheck_report::statistics::write_table(report, out)?;
                writeln!(out, "{}", precheck_report::summary_line(&report.summary()))
            }
        });
    }
    let security = precheck_checks::security_severity();
    let options = RenderOptions {
        color: progress::color_allowed(to_terminal),
        tool_version: env!("CARGO_PKG_VERSION"),
        width: None,
        fail_on,
        category: args.category.as_deref().unwrap_or_default(),
        security_severity: &security,
    };
    crate::output::write_to(args.output.as_deref(), |out| precheck_report::render(format, report, &options, out))
}

/// The output format: `--format`, else human on a terminal and concise otherwise.
pub fn format_for(args: &CheckArgs) -> Format {
    match args.format {
        Some(f) => f,
        None if args.output.is_none() && std::io::stdout().is_terminal() => Format::Human,
        None => Format::Concise,
    }
}

/// `precheck baseline write FILE`: every finding of the run goes into FILE.
pub fn write_baseline(dir: &Path, file: &Path, args: &CheckArgs, explicit_config: Option<&Path>) -> Result<u8, Fatal> {
    if args.shard.is_some() {
        return Err(Fatal("a baseline holds every finding of a run: write it without --shard".into()));
    }
    // Every line on its own: a check with the baseline filters line by line before it groups.
    let (report, _) = execute(dir, &CheckArgs { no_group: true, ..args.clone() }, explicit_config)?;
    let mut out = Vec::new();
    precheck_core::baseline::write(&report.findings, &mut out)?;
    std::fs::write(file, out).map_err(|e| Fatal(format!("cannot write {}: {e}", file.display())))?;
    eprintln!("wrote {} findings to {}", report.findings.len(), file.display());
    Ok(0)
}
