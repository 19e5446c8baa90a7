//! The command line, as clap derives it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// precheck: before a branch merges, say whether it will conflict and what bad code, configuration,
/// dependencies or SQL it brings in.
#[derive(Debug, Parser)]
#[command(name = "precheck", version, about, propagate_version = true, disable_help_subcommand = true)]
pub struct Cli {
    /// Run as if precheck was started in DIR (like git -C).
    #[arg(short = 'C', global = true, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Log progress and timings to stderr.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Use this configuration file instead of a precheck.toml committed at the checked revision or found in
    /// the working tree (a relative path is taken from -C's directory).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the working tree, the index, or a commit (the gate).
    Check(CheckArgs),
    /// List every rule.
    Rules {
        #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
        format: RulesFormat,
    },
    /// Explain a rule: what it does, why, an example, and what to do instead.
    Explain {
        /// A rule code or name, e.g. CF001 or conflict-marker.
        rule: String,
    },
    /// Write a commented default precheck.toml.
    Init {
        /// Replace an existing precheck.toml.
        #[arg(long)]
        force: bool,
    },
    /// Baseline files: findings accepted as they are.
    Baseline {
        #[command(subcommand)]
        command: BaselineCommand,
    },
    /// Git hooks: install precheck as a pre-push, pre-commit or (server) pre-receive hook, or run one.
    Hook {
        #[command(subcommand)]
        command: HookCommand,
    },
    /// Predict merge conflicts of SOURCE.. (default HEAD) into TARGET; --matrix adds every pair of sources.
    Conflicts(crate::conflicts::ConflictsArgs),
    /// JSON reports: merge the shards of a run (`check --shard I/N --format json`) and render them.
    Report {
        #[command(subcommand)]
        command: ReportCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Merge the JSON reports of every shard of one run into the report the unsharded run makes, in any
    /// format; the exit code is `check`'s (1 on findings at or above fail-on). One report alone that is no
    /// shard's is rendered as it is.
    Merge(MergeArgs),
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The JSON reports (`check --shard I/N --format json -o FILE`), one per shard, in any order.
    #[arg(required = true, value_name = "REPORT")]
    pub reports: Vec<PathBuf>,
    /// Output format (default: human on a terminal, concise otherwise). The JSON reports hold no file
    /// contents, so `human` shows no source snippets.
    #[arg(long, value_enum)]
    pub format: Option<precheck_report::Format>,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The lowest severity that makes the merge fail (exit 1); default: the run's.
    #[arg(long, value_enum)]
    pub fail_on: Option<precheck_core::FailOn>,
    /// SARIF: the category of the analysis (`automationDetails.id` is `CATEGORY/`; default `precheck`).
    #[arg(long, value_name = "CATEGORY")]
    pub category: Option<String>,
    /// Print only how many findings each rule has (a table; JSON with `--format json`).
    #[arg(long)]
    pub statistics: bool,
}

#[derive(Debug, Subcommand)]
pub enum BaselineCommand {
    /// Run the check and write every finding to FILE, so later runs with --baseline FILE drop them.
    Write {
        file: PathBuf,
        #[command(flatten)]
        check: CheckArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum HookCommand {
    /// Install the hook into the repository (honours core.hooksPath).
    Install {
        #[arg(value_enum)]
        hook: HookKind,
        /// Replace a hook that precheck did not install.
        #[arg(long)]
        force: bool,
    },
    /// Run the hook (git calls this; pre-push and pre-receive read git's ref lines on stdin).
    Run {
        #[arg(value_enum)]
        hook: HookKind,
        /// What git passes to the hook (for pre-push: the remote's name and URL).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
#[allow(clippy::enum_variant_names, reason = "git's own hook names: pre-push, pre-commit, pre-receive")]
pub enum HookKind {
    PrePush,
    PreCommit,
    /// On the server, in a bare repository.
    PreReceive,
}

impl HookKind {
    pub fn file_name(self) -> &'static str {
        match self {
            HookKind::PrePush => "pre-push",
            HookKind::PreCommit => "pre-commit",
            HookKind::PreReceive => "pre-receive",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Table,
    Json,
}

#[derive(Clone, Debug, Args, Default)]
pub struct CheckArgs {
    /// Check only what changed since the merge-base of REV and the head.
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// In a shallow clone (CI), fetch REV's branch and deepen the history until the merge base with the head
    /// is there (`git fetch`, bounded). The only option that writes to the repository.
    #[arg(long, requires = "base")]
    pub fetch_missing: bool,
    /// Check this commit's tree instead of the working tree (works in a bare repository).
    #[arg(long, value_name = "REV", conflicts_with = "staged")]
    pub head: Option<String>,
    /// Check the index (what the next commit will contain).
    #[arg(long)]
    pub staged: bool,
    /// Run only these checks (comma-separated ids: conflict, code, zdal, antx, jar, sql, java).
    #[arg(long, value_delimiter = ',', value_name = "CHECKS")]
    pub only: Vec<String>,
    /// Rules to run instead of the default set and the configuration's selection (codes, names, prefixes or
    /// ALL).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<String>,
    /// Rules to run in addition to the selection.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub extend_select: Vec<String>,
    /// Presets whose rules run in addition (`strict`, `alibaba`; `precheck rules` shows what each holds).
    #[arg(long, value_delimiter = ',', value_name = "PRESETS")]
    pub preset: Vec<String>,
    /// Rules to disable, in addition to the configuration's `ignore`.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// Output format (default: human on a terminal, concise otherwise).
    #[arg(long, value_enum)]
    pub format: Option<precheck_report::Format>,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The lowest severity that makes the run fail (exit 1).
    #[arg(long, value_enum)]
    pub fail_on: Option<precheck_core::FailOn>,
    /// Which findings a run with --base keeps.
    #[arg(long, value_enum)]
    pub diff_mode: Option<precheck_core::DiffMode>,
    /// Print only how many findings each rule has (a table; JSON with `--format json`).
    #[arg(long)]
    pub statistics: bool,
    /// Report every line of a finding repeated in a file (default: one finding per file with the count).
    #[arg(long)]
    pub no_group: bool,
    /// Drop the findings recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Worker threads (default: one per core; at most four per core).
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Check only shard I of N (1-based): the files whose path hashes to it and the repository-level work of
    /// the checks that hash to it. Write `--format json` and combine every shard with `precheck report merge`.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
    /// SARIF: the category of the analysis (`automationDetails.id` is `CATEGORY/`; default `precheck`).
    #[arg(long, value_name = "CATEGORY")]
    pub category: Option<String>,
    /// Restrict the check to these files or directories.
    pub paths: Vec<String>,
}
