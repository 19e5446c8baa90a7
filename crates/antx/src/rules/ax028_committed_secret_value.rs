//! AX028 committed-secret-value: a literal password, secret, token or key in a committed properties file.

use precheck_core::{Finding, RuleMeta, Severity};

use precheck_core::Sink;
use crate::expr::{self, Part};
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "antx",
    "AX028",
    "committed-secret-value",
    Severity::Warning,
    "a secret-looking key (`*password*`, `*secret*`, `*token*`, `*key*`) with a literal value in a properties file",
    r#"## What it does
Reports keys of antx.properties and its local shared files whose name has a word `password` (also
`passwd`, `pwd`), `secret`, `token` or `key` (`apiKey`, `access_key`, `order.db.password`), unless the key ends in a qualifier such as `ttl`, `length`, `url` or `prefix`
(`order.token.ttl` is a setting, not a secret), and whose value is a literal: not empty, and not only `${…}` references. The value is never printed; the finding's
fingerprint hashes it.

## Why
A credential committed to the repository is readable by everyone who can clone it, forever.

## Example
```properties
order.db.password = s3cr3t!
```

## Use instead
Keep secrets out of the repository: leave the value to the build machine's own antx.properties (in
`${user.home}`), a shared set served to the build only, or a secret store the application reads at runtime.
"#,
).repo();

fn words(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in key.chars() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Whether a key names a secret. A key that ends in a qualifier (`token.ttl`, `password.length`,
/// `key.prefix`) names a setting about the secret, not the secret.
pub fn is_secret_key(key: &str) -> bool {
    const WORDS: &[&str] =
        &["password", "passwd", "pwd", "secret", "token", "key", "privatekey", "secretkey", "apikey"];
    const QUALIFIERS: &[&str] = &[
        "ttl",
        "timeout",
        "expire",
        "expires",
        "expiry",
        "length",
        "size",
        "count",
        "url",
        "uri",
        "path",
        "file",
        "header",
        "name",
        "type",
        "enabled",
        "prefix",
        "suffix",
        "policy",
        "algorithm",
    ];
    let words = words(key);
    if words.last().is_some_and(|w| QUALIFIERS.contains(&w.as_str())) {
        return false;
    }
    words.iter().any(|w| WORDS.contains(&w.as_str()))
}

/// Whether a value is only `${…}` references (and whitespace).
#[allow(clippy::string_slice, reason = "a reference's range runs from `$` to just past `}`, as `parts` found them")]
fn only_references(value: &str) -> bool {
    let mut rest = String::new();
    let mut last = 0;
    for p in expr::parts(value) {
        match p {
            Part::Ref(_, r) => {
                rest.push_str(&value[last..r.start]);
                last = r.end;
            }
            Part::Unclosed(_) => return false,
        }
    }
    rest.push_str(&value[last..]);
    rest.trim().is_empty()
}

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for pf in &m.props {
        let file = &m.files[pf.file];
        for e in &pf.entries {
            let v = e.value.trim();
            if v.is_empty() || !is_secret_key(&e.key) || only_references(v) || e.key.starts_with("antx.properties") {
                continue;
            }
            out.emit(&RULE, || {
                Finding::new(
                    &RULE,
                    file.span(e.value_range.clone()),
                    format!("`{}` holds a literal secret committed to the repository", e.key),
                )
                .with_help(
                    "keep the value out of the repository: the build machine's own antx.properties or a secret store",
                )
                .with_secret(v.as_bytes())
            });
        }
    }
}
