//! TXT106 high-entropy-string (opt-in).

use std::sync::LazyLock;

use precheck_core::{FileCtx, Finding, RuleMeta, Severity};
use regex::Regex;

use crate::config::Settings;
use crate::scan::{FileScan, capped};
use crate::secrets::{Candidate, allowlisted, entropy, pragma_allows, shown};

pub static RULE: RuleMeta = RuleMeta {
    code: "TXT106",
    name: "high-entropy-string",
    check: "code",
    default_severity: Severity::Info,
    // Audit mode only: `ALL` and `TXT` do not switch it on, `--select TXT106` does.
    default_enabled: false,
    summary: "a quoted string that looks random enough to be a secret (audit mode, off by default)",
    explanation: r#"## What it does
Reports quoted strings of 20 or more base64 or hex characters whose Shannon entropy reaches 4.5 bits per
character (base64) or 3.0 (hex). It is off by default and only runs when selected by its exact code or
name (`--select TXT106`), for an audit of a repository.

## Why
Not every secret has a recognisable format or a telling variable name. In audit mode a reviewer wants
every candidate, accepting that hashes, ids and test vectors show up too.

## Example
```js
const k = "q8Zr4Lx1Vb7Nw2Ps9Dk3Hf6Jt0Ym5Qc";
```

## Use instead
Move real secrets out of the code; mark deliberate constants with `pragma: allowlist secret`.
"#,
};

static QUOTED: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r#"["'`]([A-Za-z0-9+/=_-]{20,})["'`]"#).ok());

pub fn check(cx: &FileCtx<'_>, file: &FileScan, settings: &Settings, found: &mut Vec<Candidate>) {
    let Some(re) = QUOTED.as_ref() else { return };
    let text = cx.text();
    for (_, line) in crate::scan::lines(text) {
        let window = capped(text, line.clone(), file.cap);
        let hay = &text[window.clone()];
        if memchr::memchr3(b'"', b'\'', b'`', hay.as_bytes()).is_none() {
            continue;
        }
        for caps in re.captures_iter(hay) {
            let Some(m) = caps.get(1) else { continue };
            let s = m.as_str();
            let hex = s.bytes().all(|b| b.is_ascii_hexdigit());
            let threshold = if hex { 3.0 } else { 4.5 };
            if entropy(s) < threshold || allowlisted(s, settings) || pragma_allows(text, &line, settings) {
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
