//! The `precheck` binary: the clap front end over precheck-runner and precheck-report. Only this crate prints
//! or exits. Exit codes: 0 nothing at or above `--fail-on`, 1 findings at or above it, 2 usage, configuration or
//! git error (one line saying what and where).

#![allow(clippy::print_stdout, clippy::print_stderr, reason = "the binary is the one place that prints")]

mod args;
mod cache;
mod check;
mod config;
mod conflicts;
mod fetch;
mod hook;
mod init;
mod output;
mod progress;
mod report;
mod rules;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use args::{BaselineCommand, Cli, Command, HookCommand, ReportCommand};

/// A check that panics on a file is reported as a `PC002` finding with the panic's message, so the default
/// hook's backtrace note on stderr would only be noise; panics anywhere else keep the default report.
fn quiet_check_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let worker = std::thread::current().name().is_some_and(|n| n.starts_with("precheck-"));
        if !worker {
            default(info);
        }
    }));
}

/// A command line clap refused: one line saying what, and one with clap's tip or where to look, as every
/// other error of precheck (help and version requests print as clap prints them).
fn usage_error(e: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        // `precheck` alone: the help is the answer, but the command line still did not say what to do.
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return ExitCode::from(2);
        }
        _ => {}
    }
    let text = e.render().to_string();
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let what = lines.next().map_or("invalid command line", |l| l.strip_prefix("error: ").unwrap_or(l));
    let tip = lines.find_map(|l| l.strip_prefix("tip: "));
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "precheck: error: {what}");
    let _ = match tip {
        Some(tip) => writeln!(stderr, "hint: {tip}"),
        None => writeln!(stderr, "hint: see `precheck --help`"),
    };
    ExitCode::from(2)
}

/// An error that ends the run with exit code 2.
#[derive(Debug)]
pub struct Fatal(pub String);

impl<E: std::fmt::Display> From<E> for Fatal {
    fn from(e: E) -> Fatal {
        Fatal(e.to_string())
    }
}

fn main() -> ExitCode {
    quiet_check_panics();
    precheck_git::skip_object_hash_verification();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    if cli.verbose {
        tracing_subscriber::fmt()
            .with_writer(std::io::stderr)
            .with_max_level(tracing::Level::DEBUG)
            .with_target(false)
            .without_time()
            .with_ansi(progress::stderr_color())
            .init();
    }
    let dir = cli.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    if cli.dir.is_some() && !dir.is_dir() {
        let why = if dir.exists() { "not a directory" } else { "no such directory" };
        eprintln!("precheck: error: cannot change to `{}`: {why}", dir.display());
        return ExitCode::from(2);
    }
    // A relative --config is taken from -C's directory, as git takes paths after -C.
    let config = cli.config.as_ref().map(|p| dir.join(p));
    let config = config.as_deref();
    let result = match cli.command {
        Command::Check(args) => check::run(&dir, &args, config),
        Command::Rules { format } => rules::list(format),
        Command::Explain { rule } => rules::explain(&rule),
        Command::Init { force } => init::run(&dir, force),
        Command::Baseline { command: BaselineCommand::Write { file, check } } => {
            check::write_baseline(&dir, &file, &check, config)
        }
        Command::Hook { command: HookCommand::Install { hook, force } } => hook::install(&dir, hook, force, config),
        Command::Hook { command: HookCommand::Run { hook, args } } => hook::run(&dir, hook, &args, config),
        Command::Conflicts(args) => conflicts::run(&dir, &args, config),
        Command::Report { command: ReportCommand::Merge(args) } => report::merge(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Fatal(message)) => {
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(stderr, "precheck: error: {message}");
            ExitCode::from(2)
        }
    }
}
