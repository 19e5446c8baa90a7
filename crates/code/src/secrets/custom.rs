//! `[code] secret-rules` and `[code] secrets-config` (code.md §10): extra secret rule tables, TOML files in the
//! repository in gitleaks' v8 format, compiled once per run (a [`RepoCtx::fact`]). `secret-rules` (several
//! tables) reports as TXT107 and only warns about a table it cannot load; `secrets-config` (one gitleaks
//! configuration file) reports as TXT115, and a file it cannot load stops the run (`Check::prepare`).
//!
//! ```toml
//! [extend]
//! path = "security/common-secrets.toml" # another table of the repository, from its root
//! disabledRules = ["old-rule"]          # rules of the extended table(s) not to use
//!
//! [[rules]]
//! id = "acme-token"
//! description = "ACME API token"
//! regex = '''\b(acme_[0-9A-Za-z]{32})\b'''
//! secretGroup = 1          # default: 1 when the regex has a group, else the whole match
//! keywords = ["acme_"]
//! entropy = 3.0            # optional minimum Shannon entropy of the secret
//! path = "**/*.properties" # optional glob of the files the rule applies to
//!
//!     [[rules.allowlists]]  # this rule only; `[rules.allowlist]` (one) is the older form
//!     condition = "AND"     # every kind given must match (default `OR`: any one)
//!     regexTarget = "match" # `regexes` see the whole match (default `secret`; or `line`)
//!     regexes = ['''^acme_test''']
//!     paths = ["test/**"]
//!
//! [[allowlists]]            # every rule of the table; `[allowlist]` (one) is the older form
//! targetRules = ["acme-token"] # optional: only these rules
//! paths = ["vendor/**"]
//! stopwords = ["sample"]
//! ```
//!
//! As in gitleaks, a rule with the id of a rule of the extended table refines it (the fields it gives win,
//! keywords and allowlists add up), `[extend]` is followed at most two levels deep, and an allowlist needs at
//! least one check. Differences: `paths` and `path` are globs, not regexes; `commits` are accepted but never
//! match (precheck checks one revision, not a history), which a warning says; `useDefault = true` changes
//! nothing (the built-in secret rules always run) and `useDefault = false` is a warning, as a table cannot turn
//! them off; a cycle of `[extend]` is an error.
//!
//! A table that cannot be read, does not parse, holds a regex the `regex` crate rejects, or extends a table that
//! cannot be loaded is not loaded: one TXT107 warning on the table file says why, and the run goes on with the
//! other tables. Problems that do not stop a table (see above) are TXT107 warnings on it too.

use std::ops::Range;
use std::sync::Arc;

use globset::{GlobBuilder, GlobMatcher, GlobSet, GlobSetBuilder};
use precheck_core::text::LineIndex;
use precheck_core::{FileCtx, FileSource, Finding, RepoCtx, RuleMeta, Severity, Sink, Span};
use regex::{Regex, RegexBuilder};
use serde::Deserialize;

use crate::config::{CodeConfig, Settings};
use crate::lines::line_around;
use crate::secrets::engine::{Candidate, allowlisted, entropy, pragma_allows, shown};
use crate::secrets::rules::{txt107_provider_token, txt115_custom_secret};

/// One compiled rule of a table.
#[derive(Debug)]
pub struct ExtraRule {
    pub id: String,
    pub description: String,
    /// `None`: a rule with a `path` only (gitleaks' `pkcs12-file`), which reports every file its path matches.
    pub regex: Option<Regex>,
    /// The capture group holding the secret (0: the whole match).
    pub group: usize,
    /// Lower-case keywords; a file without any of them never reaches the regex.
    pub keywords: Vec<String>,
    pub entropy: f64,
    pub path: Option<GlobMatcher>,
    /// The rule's own allowlists (`[rules.allowlist]`, `[[rules.allowlists]]`): any one that allows a finding
    /// drops it.
    pub allowlists: Vec<Allowlist>,
}

/// What an allowlist's `regexes` are matched against (gitleaks `regexTarget`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegexTarget {
    /// The secret (the rule's secret group); the default.
    Secret,
    /// The whole match of the rule's regex.
    Match,
    /// The line(s) holding the match.
    Line,
}

/// One compiled allowlist: the global `[allowlist]` / `[[allowlists]]` of a table, or one of a rule.
#[derive(Debug)]
pub struct Allowlist {
    /// `condition = "AND"`: every kind of check the allowlist gives must match; else (`OR`) any one.
    pub all: bool,
    pub target: RegexTarget,
    /// The allowlist lists `commits`. precheck checks one revision, not a history, so they never match.
    pub commits: bool,
    pub paths: Option<GlobSet>,
    pub regexes: Vec<Regex>,
    /// Lower-case stopwords, looked for in the secret.
    pub stopwords: Vec<String>,
    /// `targetRules` of a global allowlist: the only rule ids it applies to (empty: every rule of the table).
    pub target_rules: Vec<String>,
}

/// One finding of a rule, as the allowlists see it.
#[derive(Debug, Clone, Copy)]
pub struct Hit<'a> {
    pub path: &'a str,
    pub secret: &'a str,
    /// The whole match of the rule's regex.
    pub matched: &'a str,
    /// The line(s) holding the match.
    pub line: &'a str,
}

impl Allowlist {
    /// Whether this allowlist drops `hit` (gitleaks semantics: with `OR` any given check that matches is enough,
    /// with `AND` every given check must match; `commits` never match).
    pub fn allows(&self, hit: &Hit<'_>) -> bool {
        let path = self.paths.as_ref().map(|p| p.is_match(hit.path));
        let regex = (!self.regexes.is_empty()).then(|| {
            let target = match self.target {
                RegexTarget::Secret => hit.secret,
                RegexTarget::Match => hit.matched,
                RegexTarget::Line => hit.line,
            };
            self.regexes.iter().any(|re| re.is_match(target))
        });
        let stopword = (!self.stopwords.is_empty()).then(|| {
            let lower = hit.secret.to_lowercase();
            self.stopwords.iter().any(|w| lower.contains(w.as_str()))
        });
        let commit = self.commits.then_some(false);
        let mut checks = [commit, path, regex, stopword].into_iter().flatten();
        if self.all { checks.all(|c| c) } else { checks.any(|c| c) }
    }

    /// Whether this (global) allowlist applies to the rule `id`.
    fn applies_to(&self, id: &str) -> bool {
        self.target_rules.is_empty() || self.target_rules.iter().any(|t| t == id)
    }
}

/// One compiled table.
#[derive(Debug)]
pub struct Table {
    pub path: String,
    /// The table's file and the files it extends (never scanned by the table).
    pub files: Vec<String>,
    pub rules: Vec<ExtraRule>,
    /// The global allowlists (`[allowlist]` or `[[allowlists]]`), for every rule of the table (or the rules
    /// their `targetRules` name).
    pub allowlists: Vec<Allowlist>,
    /// Problems that do not stop the table from loading (e.g. `commits`, which never match), on the file they
    /// are in: one TXT107 warning each.
    pub notes: Vec<Rejected>,
}

/// Why a table was not loaded: the message, and where in the table file (if known).
#[derive(Debug, PartialEq)]
pub struct LoadError {
    pub range: Option<Range<usize>>,
    pub message: String,
}

/// A table that was not loaded.
#[derive(Debug)]
pub struct Rejected {
    pub path: String,
    /// The table's text, when it could be read (to place the finding on a line).
    pub text: Option<String>,
    pub error: LoadError,
}

/// Every configured table of the run, compiled.
#[derive(Debug, Default)]
pub struct ExtraRules {
    pub tables: Vec<Table>,
    pub rejected: Vec<Rejected>,
    /// Warnings on tables that did load (same shape as a rejection).
    pub notes: Vec<Rejected>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    #[serde(default)]
    #[allow(dead_code, reason = "accepted for gitleaks compatibility, not used")]
    title: Option<String>,
    #[serde(default)]
    extend: Option<toml::Spanned<RawExtend>>,
    #[serde(default)]
    rules: Vec<RawRule>,
    #[serde(default)]
    allowlist: Option<toml::Spanned<RawAllowlist>>,
    #[serde(default)]
    allowlists: Vec<toml::Spanned<RawAllowlist>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawRule {
    id: toml::Spanned<String>,
    #[serde(default)]
    description: Option<String>,
    /// Optional only for a rule that refines a rule of the same id in an extended table.
    #[serde(default)]
    regex: Option<toml::Spanned<String>>,
    #[serde(default)]
    secret_group: Option<usize>,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    entropy: Option<toml::Spanned<f64>>,
    #[serde(default)]
    path: Option<toml::Spanned<String>>,
    #[serde(default)]
    #[allow(dead_code, reason = "accepted for gitleaks compatibility, not used")]
    tags: Vec<String>,
    #[serde(default)]
    allowlist: Option<toml::Spanned<RawAllowlist>>,
    #[serde(default)]
    allowlists: Vec<toml::Spanned<RawAllowlist>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawExtend {
    #[serde(default)]
    use_default: Option<toml::Spanned<bool>>,
    #[serde(default)]
    path: Option<toml::Spanned<String>>,
    #[serde(default)]
    disabled_rules: Option<toml::Spanned<Vec<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawAllowlist {
    #[serde(default)]
    #[allow(dead_code, reason = "accepted for gitleaks compatibility, not used")]
    description: Option<String>,
    #[serde(default)]
    condition: Option<toml::Spanned<String>>,
    #[serde(default)]
    commits: Option<toml::Spanned<Vec<String>>>,
    #[serde(default)]
    paths: Vec<toml::Spanned<String>>,
    #[serde(default)]
    regex_target: Option<toml::Spanned<String>>,
    #[serde(default)]
    regexes: Vec<toml::Spanned<String>>,
    #[serde(default)]
    stopwords: Vec<String>,
    /// Global allowlists only.
    #[serde(default)]
    target_rules: Vec<String>,
}

fn error(range: Option<Range<usize>>, message: impl Into<String>) -> LoadError {
    LoadError { range, message: message.into() }
}

/// Compiles one regex of a table, with a short message for constructs the `regex` crate lacks.
fn compile(pattern: &str) -> Result<Regex, String> {
    if let Some(construct) = look_around(pattern) {
        return Err(format!("look-around (`{construct}`) is not supported by the regex engine"));
    }
    RegexBuilder::new(pattern).size_limit(1 << 22).build().map_err(|e| match e {
        regex::Error::Syntax(text) => text
            .lines()
            .rev()
            .find_map(|l| l.trim().strip_prefix("error: ").map(str::to_string))
            .unwrap_or_else(|| text.split_whitespace().collect::<Vec<_>>().join(" ")),
        regex::Error::CompiledTooBig(_) => "the compiled regex is too large".to_string(),
        other => other.to_string(),
    })
}

/// The first look-around group opener in `pattern` outside escapes, if any.
fn look_around(pattern: &str) -> Option<&'static str> {
    let bytes = pattern.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'(' => {
                let rest = &bytes[i..];
                for construct in ["(?<=", "(?<!", "(?=", "(?!"] {
                    if rest.starts_with(construct.as_bytes()) {
                        return Some(construct);
                    }
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

fn glob(pattern: &str) -> Result<GlobMatcher, String> {
    GlobBuilder::new(pattern)
        .literal_separator(false)
        .build()
        .map(|g| g.compile_matcher())
        .map_err(|e| format!("invalid glob `{pattern}`: {}", e.kind()))
}

/// The allowlists of one place: the older single form (`[allowlist]`, `[rules.allowlist]`) or the newer array
/// (`[[allowlists]]`, `[[rules.allowlists]]`); gitleaks refuses both at once.
fn allowlists_of(
    single: Option<toml::Spanned<RawAllowlist>>,
    many: Vec<toml::Spanned<RawAllowlist>>,
    what: &str,
) -> Result<Vec<toml::Spanned<RawAllowlist>>, LoadError> {
    match (single, many.first()) {
        (Some(one), Some(_)) => Err(error(
            Some(one.span()),
            format!("{what}: `allowlist` and `allowlists` both given (use one form, `allowlists` is the newer)"),
        )),
        (Some(one), None) => Ok(vec![one]),
        (None, _) => Ok(many),
    }
}

/// Compiles one allowlist; `what` names it in messages (`allowlist`, `rule `x` allowlist`). Returns it and its
/// notes.
fn compile_allowlist(
    raw: &toml::Spanned<RawAllowlist>,
    what: &str,
    global: bool,
) -> Result<(Allowlist, Vec<LoadError>), LoadError> {
    let span = Some(raw.span());
    let a = raw.get_ref();
    let all = match &a.condition {
        None => false,
        Some(c) => match c.get_ref().trim().to_ascii_uppercase().as_str() {
            "" | "OR" | "||" => false,
            "AND" | "&&" => true,
            other => {
                return Err(error(
                    Some(c.span()),
                    format!("{what}: unknown `condition = \"{other}\"` (`OR` or `AND`)"),
                ));
            }
        },
    };
    let target = match a.regex_target.as_ref().map(|t| (t.get_ref().as_str(), t.span())) {
        None | Some(("" | "secret", _)) => RegexTarget::Secret,
        Some(("match", _)) => RegexTarget::Match,
        Some(("line", _)) => RegexTarget::Line,
        Some((other, at)) => {
            return Err(error(
                Some(at),
                format!("{what}: unknown `regexTarget = \"{other}\"` (`secret`, `match` or `line`)"),
            ));
        }
    };
    if !global && !a.target_rules.is_empty() {
        return Err(error(span, format!("{what}: `targetRules` belongs in a global `[[allowlists]]`")));
    }
    let commits = a.commits.as_ref().is_some_and(|c| !c.get_ref().is_empty());
    if !commits && a.paths.is_empty() && a.regexes.is_empty() && a.stopwords.is_empty() {
        return Err(error(span, format!("{what}: needs at least one of `paths`, `regexes`, `stopwords`, `commits`")));
    }
    let paths = if a.paths.is_empty() {
        None
    } else {
        let mut set = GlobSetBuilder::new();
        for p in &a.paths {
            let g = GlobBuilder::new(p.get_ref())
                .literal_separator(false)
                .build()
                .map_err(|e| error(Some(p.span()), format!("{what}: invalid glob `{}`: {}", p.get_ref(), e.kind())))?;
            set.add(g);
        }
        Some(set.build().map_err(|e| error(span, format!("{what}: {e}")))?)
    };
    let mut regexes = Vec::new();
    for r in &a.regexes {
        regexes.push(compile(r.get_ref()).map_err(|e| error(Some(r.span()), format!("{what}: invalid regex: {e}")))?);
    }
    let stopwords = a.stopwords.iter().map(|w| w.to_lowercase()).filter(|w| !w.is_empty()).collect();
    let mut notes = Vec::new();
    if let Some(c) = a.commits.as_ref().filter(|_| commits) {
        let effect = if all {
            ", so this `AND` allowlist never applies"
        } else if paths.is_none() && a.regexes.is_empty() && a.stopwords.is_empty() {
            ", so this allowlist allows nothing"
        } else {
            ""
        };
        notes.push(error(
            Some(c.span()),
            format!("{what}: `commits` never match (precheck checks one revision, not a history){effect}"),
        ));
    }
    let target_rules = a.target_rules.iter().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect();
    Ok((Allowlist { all, target, commits, paths, regexes, stopwords, target_rules }, notes))
}

/// A rule as one file gives it: fields it leaves out may come from a rule of the same id in an extended table.
struct PartialRule {
    id: String,
    description: Option<String>,
    regex: Option<Regex>,
    secret_group: Option<usize>,
    keywords: Vec<String>,
    entropy: Option<f64>,
    path: Option<GlobMatcher>,
    allowlists: Vec<Allowlist>,
    /// Where the rule is, in the file being loaded (for a rule of an extended table: its `[extend]` line).
    span: Range<usize>,
}

/// A table file parsed, with what it extends merged in.
struct Parsed {
    rules: Vec<PartialRule>,
    /// Global allowlists; the span is set for those of the file being loaded (their `targetRules` are checked).
    allowlists: Vec<(Allowlist, Option<Range<usize>>)>,
    notes: Vec<Rejected>,
    files: Vec<String>,
}

/// gitleaks follows `[extend]` this many levels deep and ignores a deeper one.
const MAX_EXTEND_DEPTH: usize = 2;

/// Reads a table file of the repository (its text, or why it cannot be read).
pub type ReadTable<'a> = dyn FnMut(&str) -> Result<String, String> + 'a;

/// Parses one file of a table, without following its `[extend]`.
fn parse_file(path: &str, text: &str) -> Result<(Parsed, Option<toml::Spanned<RawExtend>>), LoadError> {
    let raw: RawTable = toml::from_str(text).map_err(|e| error(e.span(), e.message().trim().to_string()))?;
    let mut rules = Vec::new();
    let mut notes = Vec::new();
    for r in raw.rules {
        let id = r.id.get_ref().trim().to_string();
        let span = r.id.span();
        if id.is_empty() {
            return Err(error(Some(span), "a rule without an `id`"));
        }
        let regex = match &r.regex {
            Some(re) => Some(
                compile(re.get_ref())
                    .map_err(|e| error(Some(re.span()), format!("rule `{id}`: invalid regex: {e}")))?,
            ),
            None => None,
        };
        if let Some(entropy) = r.entropy.as_ref().filter(|e| !e.get_ref().is_finite() || *e.get_ref() < 0.0) {
            return Err(error(Some(entropy.span()), format!("rule `{id}`: `entropy` must be a number ≥ 0")));
        }
        let path = match &r.path {
            Some(p) => Some(glob(p.get_ref()).map_err(|e| error(Some(p.span()), format!("rule `{id}`: {e}")))?),
            None => None,
        };
        let what = format!("rule `{id}` allowlist");
        let mut allowlists = Vec::new();
        for a in allowlists_of(r.allowlist, r.allowlists, &format!("rule `{id}`"))? {
            let (allowlist, more) = compile_allowlist(&a, &what, false)?;
            allowlists.push(allowlist);
            notes.extend(more);
        }
        rules.push(PartialRule {
            description: r.description.filter(|d| !d.trim().is_empty()),
            id,
            regex,
            secret_group: r.secret_group,
            keywords: r.keywords.iter().map(|k| k.to_ascii_lowercase()).filter(|k| !k.is_empty()).collect(),
            entropy: r.entropy.map(toml::Spanned::into_inner),
            path,
            allowlists,
            span,
        });
    }
    let mut allowlists = Vec::new();
    for a in allowlists_of(raw.allowlist, raw.allowlists, "the table")? {
        let (allowlist, more) = compile_allowlist(&a, "allowlist", true)?;
        allowlists.push((allowlist, Some(a.span())));
        notes.extend(more);
    }
    let notes = notes
        .into_iter()
        .map(|error| Rejected { path: path.to_string(), text: Some(text.to_string()), error })
        .collect();
    Ok((Parsed { rules, allowlists, notes, files: vec![path.to_string()] }, raw.extend))
}

/// The 1-based line of `error` in `text`, as ` (line N)`, if it has a place.
fn line_note(text: &str, error: &LoadError) -> String {
    match &error.range {
        // Counted on bytes: the range comes from the TOML parser or the regex compiler, not from this text.
        Some(r) if r.start <= text.len() => {
            format!(" (line {})", memchr::memchr_iter(b'\n', &text.as_bytes()[..r.start]).count() + 1)
        }
        _ => String::new(),
    }
}

/// Parses `path` and merges in what its `[extend]` names, recursively; `chain` holds the files that extend it.
fn resolve(path: &str, text: &str, read: &mut ReadTable<'_>, chain: &mut Vec<String>) -> Result<Parsed, LoadError> {
    let (mut parsed, extend) = parse_file(path, text)?;
    let Some(extend) = extend else { return Ok(parsed) };
    let note = |parsed: &mut Parsed, range: Range<usize>, message: String| {
        parsed.notes.push(Rejected {
            path: path.to_string(),
            text: Some(text.to_string()),
            error: error(Some(range), message),
        });
    };
    let at = extend.span();
    let extend = extend.into_inner();
    let disabled = extend.disabled_rules.map(|d| (d.span(), d.into_inner())).unwrap_or_default();
    if let Some(default) = &extend.use_default {
        if extend.path.is_some() && *default.get_ref() {
            return Err(error(
                Some(default.span()),
                "`[extend]` sets both `useDefault` and `path` (gitleaks takes one)",
            ));
        }
        if !*default.get_ref() {
            note(
                &mut parsed,
                default.span(),
                "`useDefault = false` is not supported: precheck's built-in secret rules always run (turn them off \
                 in precheck.toml `[rules]`)"
                    .to_string(),
            );
        }
    }
    let Some(target) = extend.path else {
        if !disabled.1.is_empty() {
            note(
                &mut parsed,
                disabled.0,
                "`disabledRules` only applies to the rules of `[extend] path`: precheck's built-in secret rules are \
                 turned off in precheck.toml `[rules]`"
                    .to_string(),
            );
        }
        return Ok(parsed);
    };
    let span = target.span();
    let target = target.get_ref().trim().trim_start_matches("./").to_string();
    chain.push(path.to_string());
    if chain.contains(&target) {
        let cycle = format!("{} → {target}", chain.join(" → "));
        chain.pop();
        return Err(error(Some(span), format!("`[extend] path` makes a cycle ({cycle})")));
    }
    if chain.len() > MAX_EXTEND_DEPTH {
        chain.pop();
        note(
            &mut parsed,
            span,
            format!("`[extend] path = \"{target}\"` ignored: gitleaks extends at most {MAX_EXTEND_DEPTH} levels deep"),
        );
        return Ok(parsed);
    }
    let child = match read(&target) {
        Ok(child_text) => resolve(&target, &child_text, read, chain).map_err(|e| {
            error(
                Some(span),
                format!("extended table `{target}` not loaded{}: {}", line_note(&child_text, &e), e.message),
            )
        }),
        Err(e) => Err(error(Some(span), format!("extended table `{target}` {e}"))),
    };
    chain.pop();
    let child = child?;
    for id in disabled.1.iter().filter(|id| !child.rules.iter().any(|r| &r.id == *id)) {
        note(&mut parsed, disabled.0.clone(), format!("`disabledRules` names `{id}`, no rule of `{target}`"));
    }
    merge(&mut parsed, child, &disabled.1, &at);
    Ok(parsed)
}

/// Merges an extended table into the extending one, as gitleaks does: rules named in `disabled` are left out; a
/// rule with the id of an extending rule takes that rule's description, regex, secret group, entropy and path when
/// it gives them, and adds its keywords and allowlists; the global allowlists add up.
fn merge(parsed: &mut Parsed, child: Parsed, disabled: &[String], at: &Range<usize>) {
    for mut base in child.rules {
        if disabled.contains(&base.id) {
            continue;
        }
        match parsed.rules.iter_mut().find(|r| r.id == base.id) {
            Some(own) => {
                base.description = own.description.take().or(base.description);
                base.regex = own.regex.take().or(base.regex);
                base.secret_group = own.secret_group.filter(|g| *g != 0).or(base.secret_group);
                base.entropy = own.entropy.filter(|e| *e != 0.0).or(base.entropy);
                base.path = own.path.take().or(base.path);
                base.keywords.append(&mut own.keywords);
                base.allowlists.append(&mut own.allowlists);
                base.span = own.span.clone();
                *own = base;
            }
            None => {
                base.span = at.clone();
                parsed.rules.push(base);
            }
        }
    }
    parsed.allowlists.extend(child.allowlists.into_iter().map(|(a, _)| (a, None)));
    parsed.notes.extend(child.notes);
    parsed.files.extend(child.files);
}

/// Compiles a parsed table (with what it extends) into its final rules.
fn finish(path: &str, parsed: Parsed) -> Result<Table, LoadError> {
    let mut rules = Vec::new();
    for r in parsed.rules {
        let id = r.id;
        let regex = match (r.regex, &r.path) {
            (Some(regex), _) => Some(regex),
            (None, Some(_)) => None,
            (None, None) => {
                return Err(error(
                    Some(r.span),
                    format!("rule `{id}` has neither a `regex` nor a `path` (nor an extended rule of that id)"),
                ));
            }
        };
        let groups = regex.as_ref().map_or(0, |re| re.captures_len() - 1);
        let group = match r.secret_group {
            None | Some(0) => usize::from(groups > 0),
            Some(g) if g <= groups => g,
            Some(g) => {
                return Err(error(
                    Some(r.span),
                    format!("rule `{id}`: `secretGroup = {g}` but the regex has {groups} group(s)"),
                ));
            }
        };
        let mut keywords = r.keywords;
        keywords.sort();
        keywords.dedup();
        rules.push(ExtraRule {
            description: r.description.unwrap_or_else(|| id.clone()),
            id,
            regex,
            group,
            keywords,
            entropy: r.entropy.unwrap_or(0.0),
            path: r.path,
            allowlists: r.allowlists,
        });
    }
    let mut allowlists = Vec::new();
    for (allowlist, span) in parsed.allowlists {
        if let Some(span) = span
            && let Some(unknown) = allowlist.target_rules.iter().find(|t| !rules.iter().any(|r| &r.id == *t))
        {
            return Err(error(Some(span), format!("allowlist: `targetRules` names `{unknown}`, no rule of the table")));
        }
        allowlists.push(allowlist);
    }
    Ok(Table { path: path.to_string(), files: parsed.files, rules, allowlists, notes: parsed.notes })
}

/// Loads one table: parses it, follows its `[extend] path` (files of the repository, through `read`), and compiles
/// the result. An extended table that cannot be read or loaded, or a cycle, is an error on the `[extend]` line.
pub fn load_table(path: &str, text: &str, read: &mut ReadTable<'_>) -> Result<Table, LoadError> {
    let parsed = resolve(path, text, read, &mut Vec::new())?;
    finish(path, parsed)
}

/// Reads a table file from a source, as text.
fn read_source(source: &dyn FileSource, path: &str) -> Result<String, String> {
    match source.read(path) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|_| "is not UTF-8".to_string()),
        Err(e) => Err(format!("cannot be read ({})", e.kind())),
    }
}

/// Reads a table file from the run's source, as text.
fn read_text(repo: &RepoCtx<'_>, path: &str) -> Result<String, String> {
    read_source(repo.source, path)
}

/// Loads every table `[code] secret-rules` names, from the run's source.
fn load(repo: &RepoCtx<'_>) -> ExtraRules {
    let settings = Settings::of(repo.config);
    let mut out = ExtraRules::default();
    for configured in &settings.config.secret_rules {
        let path = configured.trim().trim_start_matches("./").to_string();
        let text = match read_text(repo, &path) {
            Ok(text) => text,
            Err(e) => {
                out.rejected.push(Rejected { path, text: None, error: error(None, format!("the file {e}")) });
                continue;
            }
        };
        match load_table(&path, &text, &mut |p| read_text(repo, p)) {
            Ok(mut table) => {
                out.notes.append(&mut table.notes);
                out.tables.push(table);
            }
            Err(error) => out.rejected.push(Rejected { path, text: Some(text), error }),
        }
    }
    out
}

/// The run's extra tables (`None` without a repository context or without `secret-rules`).
fn of(repo: &RepoCtx<'_>) -> Option<Arc<ExtraRules>> {
    if Settings::of(repo.config).config.secret_rules.is_empty() {
        return None;
    }
    Some(repo.fact(|| load(repo)))
}

/// Loads `[code] secrets-config`, a gitleaks configuration file of the revision, with the files its `[extend]
/// path` names: `Ok(None)` when the key is not set; the table and the text of every file read; or why it cannot
/// be used, naming the file, the rule and the reason (the run stops with exit status 2: see `Check::prepare`).
pub fn load_secrets_config(config: &CodeConfig, source: &dyn FileSource) -> Result<Option<(Table, String)>, String> {
    let path = config.secrets_config.trim().trim_start_matches("./");
    if path.is_empty() {
        return Ok(None);
    }
    let what = format!("[code] secrets-config `{path}`");
    let text = read_source(source, path).map_err(|e| format!("{what}: the file {e}"))?;
    let mut read = text.clone();
    let table = load_table(path, &text, &mut |p| {
        let more = read_source(source, p)?;
        read.push_str(&more);
        Ok(more)
    })
    .map_err(|e| format!("{what}{}: {}", line_note(&text, &e), e.message))?;
    Ok(Some((table, read)))
}

/// The run's `[code] secrets-config` table, loaded once (`None`: not set, or not loadable, which `prepare`
/// has already reported by stopping the run).
#[derive(Debug, Default)]
struct SecretsConfig(Option<Table>);

fn secrets_config(repo: &RepoCtx<'_>) -> Option<Arc<SecretsConfig>> {
    let settings = Settings::of(repo.config);
    if settings.config.secrets_config.trim().is_empty() {
        return None;
    }
    Some(repo.fact(|| SecretsConfig(load_secrets_config(&settings.config, &*repo.source).ok().flatten().map(|t| t.0))))
}

/// Places a table problem on its line of the table file.
fn rejected_span(r: &Rejected) -> Span {
    let path: Arc<str> = Arc::from(r.path.as_str());
    match (&r.text, &r.error.range) {
        (Some(text), Some(range)) if range.end <= text.len() => {
            let index = LineIndex::new(text);
            let line = index.line_of(range.start);
            index.lines_span(&path, text, line, line)
        }
        _ => Span::file(Arc::clone(&path)),
    }
}

/// Reports the tables that were not loaded, once per run, on the table files; and the settings of
/// `secrets-config` that load but do nothing (TXT115 warnings).
pub fn check_repo(cx: &RepoCtx<'_>, out: &mut Sink) {
    if cx.is_base {
        return;
    }
    if out.enabled(&txt115_custom_secret::RULE)
        && let Some(config) = secrets_config(cx)
        && let Some(table) = &config.0
    {
        for note in &table.notes {
            let message = format!("secrets-config `{}`: {}", note.path, note.error.message);
            out.push(
                Finding::new(&txt115_custom_secret::RULE, rejected_span(note), message)
                    .with_severity(Severity::Warning)
                    .with_help("the other rules of the file run; see `precheck explain TXT115`"),
            );
        }
    }
    if !out.enabled(&txt107_provider_token::RULE) {
        return;
    }
    let Some(extra) = of(cx) else { return };
    for (r, loaded) in extra.rejected.iter().map(|r| (r, false)).chain(extra.notes.iter().map(|r| (r, true))) {
        let span = rejected_span(r);
        let (message, help) = if loaded {
            (
                format!("secret rule table `{}`: {}", r.path, r.error.message),
                "the table's rules run; see `precheck explain TXT107` for what precheck supports of the gitleaks format",
            )
        } else {
            (
                format!("secret rule table `{}` not loaded: {}", r.path, r.error.message),
                "fix the table (gitleaks-like TOML, `regex` crate syntax); until then its rules do not run",
            )
        };
        out.push(
            Finding::new(&txt107_provider_token::RULE, span, message).with_severity(Severity::Warning).with_help(help),
        );
    }
}

/// Runs the extra tables (`secret-rules`, as TXT107) and the `secrets-config` file (as TXT115) on one file,
/// adding their secrets to `found`.
pub fn scan(cx: &FileCtx<'_>, settings: &Settings, out: &Sink, found: &mut Vec<Candidate>) {
    let Some(repo) = cx.repo() else { return };
    let mut lower: Option<String> = None;
    if out.enabled(&txt107_provider_token::RULE)
        && let Some(extra) = of(repo)
    {
        for table in &extra.tables {
            scan_table(cx, table, &txt107_provider_token::RULE, settings, &mut lower, found);
        }
    }
    if out.enabled(&txt115_custom_secret::RULE)
        && let Some(config) = secrets_config(repo)
        && let Some(table) = &config.0
    {
        scan_table(cx, table, &txt115_custom_secret::RULE, settings, &mut lower, found);
    }
}

/// Runs one table on one file; `lower` is the file's text in lower case, made on first need.
fn scan_table(
    cx: &FileCtx<'_>,
    table: &Table,
    rule_meta: &'static RuleMeta,
    settings: &Settings,
    lower: &mut Option<String>,
    found: &mut Vec<Candidate>,
) {
    let path: &str = cx.path();
    let text = cx.text();
    if table.files.iter().any(|f| f == path) {
        return;
    }
    for rule in &table.rules {
        if rule.path.as_ref().is_some_and(|g| !g.is_match(path)) {
            continue;
        }
        if !rule.keywords.is_empty() {
            let lower = lower.get_or_insert_with(|| text.to_ascii_lowercase());
            if !rule.keywords.iter().any(|k| lower.contains(k.as_str())) {
                continue;
            }
        }
        let Some(regex) = &rule.regex else {
            // A path-only rule: the file itself is the finding (a key store, a credentials file).
            let hit = Hit { path, secret: path, matched: path, line: path };
            if table.allowlists.iter().any(|a| a.applies_to(&rule.id) && a.allows(&hit))
                || rule.allowlists.iter().any(|a| a.allows(&hit))
            {
                continue;
            }
            let range = 0..line_around(text, 0).end;
            let message = format!("{}: the file matches (gitleaks rule `{}`)", rule.description, rule.id);
            let finding = Finding::new(rule_meta, cx.span(range.clone()), message)
                .with_help("remove the file from the repository and keep it in a secret store");
            found.push(Candidate { priority: 1, range, secret: path.to_string(), finding });
            continue;
        };
        for caps in regex.captures_iter(text) {
            let Some(m) = caps.get(rule.group) else { continue };
            let secret = m.as_str();
            if secret.is_empty()
                || allowlisted(secret, settings)
                || (rule.entropy > 0.0 && entropy(secret) < rule.entropy)
            {
                continue;
            }
            let whole = caps.get(0).map_or(m.range(), |w| w.range());
            let lines = line_around(text, whole.start).start..line_around(text, whole.end).end;
            let matched = caps.get(0).map_or(secret, |w| w.as_str());
            let hit = Hit { path, secret, matched, line: text.get(lines).unwrap_or(matched) };
            if table.allowlists.iter().any(|a| a.applies_to(&rule.id) && a.allows(&hit))
                || rule.allowlists.iter().any(|a| a.allows(&hit))
            {
                continue;
            }
            if pragma_allows(text, &line_around(text, m.start()), settings) {
                continue;
            }
            let range = m.range();
            let shown = shown(secret, settings.config.redact);
            let message = if rule_meta.code == txt115_custom_secret::RULE.code {
                format!("{} `{shown}` in the file (gitleaks rule `{}`)", rule.description, rule.id)
            } else {
                format!("{} `{shown}` in the file (rule `{}` of `{}`)", rule.description, rule.id, table.path)
            };
            let finding = Finding::new(rule_meta, cx.span(range.clone()), message).with_help(
                "revoke or rotate the credential, remove it from the history, and load it from the environment \
                 or a secret store",
            );
            found.push(Candidate { priority: 1, range, secret: secret.to_string(), finding });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Loads one table that extends no other file.
    fn parse_table(path: &str, text: &str) -> Result<Table, LoadError> {
        load_table(path, text, &mut |_| Err("cannot be read here".to_string()))
    }

    const GOOD: &str = r#"
title = "extra"

[[rules]]
id = "acme-token"
description = "ACME API token"
regex = '''\b(acme_[0-9A-Za-z]{32})\b'''
keywords = ["ACME_"]
entropy = 3.0
path = "**/*.properties"

[[rules]]
id = "plain"
regex = '''zz[0-9]{8}'''

[allowlist]
paths = ["test/**"]
regexes = ['''^acme_test''']
stopwords = ["Sample"]
"#;

    #[test]
    fn good_table_compiles() {
        let table = parse_table("t.toml", GOOD);
        let Ok(table) = table else { panic!("{table:?}") };
        assert_eq!(table.rules.len(), 2);
        assert_eq!(table.rules[0].group, 1);
        assert_eq!(table.rules[0].keywords, vec!["acme_".to_string()]);
        assert_eq!(table.rules[0].description, "ACME API token");
        assert!(table.rules[0].path.as_ref().is_some_and(|g| g.is_match("a/b.properties")));
        assert_eq!(table.rules[1].group, 0);
        assert_eq!(table.rules[1].description, "plain");
        assert_eq!(table.allowlists.len(), 1);
        assert!(table.allowlists[0].paths.as_ref().is_some_and(|p| p.is_match("test/x.properties")));
        assert_eq!(table.allowlists[0].stopwords, vec!["sample".to_string()]);
        assert!(table.notes.is_empty());
    }

    fn hit<'a>(path: &'a str, secret: &'a str, matched: &'a str, line: &'a str) -> Hit<'a> {
        Hit { path, secret, matched, line }
    }

    fn rule_allowlists(allow: &str) -> Result<Table, LoadError> {
        parse_table("t.toml", &format!("[[rules]]\nid = \"x\"\nregex = '''k=(z[0-9]+)'''\n{allow}"))
    }

    #[test]
    fn rule_allowlists_old_and_new_forms() {
        let t = rule_allowlists("[rules.allowlist]\nstopwords = [\"Z1\"]\n");
        let Ok(t) = t else { panic!("{t:?}") };
        assert_eq!(t.rules[0].allowlists.len(), 1);
        assert!(t.rules[0].allowlists[0].allows(&hit("a", "z123", "k=z123", "k=z123")));
        let t =
            rule_allowlists("[[rules.allowlists]]\nstopwords = [\"z1\"]\n[[rules.allowlists]]\npaths = [\"t/**\"]\n");
        let Ok(t) = t else { panic!("{t:?}") };
        assert_eq!(t.rules[0].allowlists.len(), 2);
        assert!(t.allowlists.is_empty());
        let e = rule_allowlists("[rules.allowlist]\nstopwords = [\"a\"]\n[[rules.allowlists]]\nstopwords = [\"b\"]\n")
            .err();
        assert!(e.is_some_and(|e| e.message.contains("both given")));
        let e = rule_allowlists("[[rules.allowlists]]\ndescription = \"nothing\"\n").err();
        assert!(e.is_some_and(|e| e.message.contains("at least one of")));
        let e = rule_allowlists("[[rules.allowlists]]\nstopwords = [\"a\"]\nfiles = [\"b\"]\n").err();
        assert!(e.as_ref().is_some_and(|e| e.message.contains("unknown field `files`")), "{e:?}");
        let e = rule_allowlists("[[rules.allowlists]]\nstopwords = [\"a\"]\ntargetRules = [\"x\"]\n").err();
        assert!(e.is_some_and(|e| e.message.contains("global")));
    }

    #[test]
    fn global_allowlists_both_forms_and_target_rules() {
        let base = "[[rules]]\nid = \"x\"\nregex = '''z[0-9]+'''\n";
        let t = parse_table(
            "t.toml",
            &format!(
                "{base}[[allowlists]]\nstopwords = [\"z1\"]\n[[allowlists]]\ntargetRules = [\"x\"]\nregexes = ['''9$''']\n"
            ),
        );
        let Ok(t) = t else { panic!("{t:?}") };
        assert_eq!(t.allowlists.len(), 2);
        assert!(t.allowlists[1].applies_to("x") && !t.allowlists[1].applies_to("y") && t.allowlists[0].applies_to("y"));
        let e = parse_table(
            "t.toml",
            &format!("{base}[allowlist]\nstopwords = [\"a\"]\n[[allowlists]]\nstopwords = [\"b\"]\n"),
        )
        .err();
        assert!(e.is_some_and(|e| e.message.contains("both given")));
        let e =
            parse_table("t.toml", &format!("{base}[[allowlists]]\ntargetRules = [\"nope\"]\nstopwords = [\"b\"]\n"))
                .err();
        assert!(e.is_some_and(|e| e.message.contains("`nope`")));
    }

    #[test]
    fn condition_and_regex_target() {
        let t = rule_allowlists(
            "[[rules.allowlists]]\ncondition = \"and\"\nregexTarget = \"match\"\nregexes = ['''^k=''']\npaths = [\"test/**\"]\n",
        );
        let Ok(t) = t else { panic!("{t:?}") };
        let a = &t.rules[0].allowlists[0];
        assert!(a.all && a.target == RegexTarget::Match);
        assert!(a.allows(&hit("test/a", "z1", "k=z1", "k=z1")));
        assert!(!a.allows(&hit("src/a", "z1", "k=z1", "k=z1")), "AND: the path must match too");
        assert!(!a.allows(&hit("test/a", "z1", "z1", "k=z1")), "AND: the regex must match too");
        let t = rule_allowlists("[[rules.allowlists]]\nregexes = ['''^k=''']\npaths = [\"test/**\"]\n");
        let Ok(t) = t else { panic!("{t:?}") };
        let a = &t.rules[0].allowlists[0];
        assert!(!a.all && a.target == RegexTarget::Secret);
        assert!(a.allows(&hit("test/a", "z1", "k=z1", "k=z1")), "OR: the path alone");
        assert!(!a.allows(&hit("src/a", "z1", "k=z1", "k=z1")), "the secret does not start with k=");
        assert!(a.allows(&hit("src/a", "k=z1", "k=z1", "k=z1")));
        let t = rule_allowlists("[[rules.allowlists]]\nregexTarget = \"line\"\nregexes = ['''# fake''']\n");
        let Ok(t) = t else { panic!("{t:?}") };
        assert!(t.rules[0].allowlists[0].allows(&hit("a", "z1", "k=z1", "k=z1 # fake")));
        assert!(!t.rules[0].allowlists[0].allows(&hit("a", "z1", "k=z1", "k=z1")));
        for (field, bad) in [("condition", "XOR"), ("regexTarget", "secrets")] {
            let e = rule_allowlists(&format!("[[rules.allowlists]]\n{field} = \"{bad}\"\nstopwords = [\"a\"]\n")).err();
            assert!(e.is_some_and(|e| e.message.contains(&format!("unknown `{field}"))), "{field}");
        }
    }

    #[test]
    fn commits_never_match_and_say_so() {
        let t = rule_allowlists("[[rules.allowlists]]\ncommits = [\"abc123\"]\n");
        let Ok(t) = t else { panic!("{t:?}") };
        assert!(!t.rules[0].allowlists[0].allows(&hit("a", "z1", "k=z1", "k=z1")));
        assert_eq!(t.notes.len(), 1);
        assert!(t.notes[0].error.message.contains("allows nothing"), "{}", t.notes[0].error.message);
        let t = rule_allowlists("[[rules.allowlists]]\ncondition = \"AND\"\ncommits = [\"abc\"]\npaths = [\"**\"]\n");
        let Ok(t) = t else { panic!("{t:?}") };
        assert!(!t.rules[0].allowlists[0].allows(&hit("a", "z1", "k=z1", "k=z1")));
        assert!(t.notes[0].error.message.contains("never applies"));
        let t = rule_allowlists("[[rules.allowlists]]\ncommits = [\"abc\"]\npaths = [\"**\"]\n");
        let Ok(t) = t else { panic!("{t:?}") };
        assert!(t.rules[0].allowlists[0].allows(&hit("a", "z1", "k=z1", "k=z1")), "OR: the path still works");
        assert!(t.notes[0].error.message.ends_with("not a history)"));
    }

    #[test]
    fn bad_toml_is_rejected_with_a_place() {
        let e = parse_table("t.toml", "[[rules]\nid = 1").err();
        assert!(e.as_ref().is_some_and(|e| e.range.is_some() && !e.message.is_empty()), "{e:?}");
        let e = parse_table("t.toml", "[[rules]]\nid = \"x\"\nregex = \"a\"\nsecret = 1\n").err();
        assert!(e.is_some_and(|e| e.message.contains("secret")));
    }

    #[test]
    fn bad_regex_is_rejected_on_its_line() {
        let text = "[[rules]]\nid = \"x\"\nregex = '''a(b'''\n";
        let e = parse_table("t.toml", text).err();
        let Some(e) = e else { panic!("accepted") };
        assert!(e.message.starts_with("rule `x`: invalid regex: "), "{}", e.message);
        assert!(!e.message.contains('\n'));
        assert!(e.range.is_some_and(|r| text.get(..r.start).is_some_and(|t| t.lines().count() == 3)));
        let e = parse_table("t.toml", "[[rules]]\nid = \"x\"\nregex = '''(a)'''\nsecretGroup = 2\n").err();
        assert!(e.is_some_and(|e| e.message.contains("secretGroup")));
    }

    #[test]
    fn look_around_is_rejected() {
        for re in [r"(?=x)a", r"a(?!x)", r"(?<=k=)\w+", r"(?<!x)y"] {
            let text = format!("[[rules]]\nid = \"x\"\nregex = '''{re}'''\n");
            let e = parse_table("t.toml", &text).err();
            assert!(e.is_some_and(|e| e.message.contains("look-around")), "{re}");
        }
        assert_eq!(look_around(r"\(?=a"), None);
        assert!(parse_table("t.toml", "[[rules]]\nid = \"x\"\nregex = '''(?<name>a)'''\n").is_ok());
    }

    /// Loads `top` from `files` (path, text), following `[extend] path` among them.
    fn load_from(files: &[(&str, &str)], top: &str) -> Result<Table, LoadError> {
        let text = files.iter().find(|(p, _)| *p == top).map_or("", |(_, t)| *t);
        load_table(top, text, &mut |p| {
            files
                .iter()
                .find(|(f, _)| *f == p)
                .map(|(_, t)| t.to_string())
                .ok_or_else(|| "cannot be read (NotFound)".to_string())
        })
    }

    const BASE: &str = r#"
[[rules]]
id = "one"
description = "token one"
regex = '''one_([a-z0-9]{8})'''
keywords = ["one_"]

[[rules]]
id = "two"
regex = '''two_[a-z0-9]{8}'''

[[allowlists]]
stopwords = ["fake"]
"#;

    #[test]
    fn extend_path_merges_rules_and_allowlists() {
        let top = r#"
[extend]
path = "./secrets/base.toml"
disabledRules = ["two"]

[[rules]]
id = "one"
entropy = 2.0
keywords = ["ONE"]
[[rules.allowlists]]
paths = ["docs/**"]

[[rules]]
id = "three"
regex = '''three_[0-9]{4}'''
"#;
        let t = load_from(&[("top.toml", top), ("secrets/base.toml", BASE)], "top.toml");
        let Ok(t) = t else { panic!("{t:?}") };
        let ids: Vec<&str> = t.rules.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["one", "three"], "`two` is disabled");
        let one = &t.rules[0];
        assert_eq!(one.description, "token one", "inherited");
        assert_eq!(one.group, 1);
        assert!((one.entropy - 2.0).abs() < f64::EPSILON, "overridden");
        assert_eq!(one.keywords, ["one", "one_"]);
        assert_eq!(one.allowlists.len(), 1);
        assert_eq!(t.allowlists.len(), 1, "the extended table's global allowlist");
        assert_eq!(t.files, ["top.toml", "secrets/base.toml"]);
        assert!(t.notes.is_empty(), "{:?}", t.notes);
    }

    #[test]
    fn extend_problems() {
        let ext = |body: &str| format!("[extend]\n{body}\n[[rules]]\nid = \"z\"\nregex = '''z[0-9]+'''\n");
        // A missing extended table, a broken one, and a cycle are errors on the `[extend]` line.
        let e = load_from(&[("top.toml", &ext("path = \"gone.toml\""))], "top.toml").err();
        assert!(
            e.as_ref().is_some_and(|e| e.message == "extended table `gone.toml` cannot be read (NotFound)"),
            "{e:?}"
        );
        let broken = "[[rules]]\nid = \"b\"\nregex = '''(?=x)'''\n";
        let e = load_from(&[("top.toml", &ext("path = \"b.toml\"")), ("b.toml", broken)], "top.toml").err();
        let Some(e) = e else { panic!("loaded") };
        assert!(e.message.starts_with("extended table `b.toml` not loaded (line 3): rule `b`"), "{}", e.message);
        assert!(
            e.range.is_some_and(|r| ext("path = \"b.toml\"").get(..r.start).is_some_and(|t| t.lines().count() == 2))
        );
        let a = ext("path = \"b.toml\"");
        let b = ext("path = \"a.toml\"");
        let e = load_from(&[("a.toml", &a), ("b.toml", &b)], "a.toml").err();
        assert!(e.as_ref().is_some_and(|e| e.message.contains("a cycle (a.toml → b.toml → a.toml)")), "{e:?}");
        let e = load_from(&[("a.toml", &ext("path = \"a.toml\""))], "a.toml").err();
        assert!(e.is_some_and(|e| e.message.contains("cycle")));
        // Deeper than gitleaks goes: the third `[extend]` is ignored, with a note.
        let files = [
            ("a.toml", ext("path = \"b.toml\"")),
            ("b.toml", ext("path = \"c.toml\"")),
            ("c.toml", ext("path = \"d.toml\"")),
        ];
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        let t = load_from(&files, "a.toml");
        let Ok(t) = t else { panic!("{t:?}") };
        assert_eq!(t.notes.len(), 1);
        assert_eq!(t.notes[0].path, "c.toml");
        assert!(t.notes[0].error.message.contains("at most 2 levels"));
        // useDefault: `true` is what precheck does anyway; `false` and a stray disabledRules are notes.
        assert!(load_from(&[("t.toml", &ext("useDefault = true"))], "t.toml").is_ok_and(|t| t.notes.is_empty()));
        let t = load_from(&[("t.toml", &ext("useDefault = false\ndisabledRules = [\"generic-api-key\"]"))], "t.toml");
        let Ok(t) = t else { panic!("{t:?}") };
        let notes: Vec<&str> = t.notes.iter().map(|n| n.error.message.as_str()).collect();
        assert!(notes[0].starts_with("`useDefault = false` is not supported"), "{notes:?}");
        assert!(notes[1].starts_with("`disabledRules` only applies"), "{notes:?}");
        let e = load_from(&[("t.toml", &ext("useDefault = true\npath = \"b.toml\""))], "t.toml").err();
        assert!(e.is_some_and(|e| e.message.contains("both")));
        let e = load_from(&[("t.toml", &ext("url = \"https://x\""))], "t.toml").err();
        assert!(e.is_some_and(|e| e.message.contains("unknown field `url`")));
        // A disabled id the extended table lacks, and a rule with no regex anywhere.
        let t =
            load_from(&[("t.toml", &ext("path = \"b.toml\"\ndisabledRules = [\"nope\"]")), ("b.toml", BASE)], "t.toml");
        assert!(t.is_ok_and(|t| t.notes.len() == 1 && t.notes[0].error.message.contains("`nope`")));
        let e = parse_table("t.toml", "[[rules]]\nid = \"x\"\nkeywords = [\"x\"]\n").err();
        assert!(e.is_some_and(|e| e.message.contains("has neither a `regex` nor a `path`")));
        let t = parse_table("t.toml", "[[rules]]\nid = \"p12\"\npath = \"**/*.p12\"\n");
        assert!(t.is_ok_and(|t| t.rules[0].regex.is_none()));
    }

    #[test]
    fn module_doc_example_loads() {
        let source = include_str!("custom.rs");
        let example: String = source
            .lines()
            .skip_while(|l| *l != "//! ```toml")
            .skip(1)
            .take_while(|l| *l != "//! ```")
            .map(|l| format!("{}\n", l.trim_start_matches("//!").trim_start()))
            .collect();
        let base = "[[rules]]\nid = \"old-rule\"\nregex = \"old_[0-9]{8}\"\n";
        let t = load_from(&[("t.toml", &example), ("security/common-secrets.toml", base)], "t.toml");
        let Ok(t) = t else { panic!("{t:?}") };
        assert_eq!(t.rules.len(), 1);
        assert_eq!((t.rules[0].allowlists.len(), t.allowlists.len()), (1, 1));
        assert!(t.notes.is_empty());
    }

    #[test]
    fn line_notes_count_lines_whatever_the_offset() {
        let text = "# 档案\n[[rules]]\nid = \"档\"\n";
        let at = |start: usize| line_note(text, &error(Some(start..start), "x"));
        assert_eq!(at(text.find("id").unwrap_or_default()), " (line 3)");
        // An offset inside `档` (byte 3 is its second byte) is still on line 1.
        assert_eq!(at(3), " (line 1)");
        assert_eq!(at(text.len() + 1), "");
    }
}
