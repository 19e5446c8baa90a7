//! TXT103 aws-access-key.

use precheck_core::{RuleMeta, Severity};

use crate::secrets::engine::{Files, Pattern};

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT103",
    "aws-access-key",
    Severity::Error,
    "an AWS access key id (`AKIA…`, `ASIA…`)",
    r#"## What it does
Finds AWS access key ids — `AKIA`, `ASIA`, `ABIA`, `ACCA` or `A3T?` followed by 16 characters of
`A-Z2-7` — whose Shannon entropy reaches 3.0 bits per character. AWS's documented example key
(`AKIAIOSFODNN7EXAMPLE`) and other values with a stopword (`example`, `dummy`, …) stay quiet. The
message shows at most the first four characters.

## Why
An access key id next to its secret in a repository gives anyone with read access the account's
permissions; bots scan public repositories for them within minutes.

## Example
```properties
aws.accessKeyId=AKIAARJHNGXMJIBKFYL3
```

## Use instead
Use instance roles or the default credential chain (environment, `~/.aws/credentials`, SSO). If a key
was committed, deactivate it in IAM first, then remove it from the history.
"#,
);

pub(crate) static PATTERNS: [Pattern; 1] = [Pattern {
    rule: &RULE,
    what: "AWS access key id",
    regex: r"\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b",
    keywords: &["akia", "asia", "abia", "acca", "a3t"],
    group: 1,
    entropy: 3.0,
    files: Files::Any,
    generic: false,
    usable: None,
    samples: &[],
}];
