//! TXT102 pkcs12-file.

use precheck_core::{ChangeKind, Finding, RepoCtx, RuleMeta, Severity, Sink, Span};

use crate::config::Settings;

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT102",
    "pkcs12-file",
    Severity::Error,
    "a PKCS#12 keystore (`.p12`, `.pfx`) added to the repository",
    r#"## What it does
Reports files named `*.p12` or `*.pfx` (any case) from the file list alone; the content is not read.
With `--base`, only files the change adds. Paths in `secret-allow-paths` are exempt.

## Why
A PKCS#12 file bundles a private key with its certificate chain, usually protected by a weak or
well-known password (`changeit`): committing it publishes the key.

## Example
```text
src/main/resources/certs/client.p12
```

## Use instead
Mount keystores from the platform's secret store at run time, and reference them by path in
configuration. Revoke a certificate whose keystore was committed.
"#,
)
.repo();

pub fn check_repo(cx: &RepoCtx<'_>, out: &mut Sink) {
    if !out.enabled(&RULE) {
        return;
    }
    let settings = Settings::of(cx.config);
    for file in cx.checked {
        let name = file.file_name().to_ascii_lowercase();
        if !(name.ends_with(".p12") || name.ends_with(".pfx")) || settings.secret_allow_paths.is_match(&*file.path) {
            continue;
        }
        let added = cx
            .changes
            .and_then(|c| c.get(&file.path))
            .is_none_or(|c| matches!(c.kind, ChangeKind::Added | ChangeKind::Renamed { .. }));
        if !added {
            continue;
        }
        out.emit(&RULE, || {
            Finding::new(
                &RULE,
                Span::file(file.path.clone()),
                format!("PKCS#12 keystore `{}` in the repository", file.file_name()),
            )
            .with_help("remove the keystore and mount it from a secret store at run time")
            .with_fingerprint_key(file.path.as_bytes())
        });
    }
}
