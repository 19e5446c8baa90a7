//! TXT108 password-in-datasource-config.

use precheck_core::{RuleMeta, Severity};

use crate::secrets::engine::{Files, Pattern};

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT108",
    "password-in-datasource-config",
    Severity::Error,
    "a literal password in a data-source configuration (XML, `.properties`, YAML)",
    r#"## What it does
Finds a literal value for a password setting: `*password=` / `*passwd=` / `*pwd=` in `.properties`,
`password:` in YAML, and in XML `<property name="password" value="…"/>`, a `password="…"` attribute or a
`<password>…</password>` element. A placeholder (`${db.password}`, `@db.password@`), an `ENC(…)`
value, an encrypted hex blob (32 or more hex digits) or an empty value is not a literal and stays quiet.
Zdal data-source files and `antx.properties` are left to their own rules (ZD031, AX028), so one password
gives one finding. The message shows at most the first four characters.

## Why
A database password in the repository is readable by everyone with access to the code, forever, and it is
the same password production uses.

## Example
```properties
spring.datasource.password=PayvZVhf82024
```

## Use instead
```properties
spring.datasource.password=${DB_PASSWORD}
```
or an encrypted value (`ENC(…)` with Jasypt, or the platform's secret store).
"#,
)
.opt_in();

const fn literal(regex: &'static str, files: Files) -> Pattern {
    Pattern {
        rule: &RULE,
        what: "literal password",
        regex,
        keywords: &["passw", "pwd"],
        group: 2,
        entropy: 0.0,
        files,
        generic: false,
        usable: None,
        samples: &[],
    }
}

pub(crate) static PATTERNS: [Pattern; 5] = [
    literal(r"(?i)^\s*([\w.-]*(?:password|passwd|pwd))\s*[=:]\s*(\S.*?)\s*$", Files::Properties),
    literal(
        r#"(?i)^\s*-?\s*([\w.-]*(?:password|passwd|pwd))\s*:\s*["']?([^"'\s#|>][^"'#]*?)["']?\s*(?:#.*)?$"#,
        Files::Yaml,
    ),
    literal(r#"(?i)<property\s+name\s*=\s*"([\w.-]*(?:password|passwd|pwd))"\s+value\s*=\s*"([^"]*)""#, Files::Xml),
    literal(r#"(?i)\s([\w.-]*(?:password|passwd|pwd))\s*=\s*"([^"]*)""#, Files::Xml),
    literal(r"(?i)<([\w.:-]*(?:password|passwd|pwd))>([^<]+)</", Files::Xml),
];
