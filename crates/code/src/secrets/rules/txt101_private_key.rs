//! TXT101 private-key.
// precheck:allow-file(TXT101) the explanation shows the header this rule looks for

use precheck_core::{FileCtx, Finding, RuleMeta, Severity, Sink};

use crate::config::Settings;
use crate::lines::line_around;
use crate::secrets::engine::{Candidate, pragma_allows};

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT101",
    "private-key",
    Severity::Error,
    "a private key (PEM, OpenSSH, PuTTY, OpenVPN static key)",
    r#"## What it does
Finds private keys: a `-----BEGIN … PRIVATE KEY-----` block (RSA, EC, DSA, OpenSSH, PKCS#8, encrypted
or not) with a body of at least 64 base64 characters and its `-----END` line is an error; the header
alone — a key in documentation, a parser's test string — is a warning. PuTTY key files
(`PuTTY-User-Key-File-2`/`-3` with `Private-Lines`), SSH2 keys (`---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----`)
and OpenVPN static keys count too. The key is never
shown; its fingerprint hashes the key body.

A complete key is a warning rather than an error when it is encrypted (`Proc-Type: 4,ENCRYPTED`, an
`ENCRYPTED PRIVATE KEY`, an OpenSSH key with a cipher, a PuTTY key with `Encryption:` other than `none`),
since it is useless without its passphrase, or when it sits under a test or fixture path (`src/test/`,
`tests/`, `testdata/`, `fixtures/`, …), where keys are usually made for the test.

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
#[allow(
    clippy::string_slice,
    reason = "every offset is where an ASCII marker (`-----BEGIN `, `-----`, the END line) was found, or a line end"
)]
pub fn check(cx: &FileCtx<'_>, settings: &Settings, out: &Sink, found: &mut Vec<Candidate>) {
    if !out.enabled(&RULE) {
        return;
    }
    let bytes = cx.bytes;
    let has_pem = memchr::memmem::find(bytes, BEGIN).is_some();
    let has_putty = memchr::memmem::find(bytes, b"PuTTY-User-Key-File-").is_some();
    let has_ssh2 = memchr::memmem::find(bytes, SSH2_BEGIN).is_some();
    if !has_pem && !has_putty && !has_ssh2 {
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
                let encrypted = label.contains("ENCRYPTED")
                    || body.is_some_and(|b| b.contains("Proc-Type: 4,ENCRYPTED"))
                    || (label == "OPENSSH PRIVATE KEY" && openssh_encrypted(&material));
                let (severity, why) = lesser(encrypted, cx.path());
                (at..e + end_marker.len(), severity, format!("private key (`{label}`) in the file{why}"))
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
    if has_ssh2 {
        ssh2(cx, settings, found);
    }
}

/// The header of an SSH2 (ssh.com, RFC 4716 style) key: `---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----`.
const SSH2_BEGIN: &[u8] = b"---- BEGIN SSH2 ";

#[allow(
    clippy::string_slice,
    reason = "every offset is where an ASCII marker (`---- BEGIN SSH2 `, ` ----`, the END line) was found, or a line end"
)]
fn ssh2(cx: &FileCtx<'_>, settings: &Settings, found: &mut Vec<Candidate>) {
    let text = cx.text();
    for at in memchr::memmem::find_iter(text.as_bytes(), SSH2_BEGIN) {
        let line = line_around(text, at);
        let header = &text[at..line.end];
        let Some(close) = header[SSH2_BEGIN.len()..].find(" ----") else { continue };
        let label = &header[SSH2_BEGIN.len()..SSH2_BEGIN.len() + close];
        if !label.ends_with("PRIVATE KEY") || pragma_allows(text, &line, settings) {
            continue;
        }
        let end_marker = format!("---- END SSH2 {label} ----");
        let Some(end) = text[line.end..].find(&end_marker).map(|i| line.end + i) else { continue };
        // Header lines (`Comment: "…"`, continued with `\`) are not key material.
        let mut material = String::new();
        let mut continued = false;
        for l in text[line.end..end].lines() {
            let header_line = continued || l.contains(':');
            continued = header_line && l.ends_with('\\');
            if !header_line {
                material.push_str(l.trim());
            }
        }
        if base64_chars(&material) < 64 {
            continue;
        }
        let range = at..end + end_marker.len();
        let (severity, why) = lesser(label.contains("ENCRYPTED"), cx.path());
        let finding = Finding::new(&RULE, cx.span(range.clone()), format!("private key (SSH2 `{label}`) in the file{why}"))
            .with_severity(severity)
            .with_help("remove the key, revoke it, and load keys from a secret store at run time");
        found.push(Candidate { priority: 0, range, secret: material, finding });
    }
}

#[allow(
    clippy::string_slice,
    reason = "every offset is where an ASCII marker (`PuTTY-User-Key-File-`, `Private-Lines:`) was found, or a line end"
)]
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
        let encrypted = text[at..start].lines().any(|l| l.starts_with("Encryption:") && !l.ends_with(" none"));
        let (severity, why) = lesser(encrypted, cx.path());
        let finding =
            Finding::new(&RULE, cx.span(range.clone()), format!("private key (PuTTY key file) in the file{why}"))
                .with_severity(severity)
                .with_help("remove the key, revoke it, and load keys from a secret store at run time");
        found.push(Candidate { priority: 0, range, secret: material, finding });
    }
}

/// Where test code and its data live: a key there is usually made for the test.
const TEST_DIRS: &[&str] = &["test", "tests", "testdata", "test-data", "testing", "fixtures", "__tests__", "spec"];

/// The severity of a complete key, and what the message adds: a warning when it is encrypted or a test's.
fn lesser(encrypted: bool, path: &str) -> (Severity, &'static str) {
    let in_tests = path.split('/').rev().skip(1).any(|dir| TEST_DIRS.contains(&dir.to_ascii_lowercase().as_str()));
    match (encrypted, in_tests) {
        (true, _) => (Severity::Warning, " (encrypted: useless without its passphrase, but keep it out of git)"),
        (false, true) => (Severity::Warning, " (under a test path: a key made for the test?)"),
        (false, false) => (Severity::Error, ""),
    }
}

/// Whether an OpenSSH key body (`openssh-key-v1`) names a cipher other than `none`.
fn openssh_encrypted(material: &str) -> bool {
    use base64::Engine;
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(material.trim()) else { return false };
    let Some(rest) = bytes.strip_prefix(b"openssh-key-v1\0") else { return false };
    let Some((len, rest)) = rest.split_first_chunk::<4>() else { return false };
    let len = usize::try_from(u32::from_be_bytes(*len)).unwrap_or(usize::MAX);
    rest.get(..len).is_some_and(|cipher| cipher != b"none")
}

#[cfg(test)]
mod tests {
    use super::{lesser, openssh_encrypted};
    use precheck_core::Severity;

    #[test]
    fn encrypted_and_test_keys_are_warnings() {
        assert_eq!(lesser(false, "deploy/id_rsa").0, Severity::Error);
        assert_eq!(lesser(true, "deploy/id_rsa").0, Severity::Warning);
        assert_eq!(lesser(false, "src/test/resources/server.key").0, Severity::Warning);
        assert_eq!(lesser(false, "test.key").0, Severity::Error, "a file named test is not a test directory");
        use base64::Engine;
        let key = |cipher: &str| {
            let mut b = b"openssh-key-v1\0".to_vec();
            b.extend_from_slice(&u32::try_from(cipher.len()).unwrap_or(0).to_be_bytes());
            b.extend_from_slice(cipher.as_bytes());
            b.extend_from_slice(&[0; 40]);
            base64::engine::general_purpose::STANDARD.encode(b)
        };
        assert!(openssh_encrypted(&key("aes256-ctr")));
        assert!(!openssh_encrypted(&key("none")));
    }
}
