//! TXT113 credential-in-command: a password or token written into a command line (`curl -u user:pass`,
//! `-H "Authorization: Bearer …"`).

use precheck_core::{RuleMeta, Severity};

use crate::secrets::engine::{Files, Pattern};

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT113",
    "credential-in-command",
    Severity::Error,
    "a password or token on a command line (`curl -u user:pass`, an `Authorization` header)",
    r#"## What it does
Finds credentials written into commands in scripts, CI files and documentation: `user:password` of
`curl -u` / `--user` (on a line with `curl`; not a password equal to the user name, such as `admin:admin`), and the token or key of a header option
`-H "Authorization: Bearer …"`, `Basic …`, `Token …`, `X-Api-Key: …`, `Api-Token: …` (`-H`, `--header`;
on a continuation line too). Values that name a secret instead of holding it stay quiet: `$TOKEN`,
`${PASSWORD}`, `$(cat token)`, `<password>`, `{{ token }}`, `****`, and `password`, `changeme`, `test`,
`token` and other placeholders or values with a stopword. A header value must reach 3.0 bits of entropy per
character, a password 2.0. The message shows at most the first four characters.

## Why
Commands are copied: from a script into a CI log, from a README into a shell history. A credential in one
works for whoever reads it, and scripts are rarely thought of as places where secrets live.

## Example
```sh
curl -u deploy:Vq8rZ2pXm4 https://repo.internal/upload
curl -H "Authorization: Bearer 6fQ2…" https://api.internal/v1/jobs
```

## Use instead
```sh
curl -u "deploy:${DEPLOY_PASSWORD}" https://repo.internal/upload
curl -H "Authorization: Bearer ${API_TOKEN}" https://api.internal/v1/jobs
```
or `curl --netrc-file`, with the file outside the repository.
"#,
);

pub(crate) static PATTERNS: [Pattern; 2] = [
    Pattern {
        usable: Some(user_usable),
        ..Pattern::token(
            &RULE,
            "credentials on a curl command line",
            r#"(?:^|[^A-Za-z0-9_-])curl[ \t](?:.*?[ \t])?(?:-u|--user)(?:=|[ \t]{1,5})["']?([^\s"':$]{1,100}:[^\s"']{3,200})"#,
            &["curl"],
            2.0,
        )
    },
    Pattern {
        files: Files::Any,
        usable: Some(password_usable),
        ..Pattern::token(
            &RULE,
            "credential in a command's header",
            r#"(?:^|[ \t])(?:-H|--header)(?:=|[ \t]{1,5})["'](?i:authorization:[ \t]*(?:bearer|basic|token|api-key)[ \t]+|(?:x-)?(?:[a-z]+-)?(?:api-?)?(?:key|token):[ \t]*)([A-Za-z0-9+/=._~-]{8,})["']"#,
            // The option, not the header name: `key:` and `token:` are on thousands of YAML and code lines.
            &["-h ", "-h=", "--header"],
            3.0,
        )
    },
];

/// `user:password` with a password that is neither a placeholder nor the user name again (`admin:admin`, a
/// local default that documentation spells out on purpose).
fn user_usable(pair: &str) -> bool {
    let Some((user, password)) = pair.split_once(':') else { return false };
    password != user && crate::secrets::engine::entropy(password) >= 2.0 && password_usable(password)
}

/// Values that stand for a password rather than hold one, beyond the engine's placeholders.
fn password_usable(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    let named = ["$(", "{{", "${", "%", "[", "<"].iter().any(|p| lower.starts_with(p));
    let placeholder = ["changeit", "test", "token", "pass", "password", "secret", "apikey", "api_key"]
        .iter()
        .any(|p| lower == *p || lower.trim_matches(|c: char| !c.is_ascii_alphanumeric()) == *p);
    !named && !placeholder && !value.starts_with('$')
}
