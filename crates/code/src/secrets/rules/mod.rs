//! Secrets: `TXT101`–`TXT108` (code.md §4). The pattern tables are data; the pipeline that runs them is
//! `crate::secrets::engine`.

use crate::secrets::engine::Pattern;

precheck_core::declare_rules! {
    txt101_private_key,
    txt102_pkcs12_file,
    txt103_aws_access_key,
    txt104_alibaba_access_key,
    txt105_generic_api_key,
    txt106_high_entropy_string,
    txt107_provider_token,
    txt108_password_in_datasource_config,
}

/// Every table the regex stage runs, most specific first.
pub(crate) static PATTERNS: &[&[Pattern]] = &[
    &txt103_aws_access_key::PATTERNS,
    &txt104_alibaba_access_key::PATTERNS,
    &txt107_provider_token::PATTERNS,
    &txt108_password_in_datasource_config::PATTERNS,
    &txt105_generic_api_key::PATTERNS,
];
