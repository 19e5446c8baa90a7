//! Secrets: `TXT101`–`TXT108` (code.md §4). The pattern tables are data; the pipeline that runs them is
//! `crate::secrets::engine`.

use precheck_core::RuleMeta;

use crate::secrets::engine::Pattern;

pub mod alibaba_access_key;
pub mod aws_access_key;
pub mod generic_api_key;
pub mod high_entropy_string;
pub mod password_in_datasource_config;
pub mod pkcs12_file;
pub mod private_key;
pub mod provider_token;

/// Every table the regex stage runs, most specific first.
pub(crate) static PATTERNS: [&[Pattern]; 5] = [
    &aws_access_key::PATTERNS,
    &alibaba_access_key::PATTERNS,
    &provider_token::PATTERNS,
    &password_in_datasource_config::PATTERNS,
    &generic_api_key::PATTERNS,
];

/// Every secret rule that scans file content.
pub(crate) static ALL: [&RuleMeta; 7] = [
    &private_key::RULE,
    &aws_access_key::RULE,
    &alibaba_access_key::RULE,
    &generic_api_key::RULE,
    &high_entropy_string::RULE,
    &provider_token::RULE,
    &password_in_datasource_config::RULE,
];
