//! TXT104 alibaba-access-key.

use precheck_core::{RuleMeta, Severity};

use crate::secrets::engine::{Files, Pattern};

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT104",
    "alibaba-access-key",
    Severity::Error,
    "an Alibaba Cloud (Aliyun) AccessKey id `LTAI…` or its AccessKey secret",
    r#"## What it does
Finds Alibaba Cloud AccessKey ids (`LTAI` followed by 12–20 letters and digits) and AccessKey secrets (30
letters and digits assigned to a key named `alibaba…`, `aliyun…` or `access_key_secret`), with an entropy
of at least 3.0 bits per character. The message shows at most the first four characters.

## Why
An AccessKey pair controls the Aliyun account — OSS buckets, RDS instances, SMS sending — with the
permissions of the RAM user that owns it.

## Example
```properties
aliyun.oss.access-key-id=LTAIH2qC3HiiYnqxVJntTeli
aliyun.oss.access-key-secret=g7c7mdn86odyzy7cdpjrt01bsqpxhl
```

## Use instead
Use RAM roles (STS tokens) or read the keys from the environment or a KMS secret. If a key was committed,
disable it in the RAM console first.
"#,
);

pub(crate) static PATTERNS: [Pattern; 2] = [
    Pattern {
        rule: &RULE,
        what: "Alibaba Cloud AccessKey id",
        regex: r"\b(LTAI[A-Za-z0-9]{12,20})\b",
        keywords: &["ltai"],
        group: 1,
        entropy: 3.0,
        files: Files::Any,
        generic: false,
        usable: None,
        samples: &[],
    },
    Pattern {
        rule: &RULE,
        what: "Alibaba Cloud AccessKey secret",
        // ASCII word characters between the name and the `=` (`(?-u:…)`, as TXT105's generic patterns): Unicode
        // `\w` twenty times over made this the costliest pattern to compile (6.6 of 29 ms for all of them), paid
        // by every run that meets `aliyun` in a file; key names are ASCII.
        regex: r#"(?i)(?:alibaba|aliyun|access[_.-]?key[_.-]?secret)(?-u:[\w.-]){0,20}["']?\s*(?::=|=>|=|:)\s*["']?([a-z0-9]{30})\b"#,
        keywords: &["alibaba", "aliyun", "keysecret", "key_secret", "key-secret", "key.secret"],
        group: 1,
        entropy: 3.0,
        files: Files::Any,
        generic: false,
        usable: None,
        samples: &[],
    },
];
