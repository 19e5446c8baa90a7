//! TXT101 private-key.
// precheck:allow-file(TXT101) the explanation shows the header this rule looks for

use precheck_core::{FileCtx, Finding, RuleMeta, Severity, Sink};

use crate::config::Settings;
use crate::rules::meta;
use crate::scan::line_around;
use crate::secrets::{Candidate, pragma_allows};

pub static RULE: RuleMeta = meta(
    "TXT101",
    "private-key",
    Severity::Error,
    "a private key (PEM, OpenSSH, PuTTY, OpenVPN static key)",
    r#"## What it does
Finds private keys: a `-----BEGIN … PRIVATE KEY-----` block (RSA, EC, DSA, OpenSSH, PKCS#8, encrypted
or not) with a body of at least 64 base64 characters and its `-----END` line is an error; the header
alone — a key in documentation, a parser's test string — is a warning. PuTTY key files
(`PuTTY-User-Key-File-2`/`-3` with `Private-Lines`) and OpenVPN static keys count too. The key is never
shown; its fingerprint hashes the key body.

## Why
A committed private key is compromised: anyone who can read the repository, its forks or its backups can
impersonate the server or user it belongs to, and removing the file does not remove it from the history.

## Example
```text
-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEA1c8z…
-----END RSA PRIVATE KEY-----
```

## Use instead
Keep keys in a secret store or the deployment's key management and mount them at run time. If a key was
committed, revoke it and issue a new one.
"#,
);

const BEGIN: &[u8] = b"-----BEGIN ";

fn base64_chars(s: &str) -> usize {
    s.bytes().filter(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=')).count()
}

/// Finds key blocks; pushes candidates so that another secret rule does not report the same bytes.
pub fn check(cx: &FileCtx<'_>, settings: &Settings, out: &Sink, found: &mut Vec<Candidate>) {
    if !out.enabled(&RULE) {
        return;
    }
    let bytes = cx.bytes;
    let has_pem = memchr::memmem::find(bytes, BEGIN).is_some();
    let has_putty = memchr::memmem::find(bytes, b"PuTTY-User-Key-File-").is_some();
    if !has_pem && !has_putty {
        return;
    }
    let text = cx.text();
    for at in memchr::memmem::find_iter(text.as_bytes(), BEGIN) {
        let line = line_around(text, at);
        let header = &text[at..line.end];
        let Some(close) = header[BEGIN.len()..].find("-----") else { continue };
        let label = &header[BEGIN.len()..BEGIN.len() + close];
        if !(label.ends_with("PRIVATE KEY") || label.ends_with("PRIVATE KEY BLOCK") || label == "OpenVPN Static key V1")
        {
            continue;
        }
        if pragma_allows(text, &line, settings) {
            continue;
        }
        let end_marker = format!("-----END {label}-----");
        let end = text[line.end..].find(&end_marker).map(|i| line.end + i);
        let body = end.map(|e| &text[line.end..e]);
        // Headers such as `Proc-Type:` are not key material.
        let material: String =
            body.map(|b| b.lines().filter(|l| !l.contains(':')).collect::<Vec<_>>().concat()).unwrap_or_default();
        let complete = base64_chars(&material) >= 64;
        let (range, severity, message) = match (end, complete) {
            (Some(e), true) => {
                (at..e + end_marker.len(), Severity::Error, format!("private key (`{label}`) in the file"))
            }
            _ => (
                at..line.end,
                Severity::Warning,
                format!("private key header (`{label}`) without a complete key: documentation or a truncated key?"),
            ),
        };
        let secret = if complete { material } else { header.to_string() };
        let finding = Finding::new(&RULE, cx.span(range.clone()), message)
            .with_severity(severity)
            .with_help("remove the key, revoke it, and load keys from a secret store at run time");
        found.push(Candidate { priority: 0, range, secret, finding });
    }
    if has_putty {
        putty(cx, settings, found);
    }
}

fn putty(cx: &FileCtx<'_>, settings: &Settings, found: &mut Vec<Candidate>) {
    let text = cx.text();
    for at in memchr::memmem::find_iter(text.as_bytes(), b"PuTTY-User-Key-File-") {
        let line = line_around(text, at);
        if line.start != at || pragma_allows(text, &line, settings) {
            continue;
        }
        let Some(private) = text[at..].find("Private-Lines:") else { continue };
        let start = at + private;
        let body_line = line_around(text, start);
        let rest = &text[body_line.end..];
        let material: String = rest.lines().skip(1).take_while(|l| !l.contains(':')).collect();
        if base64_chars(&material) < 64 {
            continue;
        }
        let range = line.clone();
        let finding = Finding::new(&RULE, cx.span(range.clone()), "private key (PuTTY key file) in the file")
            .with_help("remove the key, revoke it, and load keys from a secret store at run time");
        found.push(Candidate { priority: 0, range, secret: material, finding });
    }
}
