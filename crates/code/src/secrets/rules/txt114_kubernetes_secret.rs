//! TXT114 kubernetes-secret: values under `data:`/`stringData:` of a Kubernetes `Secret` manifest.

use precheck_core::{FileCtx, Finding, RuleMeta, Severity, Sink};

use crate::config::Settings;
use crate::lines::line_around;
use crate::secrets::engine::{Candidate, allowlisted, pragma_allows, shown};

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT114",
    "kubernetes-secret",
    Severity::Error,
    "a Kubernetes `Secret` manifest with values in `data` or `stringData`",
    r#"## What it does
Finds Kubernetes `Secret` manifests (YAML documents with a top-level `kind: Secret`) that hold values: each
entry of `data:` (base64, at least 10 characters) or `stringData:` (plain text) is reported, except keys that
name connection details (`username`, `host`, `port`, `database`, `url`, …). Values that are not secrets stay
quiet: empty ones, Helm and other templates (`{{ .Values.password | b64enc }}`, `${…}`),
values (decoded, for `data`) that are placeholders or contain a stopword (`changeme`, `example`, …), and
block scalars (`|`), which are usually certificates or configuration. The message names the key and shows at
most the first four characters of the value.

## Why
Base64 is an encoding, not encryption: a committed `Secret` manifest gives its credentials to anyone who can
read the repository, and applying it from Git keeps them there for good.

## Example
```yaml
apiVersion: v1
kind: Secret
metadata:
  name: db
data:
  password: cldpMEIyNlIwOHF6akk2R0tG
```

## Use instead
Commit a `SealedSecret`, an `ExternalSecret` or a SOPS-encrypted file, or create the `Secret` from the
secret store at deploy time (`kubectl create secret … --from-env-file`, a Helm value from the CI).
"#,
);

/// The values of the `data:`/`stringData:` maps of the `Secret` documents of a YAML file.
#[allow(clippy::string_slice, reason = "every offset is a line start or end, or found by `find` in the line")]
pub fn check(cx: &FileCtx<'_>, settings: &Settings, out: &Sink, found: &mut Vec<Candidate>) {
    if !out.enabled(&RULE)
        || !matches!(cx.info.extension().to_ascii_lowercase().as_str(), "yaml" | "yml")
        || memchr::memmem::find(cx.bytes, b"Secret").is_none()
    {
        return;
    }
    let text = cx.text();
    // Documents: runs of lines between `---` separators.
    let mut starts = vec![0];
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == "---" || line.starts_with("--- ") {
            starts.push(at + line.len());
        }
        at += line.len();
    }
    starts.push(text.len());
    for doc in starts.windows(2) {
        let body = &text[doc[0]..doc[1]];
        let is_secret = body.lines().any(|l| {
            l.strip_prefix("kind:").is_some_and(|v| {
                let v = v.split(" #").next().unwrap_or("").trim().trim_matches(|c| c == '"' || c == '\'');
                v == "Secret"
            })
        });
        if is_secret {
            scan_document(cx, doc[0], body, settings, found);
        }
    }
}

#[allow(clippy::string_slice, reason = "offsets are line starts and positions found in ASCII syntax")]
fn scan_document(cx: &FileCtx<'_>, base: usize, body: &str, settings: &Settings, found: &mut Vec<Candidate>) {
    let text = cx.text();
    // `Some(true)` inside `data:` (base64 values), `Some(false)` inside `stringData:`.
    let mut section: Option<bool> = None;
    let mut at = base;
    for line in body.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let content = line.trim_end();
        if content.trim_start().is_empty() || content.trim_start().starts_with('#') {
            continue;
        }
        if !content.starts_with([' ', '\t']) {
            section = match content.split(" #").next().unwrap_or("").trim_end() {
                "data:" => Some(true),
                "stringData:" => Some(false),
                _ => None,
            };
            continue;
        }
        let Some(base64) = section else { continue };
        let entry = content.trim_start();
        let Some((key, value)) = entry.split_once(':') else { continue };
        let raw = value.split(" #").next().unwrap_or("").trim();
        let secret = raw.trim_matches(|c| c == '"' || c == '\'');
        if secret.is_empty() || raw.starts_with(['|', '>']) || secret.contains("{{") || secret.contains("${") {
            continue;
        }
        // Connection details that sit beside the credential are not secrets themselves.
        let name = key.trim().trim_matches(|c| c == '"' || c == '\'').to_ascii_lowercase().replace(['-', '.'], "_");
        if NOT_SECRET_KEYS.contains(&name.as_str()) {
            continue;
        }
        let plain = if base64 {
            if secret.len() < 10 {
                continue;
            }
            // Binary key material (not UTF-8) is still a secret; what does not decode at all is not base64.
            match decode(secret) {
                Some(Ok(plain)) => plain,
                Some(Err(())) => secret.to_string(),
                None => continue,
            }
        } else {
            secret.to_string()
        };
        if plain.trim().len() < 4 || allowlisted(plain.trim(), settings) || allowlisted(secret, settings) {
            continue;
        }
        let lower = plain.trim().to_ascii_lowercase();
        if ["password", "secret", "changeit", "admin", "root", "test", "null", "none"].contains(&lower.as_str()) {
            continue;
        }
        let offset = start + (content.len() - entry.len()) + key.len() + 1 + value.find(secret).unwrap_or(0);
        let range = offset..offset + secret.len();
        if text.get(range.clone()) != Some(secret) || pragma_allows(text, &line_around(text, offset), settings) {
            continue;
        }
        let message =
            format!("value of `{}` in a Kubernetes Secret `{}`", key.trim(), shown(secret, settings.config.redact));
        let finding = Finding::new(&RULE, cx.span(range.clone()), message).with_help(
            "commit a SealedSecret, an ExternalSecret or an encrypted file instead, and rotate the credential",
        );
        found.push(Candidate { priority: 1, range, secret: secret.to_string(), finding });
    }
}

/// Keys of a `Secret` that name connection details, not credentials (`DB_HOST`, `username`).
const NOT_SECRET_KEYS: &[&str] = &[
    "user", "username", "user_name", "login", "host", "hostname", "port", "database", "db", "dbname", "db_name",
    "db_host", "db_port", "db_user", "db_username", "url", "endpoint", "region", "namespace", "email",
];

/// The text a `data:` value encodes: `None` if it is not base64, `Err` if the bytes are not UTF-8.
fn decode(value: &str) -> Option<Result<String, ()>> {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    let bytes = STANDARD.decode(value).ok()?;
    Some(String::from_utf8(bytes).map_err(|_| ()))
}
