//! TXT105 generic-api-key.

use precheck_core::{RuleMeta, Severity};

use crate::secrets::engine::{Files, Pattern};

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT105",
    "generic-api-key",
    Severity::Warning,
    "a high-entropy value assigned to a key-like name (`api_key`, `secret`, `token`, `password`, …)",
    r#"## What it does
Finds a value assigned to a name that says it is a credential — `api_key`, `apikey`, `secret`, `token`,
`password`, `passwd`, `pwd`, `credentials`, `auth_key`, `access_key`, `private_key` — with `=`, `:`, `:=` or
`=>`: a quoted literal in any file, or an unquoted value on a `key = value` line of a configuration file
(`.properties`, `.env`, `.ini`, YAML, TOML). The value must be at least 8 characters, reach 3.5 bits of
entropy per character, contain a digit or a symbol (identifiers and dotted paths are references, not
values), and not be a placeholder (`${…}`, `ENC(…)`, `<…>`) or contain a stopword. The message shows at
most the first four characters.

## Why
Hard-coded credentials leak with every clone, fork, CI log and backup of the repository, and rotating them
means a code change.

## Example
```python
API_KEY = "5MVQTxVlYDUw-SfCNlWmm31j4Of"
```

## Use instead
```python
API_KEY = os.environ["API_KEY"]
```
"#,
)
.opt_in();

/// Specific spellings rather than `key` alone, which would send most lines of source code to the regex.
const KEYWORDS: &[&str] = &[
    "apikey",
    "api_key",
    "api-key",
    "api.key",
    "secret",
    "token",
    "passw",
    "pwd",
    "credential",
    "authkey",
    "auth_key",
    "auth-key",
    "auth.key",
    "accesskey",
    "access_key",
    "access-key",
    "access.key",
    "privatekey",
    "private_key",
    "private-key",
    "private.key",
];

pub(crate) static PATTERNS: [Pattern; 2] = [
    Pattern {
        rule: &RULE,
        what: "possible credential",
        regex: r#"(?i)(api[_.-]?key|secret|token|passw(?:or)?d|pwd|credentials?|auth[_.-]?key|access[_.-]?key|private[_.-]?key)(?-u:[\w.-]){0,20}["']?[ \t]*(?::=|=>|=|:)[ \t]*(?:&|[rbuf])?["'`]([^"'`\s]{8,200})["'`]"#,
        keywords: KEYWORDS,
        group: 2,
        entropy: 3.5,
        files: Files::Any,
        generic: true,
        usable: None,
        samples: &[],
    },
    Pattern {
        rule: &RULE,
        what: "possible credential",
        regex: r#"(?i)^[ \t]*(?:export[ \t]+)?(?-u:[\w.-]){0,40}(api[_.-]?key|secret|token|passw(?:or)?d|pwd|credentials?|auth[_.-]?key|access[_.-]?key|private[_.-]?key)(?-u:[\w.-]){0,20}[ \t]*[=:][ \t]*([^\s"'`#;,(){}\[\]<>]{8,200})[ \t]*$"#,
        keywords: KEYWORDS,
        group: 2,
        entropy: 3.5,
        files: Files::Config,
        generic: true,
        usable: None,
        samples: &[],
    },
];
