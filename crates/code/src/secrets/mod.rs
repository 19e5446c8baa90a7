//! Secrets, one home (code.md §4): the engine that runs every pattern table over a file (`engine`: keyword
//! prefilter, regex, entropy floor, allowlists, redaction), the repository's own gitleaks-like rule tables
//! (`custom`, `[code] secret-rules` and `[code] secrets-config`) and the rules with their tables (`rules`,
//! TXT101–TXT115).

pub(crate) mod custom;
pub(crate) mod engine;
pub mod rules;

pub use engine::check;

/// GitHub code scanning's `security-severity` of each secret rule (a CVSS-like score, 0.0–10.0: 9.0 and up
/// is critical, 7.0 high, 4.0 medium), written into SARIF so that these findings rank as security alerts. A
/// key that opens an account outright is critical; a pattern that is often a false positive ranks lower.
pub static SECURITY_SEVERITY: [(&precheck_core::RuleMeta, &str); 15] = [
    (&rules::txt101_private_key::RULE, "9.0"),
    (&rules::txt102_pkcs12_file::RULE, "8.0"),
    (&rules::txt103_aws_access_key::RULE, "9.0"),
    (&rules::txt104_alibaba_access_key::RULE, "9.0"),
    (&rules::txt105_generic_api_key::RULE, "7.5"),
    (&rules::txt106_high_entropy_string::RULE, "5.0"),
    (&rules::txt107_provider_token::RULE, "8.5"),
    (&rules::txt108_password_in_datasource_config::RULE, "8.0"),
    (&rules::txt109_ai_provider_token::RULE, "8.5"),
    (&rules::txt110_cloud_provider_token::RULE, "9.0"),
    (&rules::txt111_dev_tool_token::RULE, "8.5"),
    (&rules::txt112_saas_token::RULE, "8.0"),
    (&rules::txt113_credential_in_command::RULE, "7.5"),
    (&rules::txt114_kubernetes_secret::RULE, "7.5"),
    (&rules::txt115_custom_secret::RULE, "8.0"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_secret_rule_has_a_security_severity_github_accepts() {
        let with: Vec<&str> = SECURITY_SEVERITY.iter().map(|(r, _)| r.code).collect();
        for rule in rules::RULES {
            assert!(with.contains(&rule.code), "{} has no security-severity", rule.code);
        }
        for (rule, score) in SECURITY_SEVERITY {
            let value: f64 = score.parse().unwrap_or(-1.0);
            assert!((0.0..=10.0).contains(&value) && score.contains('.'), "{}: {score}", rule.code);
        }
    }
}
