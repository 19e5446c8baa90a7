//! `precheck check` and `precheck baseline write`: configuration, the run, rendering and the exit code.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use precheck_core::{Config, DiffMode, FailOn, HeadSource, Input, Report};
use precheck_report::{Format, RenderOptions};

use crate::Fatal;
use crate::args::{CheckArgs, DiffModeArg, FailOnArg, FormatArg};
use crate::progress;

/// Loads precheck.toml (from `dir` upward) and validates it against the built-in checks.
pub fn load_config(dir: &Path) -> Result<Config, Fatal> {
    let checks = precheck_checks::builtin();
    let rules = precheck_checks::all_rules(&checks);
    let start = dir.canonicalize().map_err(|e| Fatal(format!("cannot open directory {}: {e}", dir.display())))?;
    let config = match Config::find(&start) {
        Some(path) => {
            tracing::debug!("configuration: {}", path.display());
            Config::load(&path, precheck_core::config::FILE_NAME)?
        }
        None => Config::default(),
    };
    config.validate(&checks, &rules)?;
    Ok(config)
}

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
        diff_mode: args.diff_mode.map(|m| match m {
            DiffModeArg::Added => DiffMode::Added,
            DiffModeArg::DiffContext => DiffMode::DiffContext,
            DiffModeArg::File => DiffMode::File,
            DiffModeArg::None => DiffMode::None,
        }),
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
    }
}

/// Runs the check and returns the report with the effective configuration.
pub fn execute(dir: &Path, args: &CheckArgs) -> Result<(Report, Config), Fatal> {
    let started = Instant::now();
    let config = load_config(dir)?;
    let mut input = input(dir, args);
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

pub fn run(dir: &Path, args: &CheckArgs) -> Result<u8, Fatal> {
    let (report, config) = execute(dir, args)?;
    render(&report, args)?;
    let fail_on = args.fail_on.map(fail_on_of).unwrap_or(config.fail_on);
    Ok(u8::from(report.findings.iter().any(|f| fail_on.fails(f.severity))))
}

fn fail_on_of(arg: FailOnArg) -> FailOn {
    match arg {
        FailOnArg::Error => FailOn::Error,
        FailOnArg::Warning => FailOn::Warning,
        FailOnArg::Info => FailOn::Info,
        FailOnArg::Never => FailOn::Never,
    }
}

/// Renders the report to standard output or `--output`.
pub fn render(report: &Report, args: &CheckArgs) -> Result<(), Fatal> {
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let format = format_for(args);
    if args.statistics {
        return write_to(args, |out| match format {
            Format::Json => precheck_report::statistics::write_json(report, out),
            _ => {
                precheck_report::statistics::write_table(report, out)?;
                writeln!(out, "{}", precheck_report::summary_line(&report.summary()))
            }
        });
    }
    let options = RenderOptions {
        color: progress::color_allowed(to_terminal),
        tool_version: env!("CARGO_PKG_VERSION"),
        width: None,
    };
    write_to(args, |out| precheck_report::render(format, report, &options, out))
}

/// Runs `write` on `--output`, or on standard output, buffered either way.
fn write_to(args: &CheckArgs, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<(), Fatal> {
    match &args.output {
        Some(path) => {
            let file =
                std::fs::File::create(path).map_err(|e| Fatal(format!("cannot write {}: {e}", path.display())))?;
            let mut out = std::io::BufWriter::new(file);
            write(&mut out)?;
            out.flush()?;
        }
        None => {
            // Standard output is line-buffered: a report would cost a write per line.
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            write(&mut out)?;
            out.flush()?;
        }
    }
    Ok(())
}

/// The output format: `--format`, else human on a terminal and concise otherwise.
fn format_for(args: &CheckArgs) -> Format {
    match args.format {
        Some(f) => format_of(f),
        None if args.output.is_none() && std::io::stdout().is_terminal() => Format::Human,
        None => Format::Concise,
    }
}

fn format_of(f: FormatArg) -> Format {
    match f {
        FormatArg::Human => Format::Human,
        FormatArg::Concise => Format::Concise,
        FormatArg::Json => Format::Json,
        FormatArg::Sarif => Format::Sarif,
        FormatArg::Gitlab => Format::Gitlab,
        FormatArg::Junit => Format::Junit,
        FormatArg::Github => Format::Github,
        FormatArg::Checkstyle => Format::Checkstyle,
    }
}

/// `precheck baseline write FILE`: every finding of the run goes into FILE.
pub fn write_baseline(dir: &Path, file: &Path, args: &CheckArgs) -> Result<u8, Fatal> {
    // Every line on its own: a check with the baseline filters line by line before it groups.
    let (report, _) = execute(dir, &CheckArgs { no_group: true, ..args.clone() })?;
    let mut out = Vec::new();
    precheck_core::baseline::write(&report.findings, &mut out)?;
    std::fs::write(file, out).map_err(|e| Fatal(format!("cannot write {}: {e}", file.display())))?;
    eprintln!("wrote {} findings to {}", report.findings.len(), file.display());
    Ok(0)
}
