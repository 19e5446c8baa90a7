//! The configuration model: `precheck.toml` at the repository root (found from the starting directory
//! upward). Unknown keys, unknown sections and unknown rule codes are errors that name the file, the line and
//! the key, so a typo never silently disables a check.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::de::{DeTable, DeValue};

use crate::check::Check;
use crate::finding::Severity;
use crate::rule::{RuleMeta, RuleSelector, SelectionLayer};

/// The configuration file's name.
pub const FILE_NAME: &str = "precheck.toml";

/// An invalid configuration: what is wrong and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct ConfigError {
    /// The file as the user would name it (e.g. `precheck.toml`), or `<command line>`.
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}:{}: {}", self.file, self.line, self.column, self.message)
        }
    }
}

/// Which findings make the run fail (exit 1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    #[default]
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    /// Whether a finding of `severity` fails the run.
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::Error => severity >= Severity::Error,
            FailOn::Warning => severity >= Severity::Warning,
            FailOn::Info => true,
            FailOn::Never => false,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FailOn::Error => "error",
            FailOn::Warning => "warning",
            FailOn::Info => "info",
            FailOn::Never => "never",
        }
    }

    pub fn parse(s: &str) -> Option<FailOn> {
        match s {
            "error" => Some(FailOn::Error),
            "warning" => Some(FailOn::Warning),
            "info" => Some(FailOn::Info),
            "never" => Some(FailOn::Never),
            _ => None,
        }
    }
}

/// Which findings a run with `--base` keeps (DESIGN.md, runner step 4).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "kebab-case")]
pub enum DiffMode {
    /// Findings touching added or changed lines; repo-level findings new since the base.
    #[default]
    Added,
    /// As `added`, widened by git's 3 context lines.
    DiffContext,
    /// Anything in a changed file.
    File,
    /// Everything.
    None,
}

impl DiffMode {
    pub fn parse(s: &str) -> Option<DiffMode> {
        match s {
            "added" => Some(DiffMode::Added),
            "diff-context" => Some(DiffMode::DiffContext),
            "file" => Some(DiffMode::File),
            "none" => Some(DiffMode::None),
            _ => None,
        }
    }
}

/// `[rules]`: global selection and severity.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RulesConfig {
    /// The rules to run instead of the default set (`None`: the default set).
    #[serde(default)]
    pub select: Option<Vec<String>>,
    /// Rules to run in addition to `select` (or the default set).
    #[serde(default)]
    pub extend_select: Vec<String>,
    /// Presets whose rules run in addition (`preset = "alibaba"` or a list).
    #[serde(default, deserialize_with = "one_or_many")]
    pub preset: Vec<String>,
    #[serde(default)]
    pub ignore: Vec<String>,
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
    #[serde(default)]
    pub require_reason: bool,
}

/// A string or a list of strings.
fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

/// `[files]`: where vendored and generated files are, besides the built-in lists and `.gitattributes`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FilesConfig {
    #[serde(default)]
    pub vendored: Vec<String>,
    #[serde(default)]
    pub generated: Vec<String>,
}

/// The command line's selection, layered over the configuration's (see [`Config::rules_layers`]).
#[derive(Clone, Debug, Default)]
pub struct CliSelection {
    pub select: Vec<String>,
    pub extend_select: Vec<String>,
    pub presets: Vec<String>,
    pub ignore: Vec<String>,
}

/// One `[[overrides]]` entry: selection and severity for the paths matching its globs.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Override {
    pub paths: Vec<String>,
    #[serde(default)]
    pub select: Vec<String>,
    #[serde(default)]
    pub ignore: Vec<String>,
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
}

/// The whole configuration.
#[derive(Clone, Debug)]
pub struct Config {
    pub fail_on: FailOn,
    pub diff_mode: DiffMode,
    /// Globs of paths never checked (in addition to .gitignore).
    pub exclude: Vec<String>,
    pub max_file_size: u64,
    /// Whether the same finding on several lines of a file is reported once for the file (`group-findings`).
    pub group_findings: bool,
    pub rules: RulesConfig,
    pub overrides: Vec<Override>,
    /// `[files]`: paths to treat as vendored or generated besides the built-in lists ([`crate::origin`]).
    pub files: FilesConfig,
    /// The `[files]` globs, compiled.
    pub origin_globs: crate::origin::OriginGlobs,
    /// Each check's own section, by check id (`[sql]`, `[jar]`, …).
    pub sections: BTreeMap<String, toml::Table>,
    /// Where the configuration came from and its text, for error positions.
    pub source: Option<(PathBuf, String)>,
}

/// 10 MB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1000 * 1000;

/// Parses `10MB`, `500 KB`, `1GiB`, `2048` (bytes). Decimal units are powers of 1000, binary ones of 1024.
pub fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let num: f64 = num.parse().ok()?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kb" | "k" => 1000,
        "mb" | "m" => 1000 * 1000,
        "gb" | "g" => 1000 * 1000 * 1000,
        "kib" => 1024,
        "mib" => 1024 * 1024,
        "gib" => 1024 * 1024 * 1024,
        _ => return None,
    };
    let bytes = num * factor as f64;
    (bytes.is_finite() && bytes >= 0.0).then_some(bytes as u64)
}

impl Default for Config {
    fn default() -> Self {
        Config {
            fail_on: FailOn::default(),
            diff_mode: DiffMode::default(),
            exclude: Vec::new(),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            group_findings: true,
            rules: RulesConfig::default(),
            overrides: Vec::new(),
            files: FilesConfig::default(),
            origin_globs: crate::origin::OriginGlobs::default(),
            sections: BTreeMap::new(),
            source: None,
        }
    }
}

/// The repository holding `dir`: the nearest of `dir` and its parents that is a working tree's top or a bare
/// repository (`dir` as given: canonicalise it first to see through symlinks).
pub fn repository_root(dir: &Path) -> Option<&Path> {
    dir.ancestors().find(|d| is_repository_root(d))
}

/// A working tree's top (it has `.git`, a directory or a worktree's file) or a bare repository.
fn is_repository_root(dir: &Path) -> bool {
    dir.join(".git").exists()
        || (dir.join("HEAD").is_file() && dir.join("objects").is_dir() && dir.join("refs").is_dir())
}

const TOP_LEVEL_KEYS: &[&str] =
    &["fail-on", "diff-mode", "exclude", "max-file-size", "group-findings", "rules", "overrides", "files"];
const FILES_KEYS: &[&str] = &["vendored", "generated"];
const RULES_KEYS: &[&str] = &["select", "extend-select", "preset", "ignore", "severity", "require-reason"];
const OVERRIDE_KEYS: &[&str] = &["paths", "select", "ignore", "severity"];

impl Config {
    /// Finds `precheck.toml` in `dir` or the nearest parent that has one, up to the root of the repository
    /// holding `dir` (a directory with `.git`, or a bare repository): a configuration outside the repository
    /// belongs to something else (the repository may be vendored or nested in another project).
    pub fn find(dir: &Path) -> Option<PathBuf> {
        for d in dir.ancestors() {
            let candidate = d.join(FILE_NAME);
            // Anything by that name is the configuration: a directory there is refused when loading, not
            // passed over for one further up.
            if candidate.exists() {
                return Some(candidate);
            }
            if is_repository_root(d) {
                return None;
            }
        }
        None
    }

    /// Reads and parses a configuration file. `display` is how errors name it.
    pub fn load(path: &Path, display: &str) -> Result<Config, ConfigError> {
        let error = |message: String| ConfigError { file: display.to_string(), line: 0, column: 0, message };
        if path.is_dir() {
            return Err(error("is a directory, not a configuration file".to_string()));
        }
        let text = std::fs::read_to_string(path).map_err(|e| error(format!("cannot read: {e}")))?;
        let mut config = Config::parse(&text, display)?;
        config.source = Some((path.to_path_buf(), text));
        Ok(config)
    }

    /// Parses configuration text; syntax and type errors carry their position. Call [`Config::validate`]
    /// next to check section keys and rule codes against the checks of the run.
    pub fn parse(text: &str, display: &str) -> Result<Config, ConfigError> {
        let at = |offset: usize, message: String| {
            let (line, column) = line_col(text, offset);
            ConfigError { file: display.to_string(), line, column, message }
        };
        let spans =
            DeTable::parse(text).map_err(|e| at(e.span().map_or(0, |s| s.start), e.message().trim().to_string()))?;
        let values: toml::Table =
            toml::from_str(text).map_err(|e| at(e.span().map_or(0, |s| s.start), e.message().trim().to_string()))?;
        let mut config = Config { source: Some((PathBuf::from(display), text.to_string())), ..Config::default() };
        for (key, spanned) in spans.get_ref().iter() {
            let name = key.get_ref().as_ref();
            let offset = key.span().start;
            // Unknown keys inside [rules] and [[overrides]] are named at their own line, before serde would
            // report them less precisely at the table's.
            let nested = match (name, spanned.get_ref()) {
                ("rules", DeValue::Table(t)) => unknown_keys(t, RULES_KEYS, "[rules]"),
                ("files", DeValue::Table(t)) => unknown_keys(t, FILES_KEYS, "[files]"),
                ("overrides", DeValue::Array(entries)) => entries.iter().try_for_each(|e| match e.get_ref() {
                    DeValue::Table(t) => unknown_keys(t, OVERRIDE_KEYS, "[[overrides]]"),
                    _ => Ok(()),
                }),
                _ => Ok(()),
            };
            nested.map_err(|(span, message)| at(span.start, message))?;
            let Some(value) = values.get(name).cloned() else { continue };
            let typed = |e: toml::de::Error| format!("invalid `{name}`: {}", e.message().trim());
            let result: Result<(), String> = match name {
                "fail-on" => value.try_into().map(|v| config.fail_on = v).map_err(typed),
                "diff-mode" => value.try_into().map(|v| config.diff_mode = v).map_err(typed),
                "exclude" => value.try_into().map(|v| config.exclude = v).map_err(typed),
                "group-findings" => value.try_into().map(|v| config.group_findings = v).map_err(typed),
                "max-file-size" => match &value {
                    toml::Value::Integer(n) if *n >= 0 => {
                        config.max_file_size = *n as u64;
                        Ok(())
                    }
                    toml::Value::String(s) => parse_size(s).map(|n| config.max_file_size = n).ok_or_else(|| {
                        format!(
                            "invalid `max-file-size`: `{s}` is not a size (write e.g. \"10MB\", \"500KB\" or bytes)"
                        )
                    }),
                    _ => Err("invalid `max-file-size`: expected a size such as \"10MB\"".to_string()),
                },
                "rules" => value.try_into().map(|v| config.rules = v).map_err(typed),
                "overrides" => value.try_into().map(|v| config.overrides = v).map_err(typed),
                "files" => value.try_into().map_err(typed).and_then(|v: FilesConfig| {
                    config.origin_globs = crate::origin::OriginGlobs::new(&v.vendored, &v.generated)?;
                    config.files = v;
                    Ok(())
                }),
                _ => match value {
                    toml::Value::Table(t) => {
                        config.sections.insert(name.to_string(), t);
                        Ok(())
                    }
                    _ => Err(format!(
                        "unknown key `{name}` (expected one of: {}, or a check section such as [sql])",
                        TOP_LEVEL_KEYS.join(", ")
                    )),
                },
            };
            result.map_err(|m| at(offset, m))?;
        }
        Ok(config)
    }

    /// The name errors use for the configuration file.
    pub fn display_name(&self) -> String {
        self.source.as_ref().map_or_else(
            || FILE_NAME.to_string(),
            |(p, _)| p.file_name().map_or_else(|| FILE_NAME.to_string(), |n| n.to_string_lossy().into_owned()),
        )
    }

    /// Checks every key against the known top-level keys and each check's configuration spec, every rule
    /// selector against `rules`, and lets each check validate its section's values.
    pub fn validate(&self, checks: &[Box<dyn Check>], rules: &[&RuleMeta]) -> Result<(), ConfigError> {
        let display = self.display_name();
        let Some((_, text)) = &self.source else {
            return self.validate_values(checks, rules, &display, "");
        };
        let table = DeTable::parse(text).map_err(|e| {
            let (line, column) = e.span().map_or((0, 0), |s| line_col(text, s.start));
            ConfigError { file: display.clone(), line, column, message: e.message().to_string() }
        })?;
        let err = |span: std::ops::Range<usize>, message: String| {
            let (line, column) = line_col(text, span.start);
            ConfigError { file: display.clone(), line, column, message }
        };
        let check_ids: Vec<&str> = checks.iter().map(|c| c.id()).collect();
        for (key, value) in table.get_ref().iter() {
            let name = key.get_ref().as_ref();
            if TOP_LEVEL_KEYS.contains(&name) {
                continue;
            }
            let Some(check) = checks.iter().find(|c| c.id() == name) else {
                return Err(err(
                    key.span(),
                    format!(
                        "unknown key `{name}` (expected one of: {}, or a check section: {})",
                        TOP_LEVEL_KEYS.join(", "),
                        check_ids.join(", ")
                    ),
                ));
            };
            let DeValue::Table(t) = value.get_ref() else {
                return Err(err(key.span(), format!("`{name}` must be a table: [{name}]")));
            };
            let section = format!("[{name}]");
            let keys = check.config().map(|spec| spec.key_names()).unwrap_or_default();
            unknown_keys(t, &keys, &section).map_err(|(s, m)| err(s, m))?;
        }
        self.validate_values(checks, rules, &display, text)
    }

    fn validate_values(
        &self,
        checks: &[Box<dyn Check>],
        rules: &[&RuleMeta],
        display: &str,
        text: &str,
    ) -> Result<(), ConfigError> {
        let at = |needle: &str, message: String| {
            let (line, column) = find_in(text, needle);
            ConfigError { file: display.to_string(), line, column, message }
        };
        let known = |sel: &str, what: &str| -> Result<(), ConfigError> {
            if RuleSelector::new(sel).matches_any(rules.iter().copied()) {
                return Ok(());
            }
            let quoted = format!("\"{sel}\"");
            let needle = if text.contains(&quoted) { quoted.as_str() } else { sel };
            Err(at(needle, format!("unknown rule `{sel}` in {what} (see `precheck rules`)")))
        };
        for sel in self.rules.select.iter().flatten().chain(&self.rules.extend_select).chain(&self.rules.ignore) {
            known(sel, "[rules]")?;
        }
        if let Err(message) = crate::preset::resolve(&self.rules.preset) {
            let name = self.rules.preset.iter().find(|n| crate::preset::find(n).is_none()).map_or("", String::as_str);
            return Err(at(&format!("\"{name}\""), message));
        }
        for sel in self.rules.severity.keys() {
            known(sel, "[rules] severity")?;
        }
        for o in &self.overrides {
            for sel in o.select.iter().chain(&o.ignore).chain(o.severity.keys()) {
                known(sel, "[[overrides]]")?;
            }
            for glob in &o.paths {
                globset::Glob::new(glob)
                    .map_err(|e| at(glob, format!("invalid glob `{glob}` in [[overrides]]: {e}")))?;
            }
        }
        for glob in &self.exclude {
            globset::Glob::new(glob).map_err(|e| at(glob, format!("invalid glob `{glob}` in exclude: {e}")))?;
        }
        for check in checks {
            if let Some(section) = self.sections.get(check.id()) {
                let checked = match check.config() {
                    Some(spec) => (spec.validate)(section),
                    None => Ok(()),
                };
                checked.map_err(|message| at(&format!("[{}]", check.id()), message))?;
            }
        }
        Ok(())
    }

    /// The selection layers of `[rules]` with the command line's `--select`, `--extend-select`, `--preset` and
    /// `--ignore` over it, in order: where selection starts (the default set unless rules are selected, plus
    /// the presets), then the selected rules, ignores and severities. `--select` replaces the configuration's
    /// `select`, `extend-select` and presets, as ruff's does; ignores add up.
    pub fn rules_layers(&self, rules: &[&RuleMeta], cli: &CliSelection) -> Result<[SelectionLayer; 2], String> {
        let r = &self.rules;
        let (select, mut extend, mut presets) = if cli.select.is_empty() {
            (r.select.clone(), r.extend_select.clone(), r.preset.clone())
        } else {
            (Some(cli.select.clone()), Vec::new(), Vec::new())
        };
        extend.extend(cli.extend_select.iter().cloned());
        presets.extend(cli.presets.iter().cloned());
        let presets = crate::preset::resolve(&presets)?;
        let defaults: &[&RuleMeta] = if select.is_some() { &[] } else { rules };
        let start = SelectionLayer::defaults(defaults.iter().copied(), &presets);
        let ignore: Vec<String> = r.ignore.iter().chain(&cli.ignore).cloned().collect();
        let chosen: Vec<String> = select.unwrap_or_default().into_iter().chain(extend).collect();
        Ok([start, layer(&chosen, &ignore, &r.severity)])
    }

    /// One selection layer per `[[overrides]]` entry, in order.
    pub fn override_layers(&self) -> Vec<SelectionLayer> {
        self.overrides.iter().map(|o| layer(&o.select, &o.ignore, &o.severity)).collect()
    }

    /// A check's section, if present.
    pub fn section(&self, id: &str) -> Option<&toml::Table> {
        self.sections.get(id)
    }

    /// A check's section deserialized into its typed form (defaults when absent).
    pub fn section_as<T: serde::de::DeserializeOwned + Default>(&self, id: &str) -> Result<T, String> {
        match self.section(id) {
            None => Ok(T::default()),
            Some(t) => toml::Value::Table(t.clone()).try_into().map_err(|e: toml::de::Error| e.message().to_string()),
        }
    }
}

/// A check's settings compiled from its section, kept while the section stays the same: checks are called once
/// per file, and compiling globs or tables per call would cost more than the rules (a `static` per check).
pub struct SectionCache<S>(std::sync::Mutex<Option<(Option<toml::Table>, std::sync::Arc<S>)>>);

impl<S> SectionCache<S> {
    /// An empty cache, for a `static`.
    pub const fn new() -> Self {
        SectionCache(std::sync::Mutex::new(None))
    }

    /// The settings of `config`'s `[id]` section: the cached ones when the section is the one they were built
    /// from, else `build(typed)` with the section deserialized (the defaults when it does not deserialize: the
    /// configuration's validation rejected bad values at load, so only a library user who skipped it gets them).
    pub fn get<T>(&self, config: &Config, id: &str, build: impl FnOnce(T) -> S) -> std::sync::Arc<S>
    where
        T: serde::de::DeserializeOwned + Default,
    {
        let section = config.section(id);
        let mut cache = match self.0.lock() {
            Ok(c) => c,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some((key, settings)) = cache.as_ref()
            && key.as_ref() == section
        {
            return std::sync::Arc::clone(settings);
        }
        let settings = std::sync::Arc::new(build(config.section_as(id).unwrap_or_default()));
        *cache = Some((section.cloned(), std::sync::Arc::clone(&settings)));
        settings
    }
}

impl<S> Default for SectionCache<S> {
    fn default() -> Self {
        SectionCache::new()
    }
}

fn layer(select: &[String], ignore: &[String], severity: &BTreeMap<String, Severity>) -> SelectionLayer {
    SelectionLayer {
        select: select.iter().map(|s| RuleSelector::new(s)).collect(),
        ignore: ignore.iter().map(|s| RuleSelector::new(s)).collect(),
        severity: severity.iter().map(|(s, sev)| (RuleSelector::new(s), *sev)).collect(),
    }
}

fn unknown_keys(table: &DeTable<'_>, known: &[&str], section: &str) -> Result<(), (std::ops::Range<usize>, String)> {
    for (key, _) in table.iter() {
        let name = key.get_ref().as_ref();
        if !known.contains(&name) {
            let expected = if known.is_empty() {
                "this section takes no keys".to_string()
            } else {
                format!("expected one of: {}", known.join(", "))
            };
            return Err((key.span(), format!("unknown key `{name}` in {section} ({expected})")));
        }
    }
    Ok(())
}

/// 1-based line and column of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    (u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(column).unwrap_or(u32::MAX))
}

fn find_in(text: &str, needle: &str) -> (u32, u32) {
    text.find(needle).map_or((0, 0), |at| line_col(text, at))
}
