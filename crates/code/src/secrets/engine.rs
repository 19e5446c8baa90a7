//! The secret pipeline of code.md §4.1, shared by the TXT101–TXT115 rule files: one ASCII case-insensitive
//! Aho-Corasick automaton over every pattern's keywords picks candidate lines and, for each, the patterns
//! whose keywords it holds; each of those patterns' own regex (compiled on first use) extracts the secret
//! group, which must pass the pattern's entropy threshold and the allowlists (paths, stopwords, placeholders,
//! inline pragmas). One secret gives one finding (the most specific rule wins), the message shows at most its
//! first four characters, and the fingerprint hashes the secret.

use std::ops::Range;
use std::sync::{LazyLock, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use precheck_core::{FileCtx, Finding, RuleMeta, Scope, Sink};
use regex::Regex;
use regex::bytes::{Regex as BytesRegex, RegexBuilder as BytesRegexBuilder};

use crate::config::{Redact, Settings};
use crate::lines::{FileScan, capped, line_around};
use crate::secrets::rules;

/// Which files a pattern applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Files {
    Any,
    /// `.properties`
    Properties,
    /// `.yaml`, `.yml`
    Yaml,
    /// XML files
    Xml,
    /// Configuration-like files where `key = value` needs no quotes (`.properties`, `.env`, `.ini`, YAML, …).
    Config,
}

impl Files {
    fn accepts(self, kind: FileKind) -> bool {
        match self {
            Files::Any => true,
            Files::Properties => kind == FileKind::Properties,
            Files::Yaml => kind == FileKind::Yaml,
            Files::Xml => kind == FileKind::Xml,
            Files::Config => matches!(kind, FileKind::Properties | FileKind::Yaml | FileKind::Config),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Properties,
    Yaml,
    Xml,
    Config,
    Other,
}

fn file_kind(cx: &FileCtx<'_>) -> FileKind {
    let name = cx.info.file_name();
    match cx.info.extension().to_ascii_lowercase().as_str() {
        "properties" => FileKind::Properties,
        "yaml" | "yml" => FileKind::Yaml,
        "xml" => FileKind::Xml,
        "env" | "ini" | "cfg" | "conf" | "toml" | "config" => FileKind::Config,
        _ if name.starts_with(".env") => FileKind::Config,
        _ => FileKind::Other,
    }
}

/// One row of a secret rule table: data, as gitleaks rules are.
#[derive(Debug)]
pub struct Pattern {
    pub rule: &'static RuleMeta,
    /// What the secret is, for the message ("GitHub personal access token").
    pub what: &'static str,
    pub regex: &'static str,
    /// Lower-case keywords; a line without one of them never reaches the regex.
    pub keywords: &'static [&'static str],
    /// The capture group holding the secret.
    pub group: usize,
    /// Minimum Shannon entropy (bits per character) of the secret; 0 for literal-value rules.
    pub entropy: f64,
    pub files: Files,
    /// Generic key/value rules also require a value that is not an identifier (a digit or a symbol).
    pub generic: bool,
    /// Whether a matched value can still be used: `false` drops it (an expired JSON Web Token).
    pub usable: Option<fn(&str) -> bool>,
    /// The provider's documented sample and placeholder values: a secret containing one is quiet.
    pub samples: &'static [&'static str],
}

impl Pattern {
    /// A token in its provider's own format: the secret is group 1, in any file.
    pub const fn token(
        rule: &'static RuleMeta,
        what: &'static str,
        regex: &'static str,
        keywords: &'static [&'static str],
        entropy: f64,
    ) -> Pattern {
        Pattern {
            rule,
            what,
            regex,
            keywords,
            group: 1,
            entropy,
            files: Files::Any,
            generic: false,
            usable: None,
            samples: &[],
        }
    }
}

/// The most patterns the keyword stage can route: one bit each in a [`Mask`].
const MAX_PATTERNS: usize = 128;
/// A set of patterns, one bit per pattern of the engine's table.
type Mask = u128;

struct Engine {
    patterns: Vec<&'static Pattern>,
    /// Each pattern's regex, compiled the first time a line holds one of its keywords: compiling all of them
    /// took 35 ms, on every run that scans a file (a pre-push hook's whole budget is a few hundred), and
    /// most runs meet the keywords of a few patterns at most. Compiled over bytes with ASCII classes (see
    /// [`Engine::regex`]).
    regexes: Vec<OnceLock<Option<BytesRegex>>>,
    keywords: AhoCorasick,
    /// For each keyword, the bit mask of the patterns it belongs to.
    keyword_masks: Vec<Mask>,
}

/// Values that name a secret rather than hold it: `${DB_PASS}`, `ENC(…)`, `{{ token }}`, `<your-key>`, `****`.
static PLACEHOLDER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^(?:\$\{.*\}|\$\(.*\)|\$[A-Za-z_][A-Za-z0-9_]*|#\{.*\}|\{\{.*\}\}|%\(.*\)s?|<[^>]*>|@[\w.-]+@|ENC\(.*\)|\*+|x+|X+|\.+)$")
        .ok()
});

static ENGINE: LazyLock<Option<Engine>> = LazyLock::new(|| {
    let patterns: Vec<&'static Pattern> = rules::PATTERNS.iter().flat_map(|t| t.iter()).collect();
    if patterns.len() > MAX_PATTERNS {
        return None;
    }
    let regexes = patterns.iter().map(|_| OnceLock::new()).collect();
    let mut words: Vec<&str> = Vec::new();
    let mut keyword_masks: Vec<Mask> = Vec::new();
    for (i, p) in patterns.iter().enumerate() {
        for k in p.keywords {
            match words.iter().position(|w| w == k) {
                Some(at) => keyword_masks[at] |= 1 << i,
                None => {
                    words.push(k);
                    keyword_masks.push(1 << i);
                }
            }
        }
    }
    // A full DFA: with a few hundred keywords the default (a contiguous NFA behind a prefilter that stops
    // helping past a few dozen patterns) took a third of the secret rules' time on a 14,000-file tree.
    let keywords = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&words)
        .ok()?;
    Some(Engine { patterns, regexes, keywords, keyword_masks })
});

impl Engine {
    /// Pattern `i`'s regex; `None` if it does not compile (the tests compile every pattern). Secrets are
    /// ASCII, and so are the names and punctuation around them: the patterns are compiled without Unicode
    /// (`\w`, `\s`, `\b`, case folding and `.` over ASCII and bytes), which makes one ten times cheaper to
    /// compile — a bounded repetition of a Unicode class such as `[^\s"']{1,100}` is a hundred copies of an
    /// automaton for most of Unicode, and a file with a `password` line compiled several. Text around a
    /// match may be anything: a match is cut back to the characters it covers whole ([`Engine::scan`]).
    fn regex(&self, i: usize) -> Option<&BytesRegex> {
        self.regexes
            .get(i)?
            .get_or_init(|| BytesRegexBuilder::new(self.patterns[i].regex).unicode(false).build().ok())
            .as_ref()
    }
}

/// Shannon entropy of `s` in bits per character (over bytes; secrets are ASCII).
pub fn entropy(s: &str) -> f64 {
    let mut counts = [0u32; 256];
    for b in s.bytes() {
        counts[b as usize] += 1;
    }
    let n = s.len() as f64;
    if n == 0.0 {
        return 0.0;
    }
    counts.iter().filter(|&&c| c > 0).map(|&c| f64::from(c) / n).map(|p| -p * p.log2()).sum()
}

/// The secret as a message may show it: at most its first four characters (fewer for short secrets).
pub fn shown(secret: &str, redact: Redact) -> String {
    let count = secret.chars().count();
    let keep = match redact {
        Redact::Full => 0,
        Redact::Prefix => (count / 4).min(4),
    };
    let prefix: String = secret.chars().take(keep).collect();
    format!("{prefix}…")
}

/// Whether the line (or, for `nextline`, the line above) carries a compatible allowlist comment (§7).
#[allow(
    clippy::string_slice,
    reason = "line ranges from `line_around` start and end at a newline, the start or the end"
)]
pub fn pragma_allows(text: &str, line: &Range<usize>, settings: &Settings) -> bool {
    let here = &text[line.clone()];
    if settings.config.gitleaks_allow && here.contains("gitleaks:allow") {
        return true;
    }
    if !settings.config.detect_secrets_pragma {
        return false;
    }
    if here.contains("pragma: allowlist secret") {
        return true;
    }
    if line.start == 0 {
        return false;
    }
    let above = line_around(text, line.start - 1);
    text[above].contains("pragma: allowlist nextline secret")
}

/// Whether `secret` is a placeholder or contains a stopword.
pub fn allowlisted(secret: &str, settings: &Settings) -> bool {
    let lower = secret.to_ascii_lowercase();
    settings.stopwords.iter().any(|w| lower.contains(w.as_str()))
        || PLACEHOLDER.as_ref().is_some_and(|re| re.is_match(secret))
}

/// A secret found in the file, before overlaps between rules are resolved.
pub struct Candidate {
    /// Lower runs first: the more specific rule keeps an overlapping secret.
    pub priority: u8,
    pub range: Range<usize>,
    pub secret: String,
    pub finding: Finding,
}

fn priority(rule: &RuleMeta) -> u8 {
    match rule.code {
        "TXT101" => 0,
        "TXT103" | "TXT104" | "TXT107" | "TXT109" | "TXT110" | "TXT111" | "TXT112" | "TXT114" | "TXT115" => 1,
        "TXT113" => 2,
        "TXT108" => 2,
        "TXT105" => 3,
        _ => 4,
    }
}

/// Runs every secret rule on one file.
pub fn check(cx: &FileCtx<'_>, file: &FileScan, settings: &Settings, out: &mut Sink) {
    // The rules that scan content: all but the repository ones (TXT102 goes by the file list).
    if !rules::RULES.iter().any(|r| r.scope != Scope::Repo && out.enabled(r))
        || settings.secret_allow_paths.is_match(&**cx.path())
    {
        return;
    }
    let mut found: Vec<Candidate> = Vec::new();
    rules::txt101_private_key::check(cx, settings, out, &mut found);
    rules::txt114_kubernetes_secret::check(cx, settings, out, &mut found);
    scan_patterns(cx, file, settings, out, &mut found);
    crate::secrets::custom::scan(cx, settings, out, &mut found);
    // Entropy alone says nothing in a minified bundle or a lock file: every identifier looks random there.
    if out.enabled(&rules::txt106_high_entropy_string::RULE) && cx.origin().is_authored() {
        rules::txt106_high_entropy_string::check(cx, file, settings, &mut found);
    }
    found.sort_by_key(|c| (c.priority, c.range.start));
    let mut taken: Vec<Range<usize>> = Vec::new();
    for c in found {
        if taken.iter().any(|t| t.start < c.range.end && c.range.start < t.end) {
            continue;
        }
        taken.push(c.range.clone());
        let mut finding = c.finding.with_secret(c.secret.as_bytes());
        finding.redact.push(c.range.clone());
        out.push(finding);
    }
}

fn scan_patterns(cx: &FileCtx<'_>, file: &FileScan, settings: &Settings, out: &mut Sink, found: &mut Vec<Candidate>) {
    let Some(engine) = ENGINE.as_ref() else { return };
    let kind = file_kind(cx);
    let mut enabled: Mask = 0;
    for (i, p) in engine.patterns.iter().enumerate() {
        if out.enabled(p.rule) && p.files.accepts(kind) && !(p.rule.code == "TXT108" && skip_datasource(cx)) {
            enabled |= 1 << i;
        }
    }
    if enabled == 0 {
        return;
    }
    let text = cx.text();
    // Candidate lines with the patterns whose keywords they hold.
    let mut lines: Vec<(Range<usize>, Mask)> = Vec::new();
    for m in engine.keywords.find_overlapping_iter(text.as_bytes()) {
        let mask = engine.keyword_masks[m.pattern().as_usize()] & enabled;
        if mask == 0 {
            continue;
        }
        match lines.last_mut() {
            Some((range, bits)) if m.start() >= range.start && m.start() <= range.end => *bits |= mask,
            _ => lines.push((line_around(text, m.start()), mask)),
        }
    }
    for (line, mask) in lines {
        let window = capped(text, line.clone(), file.cap);
        #[allow(clippy::string_slice, reason = "a line from `line_around`, cut by `capped` on a character boundary")]
        let hay = &text[window.clone()];
        let mut allowed: Option<bool> = None;
        // The patterns whose keywords the line holds, in table order.
        for i in (0..engine.patterns.len()).filter(|i| mask & (1 << i) != 0) {
            let pattern = engine.patterns[i];
            let Some(regex) = engine.regex(i) else { continue };
            for caps in regex.captures_iter(hay.as_bytes()) {
                // A table row with alternatives (`HRKU-…` or a UUID under a `heroku` name) holds its secret in
                // whichever group took part.
                let m = caps
                    .get(pattern.group)
                    .or_else(|| if pattern.group == 1 { caps.iter().skip(2).flatten().next() } else { None });
                let Some(m) = m.map(|m| whole_chars(hay, m.range())) else { continue };
                #[allow(clippy::string_slice, reason = "`whole_chars` gives character boundaries of `hay`")]
                let secret = hay[m.clone()].trim_matches(|c| c == '"' || c == '\'');
                #[allow(clippy::string_slice, reason = "`whole_chars` gives character boundaries of `hay`")]
                let key = if pattern.group > 1 { caps.get(1).map(|k| &hay[whole_chars(hay, k.range())]) } else { None };
                if !acceptable(pattern, secret, key, settings) {
                    continue;
                }
                if *allowed.get_or_insert_with(|| pragma_allows(text, &line, settings)) {
                    break;
                }
                let range = window.start + m.start..window.start + m.end;
                let message = format!("{} `{}` in the file", pattern.what, shown(secret, settings.config.redact));
                let finding = Finding::new(pattern.rule, cx.span(range.clone()), message).with_help(
                    "revoke or rotate the credential, remove it from the history, and load it from the environment \
                     or a secret store",
                );
                found.push(Candidate { priority: priority(pattern.rule), range, secret: secret.to_string(), finding });
            }
        }
    }
}

/// `range` of `text` (a match of a byte regex) narrowed to the characters it covers whole: a repetition
/// counted in bytes may end inside a multi-byte character, or a class over bytes start in one.
fn whole_chars(text: &str, range: Range<usize>) -> Range<usize> {
    let start = precheck_core::text::ceil_char_boundary(text, range.start);
    start..precheck_core::text::floor_char_boundary(text, range.end).max(start)
}

/// Zdal data-source files and `antx.properties` have their own password rules (ZD031, AX028).
fn skip_datasource(cx: &FileCtx<'_>) -> bool {
    cx.info.file_name() == "antx.properties" || memchr::memmem::find(cx.bytes, b"com.alipay.zdal").is_some()
}

fn acceptable(pattern: &Pattern, secret: &str, key: Option<&str>, settings: &Settings) -> bool {
    if secret.is_empty() || allowlisted(secret, settings) {
        return false;
    }
    if has_sequence(secret) {
        return false;
    }
    if pattern.usable.is_some_and(|usable| !usable(secret)) {
        return false;
    }
    if pattern.samples.iter().any(|sample| secret.contains(sample)) {
        return false;
    }
    if pattern.entropy == 0.0 && LITERAL_PLACEHOLDERS.contains(&secret.to_ascii_lowercase().as_str()) {
        return false;
    }
    if pattern.entropy > 0.0 && entropy(secret) < pattern.entropy {
        return false;
    }
    if pattern.generic {
        if natural_language(secret) || names_something(secret) {
            return false;
        }
        // An identifier, a dotted path or a URL is a reference to a value, not a value.
        let symbolic =
            secret.bytes().any(|b| b.is_ascii_digit() || !(b.is_ascii_alphanumeric() || b"_.-".contains(&b)));
        if !symbolic || secret.contains("://") || secret.starts_with('$') || snake_words(secret) {
            return false;
        }
    }
    // An encrypted blob under a password key is what TXT108 asks for, not a leak (generic rules agree).
    let password_key = key.is_some_and(|k| {
        let k = k.to_ascii_lowercase();
        k.contains("passw") || k.contains("pwd")
    });
    if (pattern.rule.code == "TXT108" || password_key) && is_encrypted_blob(secret) {
        return false;
    }
    true
}

/// Lower-case words joined by `_` (`correct_master_key_123`): a readable test value or a name, not a
/// generated credential.
fn snake_words(s: &str) -> bool {
    let core = s.trim_end_matches(['!', '?', '.']);
    let mut parts = core.split('_');
    let first_is_word = parts.next().is_some_and(|p| p.len() >= 2 && p.bytes().all(|b| b.is_ascii_lowercase()));
    let rest: Vec<&str> = parts.collect();
    first_is_word
        && !rest.is_empty()
        && rest.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// Whether `s` holds a run of 8 consecutive characters (`ABCDEFGH`, `12345678`): the mark of a made-up test
/// value, never of a generated secret.
/// Natural-language text (a UI label, an i18n message) rather than a credential: letters outside ASCII
/// (Chinese, Cyrillic, …) or the `\uXXXX` escapes `.properties` files keep translations in.
pub fn natural_language(s: &str) -> bool {
    s.chars().any(|c| c.is_alphabetic() && !c.is_ascii()) || s.matches("\\u").count() >= 2
}

/// A name rather than a value: a path (`/sys/getQrcodeToken`) or words joined by separators (a permission
/// `system:user:delete`, a message key `user.token.expired`, a constant `TOKEN_EXPIRED`).
pub fn names_something(s: &str) -> bool {
    if s.starts_with('/') {
        return true;
    }
    // A trailing separator is a prefix: `prefix_user_token:` (a cache key the code appends to).
    let core = s.trim_end_matches([':', '.', '_', '-', '/']);
    let mut parts = core.split([':', '.', '_', '-', '/']);
    let count = parts.clone().count();
    count >= 2 && parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphabetic()))
}

/// Hex that decodes to mostly printable ASCII is encoded text (a file-signature table's `<?php`, `GIF89a`),
/// not key material: random bytes are printable about a third of the time.
pub fn hex_of_text(s: &str) -> bool {
    if s.len() % 2 != 0 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return false;
    }
    let bytes: Vec<u8> =
        s.as_bytes().chunks(2).filter_map(|p| u8::from_str_radix(std::str::from_utf8(p).ok()?, 16).ok()).collect();
    let printable = bytes.iter().filter(|&&b| (0x20..0x7f).contains(&b) || b"\t\n\r".contains(&b)).count();
    printable * 4 >= bytes.len() * 3
}

/// An alphabet (`qwertyuiop…0123456789` for a captcha) rather than a random string: 26 or more characters,
/// none repeated. A random string that long repeats a character almost always.
pub fn is_alphabet(s: &str) -> bool {
    let mut seen = [false; 128];
    s.len() >= 26
        && s.bytes().all(|b| {
            let i = usize::from(b & 0x7f);
            b.is_ascii() && !std::mem::replace(&mut seen[i], true)
        })
}

pub(crate) fn has_sequence(s: &str) -> bool {
    let b = s.as_bytes();
    let mut run = 1;
    for w in b.windows(2) {
        run = if w[1] == w[0].wrapping_add(1) && w[1].is_ascii_alphanumeric() { run + 1 } else { 1 };
        if run >= 8 {
            return true;
        }
    }
    false
}

/// Literal values that stand for "no password here" rather than a password.
const LITERAL_PLACEHOLDERS: &[&str] =
    &["password", "pass", "passwd", "pwd", "secret", "null", "none", "nil", "~", "''", "\"\"", "true", "false"];

/// A long hex or base64 blob in a password field is an encrypted value, not the password.
fn is_encrypted_blob(value: &str) -> bool {
    value.len() >= 32 && value.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod natural_tests {
    use super::*;

    #[test]
    fn names_prose_encoded_text_and_alphabets_are_not_secrets() {
        assert!(natural_language("访问令牌已过期"));
        assert!(natural_language("\\u8bbf\\u95ee\\u4ee4\\u724c"));
        assert!(!natural_language("q8Zr4Lx1Vb7Nw2Ps"));
        assert!(names_something("system:user:delete"));
        assert!(names_something("user.token.expired"));
        assert!(names_something("/sys/getQrcodeToken"));
        assert!(names_something("prefix_user_token:"));
        assert!(!names_something("Zr4Lx1:Vb7Nw2"));
        assert!(hex_of_text("3c3f7068700a0a2f2a2a0a202a205048"));
        assert!(!hex_of_text("8f3a9c1e77b2d4056ae19c3b7f20d8e4"));
        assert!(is_alphabet("qwertyuioplkjhgfdsazxcvbnmQAZWSXEDCRFVTGBYHNUJMIKLOP0123456789"));
        assert!(!is_alphabet("q8Zr4Lx1Vb7Nw2Ps9Dk3Hf6Jt0Ym5Qcq8"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_compiles_and_entropy_behaves() {
        let engine = ENGINE.as_ref().expect("engine");
        for (i, p) in engine.patterns.iter().enumerate() {
            assert!(engine.regex(i).is_some(), "{}: {} does not compile", p.rule.code, p.regex);
        }
        assert!(entropy("aaaaaaaa") < 0.1);
        assert!(entropy("0123456789abcdef") > 3.9);
        assert_eq!(shown("abcdefghijklmnopqrstuvwxyz", Redact::Prefix), "abcd…");
        assert_eq!(shown("abcdefgh", Redact::Prefix), "ab…");
        assert_eq!(shown("abcdefghijklmnop", Redact::Full), "…");
    }

    #[test]
    fn a_byte_match_is_cut_to_whole_characters() {
        // "aé b": `é` is bytes 1..3.
        let text = "aé b";
        assert_eq!(whole_chars(text, 0..2), 0..1);
        assert_eq!(whole_chars(text, 2..5), 3..5);
        assert_eq!(whole_chars(text, 2..3), 3..3);
        assert_eq!(whole_chars(text, 0..9), 0..5);
        // A repetition counted in bytes stops inside a character: the secret keeps the characters it holds.
        let engine = ENGINE.as_ref().expect("engine");
        let line = "db.password = \"密码密码密码密码密码密码密码密码密码密码密码密码密码密码密码密码密码密码密码密码\"";
        let hits: Vec<&str> = (0..engine.patterns.len())
            .filter_map(|i| engine.regex(i).map(|re| (i, re)))
            .flat_map(|(i, re)| re.captures_iter(line.as_bytes()).filter_map(move |c| c.get(engine.patterns[i].group)))
            .filter_map(|m| line.get(whole_chars(line, m.range())))
            .collect();
        assert!(hits.iter().any(|h| h.starts_with("密码")), "{hits:?}");
    }
}
