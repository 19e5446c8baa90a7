//! TXT110 cloud-provider-token: credentials of cloud and infrastructure platforms, by their documented formats.

use precheck_core::{RuleMeta, Severity};

use crate::secrets::engine::Pattern;

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT110",
    "cloud-provider-token",
    Severity::Error,
    "a cloud platform credential (Azure, GCP, AWS session/Bedrock, DigitalOcean, Cloudflare, Vault, …)",
    r#"## What it does
Finds credentials of cloud and infrastructure platforms by the format each issues:

- Azure AD (Entra ID) client secrets (`…8Q~…`, 40 characters);
- a Google Cloud service-account key file (its `"private_key_id"`; the key itself is TXT101's);
- AWS session tokens (`IQoJb3JpZ2luX2Vj…`, `FwoGZXIvYXdzE…`), secret access keys assigned to
  `aws_secret_access_key` and the like, and Amazon Bedrock API keys (`ABSK…`, `bedrock-api-key-…`);
- DigitalOcean tokens (`dop_v1_`, `doo_v1_`, `dor_v1_`); Cloudflare API tokens and global keys (assigned to
  a `cloudflare` name) and Origin CA keys (`v1.0-…`); Heroku keys (`HRKU-AA…`, or a UUID assigned to a
  `heroku` name); Fly.io tokens (`fo1_`, `fm1a_`, `fm1r_`, `fm2_`); Databricks tokens (`dapi…`); Doppler
  tokens (`dp.pt.`, `dp.st.`, `dp.sa.`, …); HashiCorp Vault service and batch tokens (`hvs.`, `hvb.`) and
  Terraform Cloud tokens (`….atlasv1.…`); Pulumi tokens (`pul-`); Yandex Cloud API keys (`AQVN…`), IAM
  tokens (`t1.…`) and static keys (`YC…` assigned to a key name).

Each must reach its format's entropy floor; placeholders and values with a stopword stay quiet. The message
shows at most the first four characters.

## Why
A cloud credential opens infrastructure: it can read data stores, start machines at the owner's cost, or
delete everything. Session tokens expire, but within their hours they are as good as the keys.

## Example
```hcl
provider "digitalocean" {
  token = "dop_v1_cf25ec84d8dbc74254770f58904dba41ecccc3fc1626e53a13043b026c48bbf3"
}
```

## Use instead
Let the platform inject credentials (instance roles, workload identity, the CI's OIDC federation), or read
them from the environment or a secret store. Revoke a committed credential first.
"#,
);

pub(crate) static PATTERNS: [Pattern; 16] = [
    Pattern::token(
        &RULE,
        "Azure AD client secret",
        r#"(?:^|[\\'"`\s>=:(,)])([A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})(?:$|[\\'"`\s<),])"#,
        &["q~"],
        3.0,
    ),
    Pattern::token(
        &RULE,
        "Google Cloud service-account key",
        r#""private_key_id"\s*:\s*"([a-f0-9]{40})""#,
        &["private_key_id"],
        3.0,
    ),
    Pattern::token(
        &RULE,
        "AWS session token",
        token_re!(r"(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdzE)[A-Za-z0-9/+]{100,}={0,2}"),
        &["iqojb3jpz2lux2vj", "fwogzxivyxdze"],
        4.0,
    ),
    Pattern::token(
        &RULE,
        "AWS secret access key",
        assigned_re!(
            r"aws[_.-]?secret[_.-]?(?:access[_.-]?)?key|secret[_.-]?access[_.-]?key",
            "[A-Za-z0-9/+]{40}"
        ),
        &["secret_access_key", "secretaccesskey", "secret-access-key", "secret.access.key", "aws_secret_key"],
        4.0,
    ),
    Pattern {
        usable: Some(bedrock_usable),
        ..Pattern::token(
            &RULE,
            "Amazon Bedrock API key",
            token_re!(
                r"ABSKQmVkcm9ja0FQSUtleS[A-Za-z0-9+/]{40,400}={0,2}|bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/]{40,4000}={0,2}"
            ),
            &["abskqmvkcm9ja0fqsutles", "bedrock-api-key-"],
            4.0,
        )
    },
    Pattern::token(
        &RULE,
        "DigitalOcean token",
        token_re!(r"do[opr]_v1_[a-f0-9]{64}"),
        &["dop_v1_", "doo_v1_", "dor_v1_"],
        3.0,
    ),
    Pattern::token(
        &RULE,
        "Cloudflare API key",
        assigned_re!("cloudflare|cf_api_token|cf_api_key", "[A-Za-z0-9_-]{40}|[a-f0-9]{37}"),
        &["cloudflare", "cf_api_token", "cf_api_key"],
        3.5,
    ),
    Pattern::token(
        &RULE,
        "Cloudflare Origin CA key",
        token_re!(r"v1\.0-[a-f0-9]{24}-[a-f0-9]{146}"),
        &["v1.0-"],
        3.0,
    ),
    Pattern::token(
        &RULE,
        "Heroku API key",
        r"(?:^|[^A-Za-z0-9_-])(HRKU-AA[A-Za-z0-9_-]{58})(?:[^A-Za-z0-9_-]|$)|(?i:heroku)[A-Za-z0-9_.-]{0,20}[ \t'\x22]{0,3}(?::=|=>|=|:)[ \t'\x22`]{0,5}([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[^A-Za-z0-9_-]|$)",
        &["hrku-aa", "heroku"],
        3.0,
    ),
    Pattern::token(
        &RULE,
        "Fly.io token",
        token_re!(r"fo1_[A-Za-z0-9_-]{43}|fm1[ar]_[A-Za-z0-9+/]{100,}={0,3}|fm2_[A-Za-z0-9+/]{100,}={0,3}"),
        &["fo1_", "fm1a_", "fm1r_", "fm2_"],
        4.0,
    ),
    Pattern::token(&RULE, "Databricks token", token_re!(r"dapi[a-f0-9]{32}(?:-[0-9])?"), &["dapi"], 3.0),
    Pattern::token(
        &RULE,
        "Doppler token",
        token_re!(r"dp\.(?:pt|st|sa|ct|scim|audit)\.(?:[a-z0-9_-]{2,35}\.)?[A-Za-z0-9]{40,44}"),
        &["dp.pt.", "dp.st.", "dp.sa.", "dp.ct.", "dp.scim.", "dp.audit."],
        3.5,
    ),
    Pattern::token(
        &RULE,
        "HashiCorp Vault token",
        token_re!(r"hvs\.[A-Za-z0-9_-]{90,120}|hvb\.[A-Za-z0-9_-]{138,300}"),
        &["hvs.", "hvb."],
        4.0,
    ),
    Pattern::token(
        &RULE,
        "Terraform Cloud token",
        token_re!(r"[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}"),
        &["atlasv1"],
        3.5,
    ),
    Pattern::token(&RULE, "Pulumi access token", token_re!(r"pul-[a-f0-9]{40}"), &["pul-"], 3.0),
    Pattern {
        usable: Some(super::letters_and_digits),
        ..Pattern::token(
            &RULE,
            "Yandex Cloud credential",
            r"(?:^|[^A-Za-z0-9_-])(AQVN[A-Za-z0-9_-]{35,38}|t1\.[A-Za-z0-9_-]+={0,2}\.[A-Za-z0-9_-]{86}={0,2})(?:[^A-Za-z0-9_-]|$)|(?i:yandex|secret[_.-]?key|secret[_.-]?access[_.-]?key)[A-Za-z0-9_.-]{0,20}[ \t'\x22]{0,3}(?::=|=>|=|:)[ \t'\x22`]{0,5}(YC[A-Za-z0-9_-]{38})(?:[^A-Za-z0-9_-]|$)",
            &["aqvn", "t1.", "yandex", "secret_key", "secret-key", "secret.key", "secretkey", "access_key"],
            3.5,
        )
    },
];

/// A long-term Bedrock key is `ABSK` and the base64 of `BedrockAPIKey-<id>:<secret>`: one without a secret
/// after the colon (a made-up test value) cannot authenticate. Short-term keys are presigned URLs.
fn bedrock_usable(key: &str) -> bool {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    let Some(encoded) = key.strip_prefix("ABSK") else { return true };
    let Ok(decoded) = STANDARD.decode(encoded).or_else(|_| STANDARD.decode(encoded.trim_end_matches('='))) else {
        return false;
    };
    let text = String::from_utf8_lossy(&decoded);
    text.split_once(':').is_some_and(|(_, secret)| secret.len() >= 20)
}

#[cfg(test)]
mod tests {
    use super::bedrock_usable;

    #[test]
    fn bedrock_keys_need_a_secret() {
        use base64::Engine;
        let key = |s: &str| format!("ABSK{}", base64::engine::general_purpose::STANDARD.encode(s));
        assert!(bedrock_usable(&key("BedrockAPIKey-ab12-at-123456789012:Zq8rFAKEv0Lk3mWd9TtPxY2sJhN4cB7e")));
        assert!(!bedrock_usable(&key("BedrockAPIKey-test-key-1234567890")));
        assert!(!bedrock_usable("ABSK%%%"));
    }
}
