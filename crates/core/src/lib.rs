//! precheck-core: the data model every precheck crate shares.
//!
//! It owns findings ([`Finding`], [`Span`], [`Label`], [`Severity`]), rule metadata ([`RuleMeta`]) and rule
//! selection ([`RuleSelector`], [`preset`]s), the [`Check`] trait with its contexts ([`FileCtx`], [`RepoCtx`], [`Sink`]),
//! the configuration model ([`Config`]), the description of a run ([`Input`]) and its result ([`Report`]),
//! text decoding ([`text`]), where a file comes from (vendored, generated, minified: [`origin`]), gitattributes ([`attributes`]), inline suppressions ([`suppress`]) and
//! fingerprints ([`fingerprint`]), sharding a run ([`shard`]), and the blob ids kept between runs ([`blob_cache`]).
//!
//! It renders nothing, prints nothing and never exits the process: that is the report crate's and the
//! binary's job.

#![warn(clippy::string_slice)]

pub mod attributes;
pub mod baseline;
pub mod blob_cache;
pub mod change;
pub mod check;
pub mod config;
pub mod config_spec;
pub mod finding;
pub mod fingerprint;
pub mod input;
pub mod memo;
pub mod origin;
pub mod preset;
pub mod rule;
pub mod shard;
pub mod suppress;
pub mod text;

pub use attributes::Attributes;
pub use blob_cache::{BlobCache, ContentId};
pub use change::{ChangeKind, ChangeSet, FileChange, LineSet};
pub use check::{
    Check, Facts, FileCtx, FileInfo, FileMode, FileSource, HeadNotes, MergeRerun, MergeRun, MergedTree, NewInMerge,
    OtherChange, RepoCtx, Revision, Sink,
};
pub use config::{CliSelection, Config, ConfigError, DiffMode, FailOn};
pub use finding::{Finding, Label, Position, Severity, Span};
pub use input::{HeadSource, Input, Progress, Report, Summary};
pub use memo::Memo;
pub use origin::Origin;
pub use rule::{RuleMeta, RulePolicy, RuleSelector, Scope};
pub use shard::Shard;

/// The rules precheck itself reports (prefix `PC`): they belong to no check.
pub mod pc {
    use crate::{RuleMeta, Severity};

    /// A suppression comment that suppressed nothing.
    pub static UNUSED_SUPPRESSION: RuleMeta = RuleMeta::new(
        "precheck",
        "PC001",
        "unused-suppression",
        Severity::Warning,
        "a `precheck:allow` comment that suppresses nothing",
        "## What it does\nReports a `precheck:allow(...)` or `precheck:allow-file(...)` comment that \
suppressed no finding in this run.\n\n## Why\nA suppression outlives the problem it silenced; left in place it will \
hide the next, unrelated finding of the same rule on that line.\n\n## Example\n```sql\n-- precheck:allow(SQL001) \
legacy report\nSELECT id FROM t;\n```\n\n## Use instead\nDelete the comment.\n",
    );

    /// A check panicked on a file; the run went on.
    pub static INTERNAL_ERROR: RuleMeta = RuleMeta::new(
        "precheck",
        "PC002",
        "internal-error",
        Severity::Error,
        "a check failed internally on this file; the file was not fully checked",
        "## What it does\nReports that a check panicked while looking at a file. The other checks and \
files were still checked.\n\n## Why\nA file that was not checked must never look like a clean file.\n\n## Example\n\
`PC002 internal-error: the sql check failed on db/big.sql: ...`\n\n## Use instead\nReport the message to the \
precheck maintainers with the file, or exclude the file until it is fixed.\n",
    );

    /// A file that could not be read or is over the size cap.
    pub static FILE_NOT_CHECKED: RuleMeta = RuleMeta::new(
        "precheck",
        "PC003",
        "file-not-checked",
        Severity::Warning,
        "a file, or a part of it, that precheck did not check (unreadable, too large, over a bound)",
        "## What it does\nReports a file that precheck did not check: it could not be read (permissions, \
a dangling or looping symlink, a name that is not UTF-8) or it is larger than `max-file-size` (default 10 MB); and \
a part of a file it did not check in full: a line longer than `[code] max-line-bytes`, an SQL statement over the \
bounds that keep a run's time and memory in proportion (100,000 tokens, 3,000 chained operators, a mapper \
statement rendering to over 256 KiB).\n\n## Why\nSilence must mean \
\"checked and clean\", never \"skipped\".\n\n## Example\n`dump.sql: file-not-checked: 1.2 GB is over max-file-size \
(10 MB)`\n\n## Use instead\nRaise `max-file-size` in precheck.toml, or add the path to `exclude`.\n",
    );

    /// An allow-list entry in the configuration that matched nothing.
    pub static STALE_CONFIG_ENTRY: RuleMeta = RuleMeta::new(
        "precheck",
        "PC004",
        "stale-config-entry",
        Severity::Warning,
        "a configuration allow-list entry or override that matched nothing",
        "## What it does\nReports an entry of precheck.toml that matched no file in a full run (no \
`--base`, no paths): an `[[overrides]]` path pattern, or a path allow-list of a check (`[code] \
large-file-allowlist`, `[code] secret-allow-paths`), matched with that check's own glob rules.\n\n## Why\nStale allow-lists rot silently and later \
hide real problems.\n\n## Example\n```toml\n[[overrides]]\npaths = [\"old/module/**\"]   # the folder is gone\n\
ignore = [\"SQL\"]\n```\n\n## Use instead\nDelete the entry.\n",
    );

    /// Every PC rule.
    pub static RULES: [&RuleMeta; 4] = [&UNUSED_SUPPRESSION, &INTERNAL_ERROR, &FILE_NOT_CHECKED, &STALE_CONFIG_ENTRY];
}
