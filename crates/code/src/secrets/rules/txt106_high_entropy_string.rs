//! TXT106 high-entropy-string (opt-in).

use std::sync::LazyLock;

use precheck_core::{FileCtx, Finding, RuleMeta, Severity};
use regex::Regex;

use crate::config::Settings;
use crate::lines::{FileScan, capped};
use crate::secrets::engine::{
    Candidate, allowlisted, entropy, has_sequence, hex_of_text, is_alphabet, names_something, pragma_allows, shown,
};

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT106",
    "high-entropy-string",
    Severity::Info,
    "a quoted string that looks random enough to be a secret (audit mode, off by default)",
    r#"## What it does
Reports quoted strings of 20 or more base64 or hex characters whose Shannon entropy reaches 4.5 bits per
character (base64) or 3.0 (hex). It is off by default and in no preset: `--select TXT106` (or `ALL`) runs it,
for an audit of a repository.

Strings that are random-looking but not secret stay quiet: a value under an id, hash or digest key
(`"id": "4028ef81…"`, `"md5": …`, a digest-auth `nonce`, a password column's hash), hex or base64 that decodes
to text (a table of file signatures, an encoded test sentence), an alphabet with no
repeated character (a captcha's `qwertyuiop…`), runs of consecutive characters, names joined by separators, and
anything in vendored, generated or minified files.

## Why
Not every secret has a recognisable format or a telling variable name. In audit mode a reviewer wants
every candidate, accepting that hashes, ids and test vectors show up too.

## Example
```js
const k = "tiz5FpjAb7RNk69SVwtX7qJyDR4J5EG5";
```

## Use instead
Move real secrets out of the code; mark deliberate constants with `pragma: allowlist secret`.
"#,
)
// Audit mode: in no preset; `ALL` or `--select TXT106` runs it.
.opt_in();

static QUOTED: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r#"["'`]([A-Za-z0-9+/=_-]{20,})["'`]"#).ok());

/// The end of a key that names an identifier, a digest or a protocol's one-time value, right before the value
/// (`"parentId": `, `md5 =`, `nonce=`): a password key holding hex holds its hash.
static ID_KEY: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)(?:id|uuid|guid|hash|md5|sha1|sha256|sha512|digest|checksum|etag|commit|nonce|cnonce|opaque|salt|passw\w*|pwd)["'`]?\s*(?::|=>|=)\s*$"#,
    )
    .ok()
});

/// Base64 that decodes to text (a test's encoded sentence) rather than key material.
fn base64_of_text(value: &str) -> bool {
    use base64::Engine;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE};
    let Ok(bytes) = STANDARD.decode(value).or_else(|_| URL_SAFE.decode(value)) else { return false };
    std::str::from_utf8(&bytes).is_ok_and(|t| t.chars().filter(|c| c.is_control() && !c.is_whitespace()).count() == 0)
}

/// Random-looking text that is not a secret: see the explanation.
fn not_secret(value: &str, before: &str) -> bool {
    has_sequence(value)
        || hex_of_text(value)
        || (!value.bytes().all(|b| b.is_ascii_hexdigit()) && base64_of_text(value))
        || is_alphabet(value)
        || names_something(value)
        || ID_KEY.as_ref().is_some_and(|re| re.is_match(before))
}

pub fn check(cx: &FileCtx<'_>, file: &FileScan, settings: &Settings, found: &mut Vec<Candidate>) {
    let Some(re) = QUOTED.as_ref() else { return };
    let text = cx.text();
    for (_, line) in crate::lines::lines(text) {
        let window = capped(text, line.clone(), file.cap);
        #[allow(clippy::string_slice, reason = "a line from `lines`, cut by `capped` on a character boundary")]
        let hay = &text[window.clone()];
        if memchr::memchr3(b'"', b'\'', b'`', hay.as_bytes()).is_none() {
            continue;
        }
        for caps in re.captures_iter(hay) {
            let Some(m) = caps.get(1) else { continue };
            let s = m.as_str();
            let hex = s.bytes().all(|b| b.is_ascii_hexdigit());
            let threshold = if hex { 3.0 } else { 4.5 };
            let before = hay.get(..m.start().saturating_sub(1)).unwrap_or("");
            if entropy(s) < threshold
                || not_secret(s, before)
                || allowlisted(s, settings)
                || pragma_allows(text, &line, settings)
            {
                continue;
            }
            let range = window.start + m.start()..window.start + m.end();
            let kind = if hex { "hex" } else { "base64" };
            let finding = Finding::new(
                &RULE,
                cx.span(range.clone()),
                format!("high-entropy {kind} string `{}`", shown(s, settings.config.redact)),
            )
            .with_help("if this is a secret, move it out of the code; else mark it with `pragma: allowlist secret`");
            found.push(Candidate { priority: 4, range, secret: s.to_string(), finding });
        }
    }
}
