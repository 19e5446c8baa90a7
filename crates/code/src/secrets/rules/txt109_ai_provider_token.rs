//! TXT109 ai-provider-token: API keys of AI model providers, by their documented formats.

use precheck_core::{RuleMeta, Severity};

use crate::secrets::engine::Pattern;

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT109",
    "ai-provider-token",
    Severity::Error,
    "an AI provider's API key (Anthropic, Cohere, Hugging Face, Perplexity)",
    r#"## What it does
Finds API keys of AI model providers by the format the provider issues: Anthropic API and admin keys
(`sk-ant-api03-…AA`, `sk-ant-admin01-…AA`), Hugging Face user and organization tokens (`hf_…`,
`api_org_…`, 34 letters of both cases), Perplexity keys (`pplx-` and 48 characters) and Cohere keys (40
characters, assigned to a name with `cohere` or `CO_API_KEY`). OpenAI keys (`sk-…T3BlbkFJ…`, the project,
service-account and admin forms included) are TXT107's. A key must reach the format's entropy floor, and
documented placeholders and values with a stopword (`example`, `your_`, …) stay quiet. The message shows at
most the first four characters.

## Why
An AI provider key spends the owner's money and reads whatever the account can (fine-tuning data, files,
conversation logs). These keys are scraped from public code within minutes and used for resale.

## Example
```python
client = anthropic.Anthropic(api_key="sk-ant-api03-PtYFAKEhBel31iEl2hpChYgCfrL1spNxnyVmihA-2O76UMFxFkM-R5Kjp1vRt_1fjORS-6ilI8ihN5KXSc7Tvo-hBKqFYAA")
```

## Use instead
```python
client = anthropic.Anthropic()  # reads ANTHROPIC_API_KEY from the environment
```
Revoke a committed key in the provider's console first.
"#,
);

pub(crate) static PATTERNS: [Pattern; 4] = [
    Pattern::token(
        &RULE,
        "Anthropic API key",
        token_re!(r"sk-ant-(?:api03|admin01)-[A-Za-z0-9_-]{93}AA"),
        &["sk-ant-api03-", "sk-ant-admin01-"],
        4.0,
    ),
    Pattern {
        usable: Some(super::mixed_case),
        ..Pattern::token(
            &RULE,
            "Hugging Face token",
            token_re!(r"(?:hf|api_org)_[A-Za-z]{34}"),
            &["hf_", "api_org_"],
            3.8,
        )
    },
    Pattern::token(&RULE, "Perplexity API key", token_re!(r"pplx-[A-Za-z0-9]{48}"), &["pplx-"], 4.0),
    Pattern {
        usable: Some(super::letters_and_digits),
        ..Pattern::token(
            &RULE,
            "Cohere API key",
            assigned_re!("cohere|co_api_key", "[A-Za-z0-9]{40}"),
            &["cohere", "co_api_key"],
            4.0,
        )
    },
];
