//! Secrets: `TXT101`–`TXT108` (code.md §4). The pattern tables are data; the pipeline that runs them is
//! `crate::secrets::engine`.

use crate::secrets::engine::Pattern;

precheck_core::declare_rules! {
    private_key,
    pkcs12_file,
    aws_access_key,
    alibaba_access_key,
    generic_api_key,
    high_entropy_string,
    provider_token,
    password_in_datasource_config,
}

/// Every table the regex stage runs, most specific first.
pub(crate) static PATTERNS: &[&[Pattern]] = &[
    &aws_access_key::PATTERNS,
    &alibaba_access_key::PATTERNS,
    &provider_token::PATTERNS,
    &password_in_datasource_config::PATTERNS,
    &generic_api_key::PATTERNS,
];
