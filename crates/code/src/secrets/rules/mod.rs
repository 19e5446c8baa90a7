//! Secrets: `TXT101`–`TXT115` (code.md §4). The pattern tables are data; the pipeline that runs them is
//! `crate::secrets::engine`.

use crate::secrets::engine::Pattern;

/// A token in its provider's own format (`$re`, a regex without groups of its own or with non-capturing
/// ones), as group 1, between characters that cannot be part of it. Explicit ASCII classes rather than `\b`:
/// Unicode word boundaries send the regex crate to its slower engines on non-ASCII lines.
macro_rules! token_re {
    ($re:literal) => {
        concat!(r"(?:^|[^A-Za-z0-9_-])(", $re, r")(?:[^A-Za-z0-9_-]|$)")
    };
}

/// A value (`$value`, group 1) assigned to a name containing one of `$names` (case-insensitive alternatives):
/// `COHERE_API_KEY=…`, `"cohere_key": "…"`, `cohere.token: …`, `cohereKey := "…"`.
macro_rules! assigned_re {
    ($names:literal, $value:literal) => {
        concat!(
            r#"(?i:"#,
            $names,
            r#")[A-Za-z0-9_.-]{0,20}[ \t'"]{0,3}(?::=|=>|\?=|=|:|,)[ \t'"`]{0,5}("#,
            $value,
            r#")(?:[^A-Za-z0-9_-]|$)"#
        )
    };
}

precheck_core::declare_rules! {
    txt101_private_key,
    txt102_pkcs12_file,
    txt103_aws_access_key,
    txt104_alibaba_access_key,
    txt105_generic_api_key,
    txt106_high_entropy_string,
    txt107_provider_token,
    txt108_password_in_datasource_config,
    txt109_ai_provider_token,
    txt110_cloud_provider_token,
    txt111_dev_tool_token,
    txt112_saas_token,
    txt113_credential_in_command,
    txt114_kubernetes_secret,
    txt115_custom_secret,
}

/// Every table the regex stage runs, most specific first.
pub(crate) static PATTERNS: &[&[Pattern]] = &[
    &txt103_aws_access_key::PATTERNS,
    &txt104_alibaba_access_key::PATTERNS,
    &txt107_provider_token::PATTERNS,
    &txt109_ai_provider_token::PATTERNS,
    &txt110_cloud_provider_token::PATTERNS,
    &txt111_dev_tool_token::PATTERNS,
    &txt112_saas_token::PATTERNS,
    &txt113_credential_in_command::PATTERNS,
    &txt108_password_in_datasource_config::PATTERNS,
    &txt105_generic_api_key::PATTERNS,
];

/// Whether `s` mixes upper-case and lower-case letters: generated tokens do, identifiers of one case do not.
pub(crate) fn mixed_case(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_uppercase()) && s.bytes().any(|b| b.is_ascii_lowercase())
}

/// Whether `s` holds letters and digits both: a generated value, not a word or a number.
pub(crate) fn letters_and_digits(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_alphabetic()) && s.bytes().any(|b| b.is_ascii_digit())
}
