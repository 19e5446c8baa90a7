//! TXT107 provider-token.

use precheck_core::{RuleMeta, Severity};

use crate::secrets::engine::{Files, Pattern};

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT107",
    "provider-token",
    Severity::Error,
    "a token in a provider's own format (GitHub, GitLab, Slack, Stripe, Google, npm, OpenAI, JWT, database URL)",
    r#"## What it does
Finds credentials by the format their provider gives them, from a table: GitHub tokens (`ghp_`, `gho_`,
`ghu_`, `ghs_`, `ghr_`, `github_pat_`), GitLab tokens (`glpat-`, `glptt-`, runner tokens), Slack tokens
(`xoxb-`, `xoxp-`, …) and webhooks, Stripe secret and restricted keys, Google API keys (`AIza…`), npm
tokens, OpenAI keys, JSON Web Tokens (not one whose `exp` claim has passed: it no longer opens anything, and
API docs and old tests are full of them), and the password of a database URL
(`postgres://user:password@host`). Placeholders (`${DB_PASSWORD}`) and values with a stopword stay quiet.
The message shows at most the first four characters.

Extra rule tables in the repository, in gitleaks' v8 TOML format and named by `[code] secret-rules`, report
here too. Supported: `[[rules]]` (`id`, `description`, `regex`, `secretGroup`, `keywords`, `entropy`, `path`,
`tags`); allowlists global (`[[allowlists]]` or `[allowlist]`, with `targetRules`) and per rule
(`[[rules.allowlists]]` or `[rules.allowlist]`, for that rule only), each with `paths`, `regexes`,
`stopwords`, `regexTarget` (`secret`, `match`, `line`) and `condition` (`OR`, or `AND`: every kind given must
match); and `[extend]` with `path` (another table of the repository, from its root) and `disabledRules` (a
rule with the id of an extended rule refines it: the fields it gives win, keywords and allowlists add up; at
most two levels deep). Differences from gitleaks: `path` and `paths` are globs, not regexes; regexes use the
`regex` crate (no look-around); allowlist `commits` never match, as precheck checks one revision rather than a
history; `useDefault = true` changes nothing, as the built-in rules always run, and `useDefault = false`
cannot turn them off (turn TXT101 to TXT108 off in precheck.toml `[rules]` instead). A table that cannot be
loaded (bad TOML, an unknown field, a rejected regex, a missing or broken extended table, an `[extend]` cycle)
gives one warning on its file and its rules do not run; the accepted-but-inert settings above give a warning
and the rules still run.

## Why
These tokens work as they are, from anywhere: whoever reads the repository can act as the token's owner.
Providers scan public code for their formats and revoke them, but internal repositories get no such help.

## Example
```yaml
github_token: ghp_lDdJ3AomiCm9Sl8Nj3H0hIrH4lFdJC7DgwlG
database_url: postgres://app:Ej5LUB7pMv9W@db.internal:5432/pay
```

## Use instead
Inject tokens from the CI's secret store or the environment, and revoke any token that was committed.
"#,
)
.file_and_repo();

const fn token(what: &'static str, regex: &'static str, keywords: &'static [&'static str]) -> Pattern {
    Pattern {
        rule: &RULE,
        what,
        regex,
        keywords,
        group: 1,
        entropy: 3.0,
        files: Files::Any,
        generic: false,
        usable: None,
        samples: &[],
    }
}

pub(crate) static PATTERNS: [Pattern; 20] = [
    token("GitHub personal access token", r"\b(ghp_[0-9A-Za-z]{36})\b", &["ghp_"]),
    token("GitHub OAuth token", r"\b(gho_[0-9A-Za-z]{36})\b", &["gho_"]),
    token("GitHub app token", r"\b((?:ghu|ghs)_[0-9A-Za-z]{36})\b", &["ghu_", "ghs_"]),
    token("GitHub refresh token", r"\b(ghr_[0-9A-Za-z]{36})\b", &["ghr_"]),
    token("GitHub fine-grained token", r"\b(github_pat_[0-9A-Za-z_]{82})\b", &["github_pat_"]),
    token(
        "GitLab personal access token",
        token_re!(r"glpat-(?:[0-9A-Za-z_-]{27,300}\.[0-9a-z]{9}|[0-9A-Za-z_-]{20})"),
        &["glpat-"],
    ),
    token(
        "GitLab token",
        token_re!(
            r"glcbt-[0-9A-Za-z]{1,5}_[0-9A-Za-z_-]{20}|gldt-[0-9A-Za-z_-]{20}|glffct-[0-9A-Za-z_-]{20}|glft-[0-9A-Za-z_-]{20}|glimt-[0-9A-Za-z_-]{25}|glagent-[0-9A-Za-z_-]{50}|gloas-[0-9A-Za-z_-]{64}|glrt-(?:t[0-9]_[0-9A-Za-z_-]{27,300}\.[0-9a-z]{9}|[0-9A-Za-z_-]{20})|glsoat-[0-9A-Za-z_-]{20}"
        ),
        &["glcbt-", "gldt-", "glffct-", "glft-", "glimt-", "glagent-", "gloas-", "glrt-", "glsoat-"],
    ),
    token("GitLab session cookie", r"_gitlab_session=([0-9a-z]{32})\b", &["_gitlab_session="]),
    token("GitLab pipeline trigger token", r"\b(glptt-[0-9a-f]{40})\b", &["glptt-"]),
    token("GitLab runner token", r"\b(GR1348941[0-9A-Za-z_-]{20})\b", &["gr1348941"]),
    token(
        "Slack token",
        r"\b(xox[baprse]-[0-9]{10,13}-[0-9A-Za-z-]{10,})",
        &["xoxb-", "xoxa-", "xoxp-", "xoxr-", "xoxs-", "xoxe-"],
    ),
    token(
        "Slack webhook",
        r"((?i:https?://)?hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{43,56})",
        &["hooks.slack.com"],
    ),
    token(
        "Slack app or configuration token",
        token_re!(r"xapp-[0-9]-[A-Z0-9]+-[0-9]+-[a-z0-9]+|xoxe\.xox[bp]-[0-9]-[A-Za-z0-9]{163,166}|xoxe-[0-9]-[A-Za-z0-9]{146}"),
        &["xapp-", "xoxe.xoxb-", "xoxe.xoxp-", "xoxe-"],
    ),
    token(
        "Stripe secret key",
        r"\b((?:sk|rk)_(?:test|live|prod)_[0-9A-Za-z]{10,99})\b",
        &["sk_test_", "sk_live_", "sk_prod_", "rk_test_", "rk_live_", "rk_prod_"],
    ),
    token("Google API key", r"\b(AIza[0-9A-Za-z_-]{35})\b", &["aiza"]),
    token("npm access token", r"\b(npm_[A-Za-z0-9]{36})\b", &["npm_"]),
    token("OpenAI API key", r"\b(sk-(?:proj-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,})\b", &["t3blbkfj"]),
    Pattern {
        usable: Some(jwt_usable),
        samples: &[],
        ..token(
            "JSON Web Token",
            r"\b(ey[A-Za-z0-9]{17,}\.ey[A-Za-z0-9/_-]{17,}\.(?:[A-Za-z0-9/_-]{10,}={0,2})?)",
            &["eyj"],
        )
    },
    Pattern {
        usable: Some(base64_jwt_usable),
        ..token("base64-wrapped JSON Web Token", token_re!(r"ZXlK[A-Za-z0-9+/_-]{40,}={0,2}"), &["zxlk"])
    },
    Pattern {
        rule: &RULE,
        what: "password in a database URL",
        regex: r#"(?i)\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|oracle|jdbc:[a-z]+)://[^\s:/@'"]+:([^\s:/@'"]+)@[^\s'"]+"#,
        keywords: &["postgres", "mysql", "mariadb", "mongodb", "redis", "amqp", "mssql", "sqlserver", "oracle"],
        group: 1,
        entropy: 0.0,
        files: Files::Any,
        generic: false,
        usable: None,
        samples: &[],
    },
];

/// A base64-wrapped JSON Web Token (a JWT in a Kubernetes secret, a `.dockerconfigjson`, a header) counts
/// when it decodes to a usable one.
fn base64_jwt_usable(wrapped: &str) -> bool {
    use base64::Engine;
    use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
    let trimmed = wrapped.trim_end_matches('=');
    let Ok(bytes) = STANDARD_NO_PAD.decode(trimmed).or_else(|_| URL_SAFE_NO_PAD.decode(trimmed)) else {
        return false;
    };
    let text = String::from_utf8_lossy(&bytes);
    let token: &str = text.split(|c: char| c.is_whitespace() || c == '"').next().unwrap_or("");
    let parts: Vec<&str> = token.split('.').collect();
    parts.len() == 3 && parts[0].starts_with("eyJ") && parts[1].starts_with("eyJ") && jwt_usable(token)
}

/// Whether a JSON Web Token can still be used: not when its payload's `exp` claim (seconds since the epoch)
/// has passed. A token whose payload does not decode or has no `exp` counts as usable.
fn jwt_usable(token: &str) -> bool {
    use base64::Engine;
    use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
    let Some(payload) = token.split('.').nth(1).map(|p| p.trim_end_matches('=')) else { return true };
    let Ok(bytes) = URL_SAFE_NO_PAD.decode(payload).or_else(|_| STANDARD_NO_PAD.decode(payload)) else {
        return true;
    };
    let Ok(claims) = serde_json::from_slice::<serde_json::Value>(&bytes) else { return true };
    let Some(exp) = claims.get("exp").and_then(serde_json::Value::as_f64) else { return true };
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64());
    exp > now
}

#[cfg(test)]
mod tests {
    use super::jwt_usable;

    fn jwt(claims: &str) -> String {
        use base64::Engine;
        let part = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        format!("{}.{}.c2lnbmF0dXJlLXNpZ25hdHVyZQ", part(r#"{"alg":"HS256","typ":"JWT"}"#), part(claims))
    }

    #[test]
    fn expired_tokens_are_not_usable() {
        assert!(!jwt_usable(&jwt(r#"{"sub":"admin","exp":1700000000}"#)));
        assert!(jwt_usable(&jwt(r#"{"sub":"admin","exp":4102444800}"#)));
        assert!(jwt_usable(&jwt(r#"{"sub":"admin"}"#)), "no expiry: usable forever");
        assert!(jwt_usable("eyJhbGciOi.eyJ%%%.sig"), "a payload that does not decode");
    }
}
