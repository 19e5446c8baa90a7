//! TXT115 custom-secret: findings of the rules of `[code] secrets-config`, a gitleaks configuration file.

use precheck_core::{RuleMeta, Severity};

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT115",
    "custom-secret",
    Severity::Error,
    "a secret found by a rule of the gitleaks configuration named by `[code] secrets-config`",
    r#"## What it does
Runs the rules of a gitleaks configuration file, named by `[code] secrets-config = "path/to/gitleaks.toml"`
(a path in the repository, from its root), and reports what they find here; the message names the gitleaks
rule id. The file is read in gitleaks' v8 format: `[[rules]]` with `id`, `description`, `regex`,
`secretGroup`, `keywords`, `entropy`, `path` (a rule with a `path` and no `regex` reports each file it
matches), `tags` and allowlists (`[rules.allowlist]` or
`[[rules.allowlists]]`, with `paths`, `regexes`, `regexTarget`, `stopwords`, `condition`), the global
`[allowlist]` or `[[allowlists]]` (with `targetRules`), and `[extend]` with `useDefault` (precheck's own secret
rules run as well: "ours plus these") or `path` (another file of the repository) and `disabledRules`.
Differences: `path` and `paths` are globs, not regexes, and regexes use the `regex` crate (no look-around,
never backtracking, so a pattern cannot make a scan super-linear).

A file that cannot be read or parsed, an unknown field, or a regex the `regex` crate rejects stops the run
with exit status 2 and a message naming the file, the rule id and the reason. (`[code] secret-rules`, the
older key, takes several tables, reports their findings as TXT107 and only warns about a broken table.)

## Why
Teams already keep their secret formats in a gitleaks file; reusing it keeps one list of what counts as a
secret, and precheck finds those secrets before they are pushed.

## Example
```toml
# precheck.toml
[code]
secrets-config = ".gitleaks.toml"
```
```toml
# .gitleaks.toml
[extend]
useDefault = true

[[rules]]
id = "acme-token"
regex = '''\b(acme_[0-9A-Za-z]{32})\b'''
keywords = ["acme_"]
```
finds `acme_…` tokens and names `acme-token` in each message.

## Use instead
Keep the credential out of the repository (the environment, a secret store), and revoke it if it was
committed.
"#,
);
