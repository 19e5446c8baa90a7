//! `[code] secret-rules` (code.md §10): extra secret rule tables, TOML files in the repository in a
//! gitleaks-like format, compiled once per run (a [`RepoCtx::fact`]) and reported as TXT107.
//!
//! ```toml
//! [[rules]]
//! id = "acme-token"
//! description = "ACME API token"
//! regex = '''\b(acme_[0-9A-Za-z]{32})\b'''
//! secretGroup = 1          # default: 1 when the regex has a group, else the whole match
//! keywords = ["acme_"]
//! entropy = 3.0            # optional minimum Shannon entropy of the secret
//! path = "**/*.properties" # optional glob of the files the rule applies to
//!
//! [allowlist]
//! paths = ["test/**"]
//! regexes = ['''^acme_test''']
//! stopwords = ["sample"]
//! ```
//!
//! A table that cannot be read, does not parse, or holds a regex the `regex` crate rejects is not loaded: one
//! TXT107 warning on the table file says why, and the run goes on with the other tables.

use std::ops::Range;
use std::sync::Arc;

use globset::{GlobBuilder, GlobMatcher, GlobSet, GlobSetBuilder};
use precheck_core::text::LineIndex;
use precheck_core::{FileCtx, Finding, RepoCtx, Severity, Sink, Span};
use regex::{Regex, RegexBuilder};
use serde::Deserialize;

use crate::config::Settings;
use crate::rules::secrets::provider_token;
use crate::scan::line_around;
use crate::secrets::{Candidate, allowlisted, entropy, pragma_allows, shown};

/// One compiled rule of a table.
#[derive(Debug)]
pub struct ExtraRule {
    pub id: String,
    pub description: String,
    pub regex: Regex,
    /// The capture group holding the secret (0: the whole match).
    pub group: usize,
    /// Lower-case keywords; a file without any of them never reaches the regex.
    pub keywords: Vec<String>,
    pub entropy: f64,
    pub path: Option<GlobMatcher>,
}

/// One compiled table.
#[derive(Debug)]
pub struct Table {
    pub path: String,
    pub rules: Vec<ExtraRule>,
    pub allow_paths: GlobSet,
    pub allow_regexes: Vec<Regex>,
    /// Lower-case stopwords.
    pub stopwords: Vec<String>,
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
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    #[serde(default)]
    #[allow(dead_code, reason = "accepted for gitleaks compatibility, not used")]
    title: Option<String>,
    #[serde(default)]
    rules: Vec<RawRule>,
    #[serde(default)]
    allowlist: Option<RawAllowlist>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawRule {
    id: String,
    #[serde(default)]
    description: Option<String>,
    regex: toml::Spanned<String>,
    #[serde(default)]
    secret_group: Option<usize>,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    entropy: Option<f64>,
    #[serde(default)]
    path: Option<toml::Spanned<String>>,
    #[serde(default)]
    #[allow(dead_code, reason = "accepted for gitleaks compatibility, not used")]
    tags: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAllowlist {
    #[serde(default)]
    #[allow(dead_code, reason = "accepted for gitleaks compatibility, not used")]
    description: Option<String>,
    #[serde(default)]
    paths: Vec<toml::Spanned<String>>,
    #[serde(default)]
    regexes: Vec<toml::Spanned<String>>,
    #[serde(default)]
    stopwords: Vec<String>,
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

/// Parses and compiles one table.
pub fn parse_table(path: &str, text: &str) -> Result<Table, LoadError> {
    let raw: RawTable = toml::from_str(text).map_err(|e| error(e.span(), e.message().trim().to_string()))?;
    let mut rules = Vec::new();
    for r in raw.rules {
        let id = r.id.trim().to_string();
        if id.is_empty() {
            return Err(error(Some(r.regex.span()), "a rule without an `id`"));
        }
        let regex = compile(r.regex.get_ref())
            .map_err(|e| error(Some(r.regex.span()), format!("rule `{id}`: invalid regex: {e}")))?;
        let groups = regex.captures_len() - 1;
        let group = match r.secret_group {
            None | Some(0) => usize::from(groups > 0),
            Some(g) if g <= groups => g,
            Some(g) => {
                return Err(error(
                    Some(r.regex.span()),
                    format!("rule `{id}`: `secretGroup = {g}` but the regex has {groups} group(s)"),
                ));
            }
        };
        let entropy = r.entropy.unwrap_or(0.0);
        if !entropy.is_finite() || entropy < 0.0 {
            return Err(error(Some(r.regex.span()), format!("rule `{id}`: `entropy` must be a number ≥ 0")));
        }
        let path = match &r.path {
            Some(p) => Some(glob(p.get_ref()).map_err(|e| error(Some(p.span()), format!("rule `{id}`: {e}")))?),
            None => None,
        };
        rules.push(ExtraRule {
            description: r.description.filter(|d| !d.trim().is_empty()).unwrap_or_else(|| id.clone()),
            id,
            regex,
            group,
            keywords: r.keywords.iter().map(|k| k.to_ascii_lowercase()).filter(|k| !k.is_empty()).collect(),
            entropy,
            path,
        });
    }
    let mut allow_paths = GlobSetBuilder::new();
    let mut allow_regexes = Vec::new();
    let mut stopwords = Vec::new();
    if let Some(allow) = raw.allowlist {
        for p in &allow.paths {
            let g = GlobBuilder::new(p.get_ref()).literal_separator(false).build().map_err(|e| {
                error(Some(p.span()), format!("allowlist: invalid glob `{}`: {}", p.get_ref(), e.kind()))
            })?;
            allow_paths.add(g);
        }
        for r in &allow.regexes {
            allow_regexes.push(
                compile(r.get_ref()).map_err(|e| error(Some(r.span()), format!("allowlist: invalid regex: {e}")))?,
            );
        }
        stopwords = allow.stopwords.iter().map(|w| w.to_ascii_lowercase()).filter(|w| !w.is_empty()).collect();
    }
    let allow_paths = allow_paths.build().map_err(|e| error(None, format!("allowlist: {e}")))?;
    Ok(Table { path: path.to_string(), rules, allow_paths, allow_regexes, stopwords })
}

/// Loads every table `[code] secret-rules` names, from the run's source.
fn load(repo: &RepoCtx<'_>) -> ExtraRules {
    let settings = Settings::of(repo.config);
    let mut out = ExtraRules::default();
    for configured in &settings.config.secret_rules {
        let path = configured.trim().trim_start_matches("./").to_string();
        let text = match repo.source.read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(_) => {
                    out.rejected.push(Rejected { path, text: None, error: error(None, "the file is not UTF-8") });
                    continue;
                }
            },
            Err(e) => {
                let message = format!("the file cannot be read ({})", e.kind());
                out.rejected.push(Rejected { path, text: None, error: error(None, message) });
                continue;
            }
        };
        match parse_table(&path, &text) {
            Ok(table) => out.tables.push(table),
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

/// Reports the tables that were not loaded, once per run, on the table files.
pub fn check_repo(cx: &RepoCtx<'_>, out: &mut Sink) {
    if cx.is_base || !out.enabled(&provider_token::RULE) {
        return;
    }
    let Some(extra) = of(cx) else { return };
    for r in &extra.rejected {
        let path: Arc<str> = Arc::from(r.path.as_str());
        let span = match (&r.text, &r.error.range) {
            (Some(text), Some(range)) if range.end <= text.len() => {
                let index = LineIndex::new(text);
                let line = index.line_of(range.start);
                index.lines_span(&path, text, line, line)
            }
            _ => Span::file(Arc::clone(&path)),
        };
        let message = format!("secret rule table `{}` not loaded: {}", r.path, r.error.message);
        out.push(
            Finding::new(&provider_token::RULE, span, message)
                .with_severity(Severity::Warning)
                .with_help("fix the table (gitleaks-like TOML, `regex` crate syntax); until then its rules do not run"),
        );
    }
}

/// Runs the extra tables on one file, adding their secrets to `found`.
pub fn scan(cx: &FileCtx<'_>, settings: &Settings, out: &Sink, found: &mut Vec<Candidate>) {
    if !out.enabled(&provider_token::RULE) {
        return;
    }
    let Some(repo) = cx.repo() else { return };
    let Some(extra) = of(repo) else { return };
    let path: &str = cx.path();
    let text = cx.text();
    let mut lower: Option<String> = None;
    for table in &extra.tables {
        if table.path == path || table.allow_paths.is_match(path) {
            continue;
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
            for caps in rule.regex.captures_iter(text) {
                let Some(m) = caps.get(rule.group) else { continue };
                let secret = m.as_str();
                if secret.is_empty() || allowlisted(secret, settings) {
                    continue;
                }
                let lowered = secret.to_ascii_lowercase();
                if table.stopwords.iter().any(|w| lowered.contains(w.as_str()))
                    || table.allow_regexes.iter().any(|re| re.is_match(secret))
                    || (rule.entropy > 0.0 && entropy(secret) < rule.entropy)
                {
                    continue;
                }
                if pragma_allows(text, &line_around(text, m.start()), settings) {
                    continue;
                }
                let range = m.range();
                let message = format!(
                    "{} `{}` in the file (rule `{}` of `{}`)",
                    rule.description,
                    shown(secret, settings.config.redact),
                    rule.id,
                    table.path
                );
                let finding = Finding::new(&provider_token::RULE, cx.span(range.clone()), message).with_help(
                    "revoke or rotate the credential, remove it from the history, and load it from the environment \
                     or a secret store",
                );
                found.push(Candidate { priority: 1, range, secret: secret.to_string(), finding });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(table.allow_paths.is_match("test/x.properties"));
        assert_eq!(table.stopwords, vec!["sample".to_string()]);
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
        assert!(e.range.is_some_and(|r| text[..r.start].lines().count() == 3));
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
}
