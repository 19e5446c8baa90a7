//! TXT112 saas-token: tokens and webhooks of chat, mail, identity, commerce and payment services.

use precheck_core::{RuleMeta, Severity};

use crate::secrets::engine::Pattern;

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT112",
    "saas-token",
    Severity::Error,
    "a chat, mail, identity, commerce or payment service token or webhook (Discord, Telegram, Teams, …)",
    r#"## What it does
Finds tokens and secret URLs of chat, mail, identity, commerce and payment services by the format each
issues: Discord bot tokens (on a line naming `discord`), webhooks, and secrets assigned to a `discord` name; Telegram bot tokens
(`123456789:AA…`, or `:A…` on a line naming `telegram`); Twilio keys and auth tokens (assigned to a `twilio` name); Microsoft Teams incoming webhooks
(`….webhook.office.com/webhookb2/…`, `http://` too) and Teams workflow URLs (`….logic.azure.com/workflows/…&sig=…`);
Mailgun keys (assigned to a `mailgun` name); SendGrid keys (`SG.` and 66 characters); 1Password secret keys (`A3-…`) and
service-account tokens (`ops_eyJ…`); Notion tokens (`ntn_`, and `secret_…` assigned to a `notion` name);
Atlassian API tokens (`ATATT3…`, or 24 characters assigned to a `jira`, `confluence` or `atlassian` name);
Okta API tokens (`00…` assigned to an `okta` name); Shopify tokens (`shpat_`, `shpca_`, `shppa_`, `shpss_`);
Square tokens (`sq0atp-`, `sq0csp-`, `EAAA…`); Plaid access tokens (`access-production-…`) and secrets
(assigned to a `plaid` name); Facebook access tokens (`EAA…`, `<app id>|<secret>` on a line naming
`facebook`) and app secrets (assigned to a `facebook` name); and crypto exchange API secrets (assigned to a `binance`, `coinbase`, `kraken`, `kucoin`, `bittrex`,
`bitfinex` or `bybit` name). Slack tokens and webhooks are TXT107's. Each must reach its format's entropy
floor; placeholders and values with a stopword stay quiet. The message shows at most the first four
characters.

## Why
These tokens act as the account: a bot token reads and posts in every channel the bot is in, a webhook URL
lets anyone post as the integration (phishing from inside the team's own chat), a payment key moves money.

## Example
```yaml
teams_webhook: https://contoso.webhook.office.com/webhookb2/5404e4fb-4400-34d6-6086-97a8d41bed44@0e50454f-31af-3176-813e-02ea68ef786e/IncomingWebhook/iAhFAKEQpBenQtYh5Xj8TPQxjq4i9DoV/3cf575dc-ad6b-a2b0-aee0-ca9237328815
```

## Use instead
Keep webhook URLs and tokens in the CI's or the platform's secret store and read them from the environment.
Regenerate a committed webhook or token first.
"#,
);

/// A UUID, as in Teams webhooks and Plaid tokens.
macro_rules! uuid_re {
    () => {
        "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    };
}

pub(crate) static PATTERNS: [Pattern; 23] = [
    Pattern::token(
        &RULE,
        "Discord bot token",
        r"(?i:discord).*?(?:^|[^A-Za-z0-9_-])([MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})(?:[^A-Za-z0-9_-]|$)",
        &["discord"],
        4.0,
    ),
    Pattern::token(
        &RULE,
        "Discord webhook",
        r"(?i:https?://(?:(?:ptb|canary)\.)?discord(?:app)?\.com/api/webhooks/)[0-9]{17,20}/([A-Za-z0-9_-]{60,68})",
        &["discord.com/api/webhooks/", "discordapp.com/api/webhooks/"],
        4.0,
    ),
    Pattern::token(
        &RULE,
        "Discord client secret",
        assigned_re!(r"discord", "[a-f0-9]{64}|[A-Za-z0-9=_-]{32}"),
        &["discord"],
        3.5,
    ),
    Pattern::token(
        &RULE,
        "Telegram bot token",
        // The secret half starts with `AA` in the tokens BotFather issues: a keyword that `::as_ref` lines lack.
        r"(?:^|[^0-9A-Za-z_:-])([0-9]{5,16}:AA[A-Za-z0-9_-]{33})(?:[^A-Za-z0-9_-]|$)",
        &[":aa"],
        3.5,
    ),
    Pattern::token(
        &RULE,
        "Telegram bot token",
        r"(?i:telegr).*?(?:^|[^0-9A-Za-z_:-])([0-9]{5,16}:A[A-Za-z0-9_-]{34})(?:[^A-Za-z0-9_-]|$)",
        &["telegr"],
        3.5,
    ),
    Pattern::token(
        &RULE,
        "Twilio credential",
        assigned_re!("twilio", "SK[0-9a-fA-F]{32}|[0-9a-f]{32}"),
        &["twilio"],
        3.0,
    ),
    Pattern::token(
        &RULE,
        "Microsoft Teams webhook",
        concat!(
            r"((?i:https?)://[A-Za-z0-9-]+\.webhook\.office\.com/webhookb2/",
            uuid_re!(),
            "@",
            uuid_re!(),
            r"/IncomingWebhook/[A-Za-z0-9]{32}/",
            uuid_re!(),
            r"(?:/[A-Za-z0-9_-]{20,})?)"
        ),
        &["webhook.office.com"],
        3.0,
    ),
    Pattern::token(
        &RULE,
        "Microsoft Teams workflow URL",
        r#"(?i:https?)://[A-Za-z0-9.-]+\.logic\.azure\.com(?::443)?/workflows/[A-Za-z0-9]{32}/triggers/[^\s"'?]+\?[^\s"']*?\bsig=([A-Za-z0-9_-]{43})"#,
        &["logic.azure.com"],
        3.5,
    ),
    Pattern::token(
        &RULE,
        "Mailgun API key",
        assigned_re!("mailgun", "key-[a-f0-9]{32}|[a-h0-9]{32}-[a-h0-9]{8}-[a-h0-9]{8}"),
        &["mailgun"],
        3.0,
    ),
    Pattern::token(&RULE, "SendGrid API key", token_re!(r"SG\.[A-Za-z0-9=_.-]{66}"), &["sg."], 4.0),
    Pattern::token(
        &RULE,
        "1Password secret key",
        token_re!(r"A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}"),
        &["a3-"],
        3.8,
    ),
    Pattern::token(
        &RULE,
        "1Password service-account token",
        token_re!(r"ops_eyJ[A-Za-z0-9+/]{250,}={0,3}"),
        &["ops_eyj"],
        4.0,
    ),
    Pattern::token(
        &RULE,
        "Notion API token",
        r"(?:^|[^A-Za-z0-9_-])(ntn_[0-9]{11}[A-Za-z0-9]{35})(?:[^A-Za-z0-9_-]|$)|(?i:notion)[A-Za-z0-9_.-]{0,20}[ \t'\x22]{0,3}(?::=|=>|=|:)[ \t'\x22`]{0,5}(secret_[A-Za-z0-9]{43})(?:[^A-Za-z0-9_-]|$)",
        &["ntn_", "notion"],
        4.0,
    ),
    Pattern {
        usable: Some(atlassian_usable),
        ..Pattern::token(
            &RULE,
            "Atlassian API token",
            r"(?:^|[^A-Za-z0-9_-])(ATATT3[A-Za-z0-9_=-]{186})(?:[^A-Za-z0-9_=-]|$)|(?i:atlassian|confluence|jira)[A-Za-z0-9_.-]{0,20}[ \t'\x22]{0,3}(?::=|=>|=|:)[ \t'\x22`]{0,5}([A-Za-z0-9]{24})(?:[^A-Za-z0-9_-]|$)",
            &["atatt3", "atlassian", "confluence", "jira"],
            3.5,
        )
    },
    Pattern::token(&RULE, "Okta API token", assigned_re!("okta", "00[A-Za-z0-9_=-]{40}"), &["okta"], 4.0),
    Pattern::token(
        &RULE,
        "Shopify token",
        token_re!(r"shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}"),
        &["shpat_", "shpca_", "shppa_", "shpss_"],
        3.0,
    ),
    Pattern::token(
        &RULE,
        "Square token",
        token_re!(r"sq0atp-[A-Za-z0-9_-]{22,60}|sq0csp-[A-Za-z0-9_-]{43}|EAAA[A-Za-z0-9_-]{22,60}"),
        &["sq0atp-", "sq0csp-", "eaaa"],
        3.5,
    ),
    Pattern::token(
        &RULE,
        "Plaid access token",
        concat!(r"(?:^|[^A-Za-z0-9_-])(access-(?:sandbox|development|production)-", uuid_re!(), r")(?:[^A-Za-z0-9_-]|$)"),
        &["access-sandbox-", "access-development-", "access-production-"],
        3.0,
    ),
    Pattern {
        usable: Some(super::letters_and_digits),
        ..Pattern::token(&RULE, "Plaid secret", assigned_re!("plaid", "[a-z0-9]{30}"), &["plaid"], 3.5)
    },
    Pattern::token(&RULE, "Facebook access token", token_re!(r"EAA[A-Za-z0-9]{100,}"), &["eaa"], 4.0),
    Pattern::token(
        &RULE,
        "Facebook app access token",
        r"(?i:facebook).*?(?:^|[^0-9A-Za-z_-])([0-9]{15,16}(?:\||%7[Cc])[0-9A-Za-z_-]{27,40})(?:[^A-Za-z0-9_-]|$)",
        &["facebook"],
        3.0,
    ),
    Pattern {
        usable: Some(super::letters_and_digits),
        ..Pattern::token(
            &RULE,
            "Facebook app secret",
            assigned_re!(r"facebook|fb[_.-]?app[_.-]?secret|fb[_.-]?secret", "[a-f0-9]{32}"),
            &["facebook", "fb_app", "fb-app", "fb.app", "fb_secret", "fbsecret", "fbapp"],
            3.0,
        )
    },
    Pattern {
        usable: Some(exchange_usable),
        ..Pattern::token(
            &RULE,
            "crypto exchange API secret",
            assigned_re!(r"binance|coinbase|kraken|kucoin|bittrex|bitfinex|bybit", "[A-Za-z0-9+/=_-]{32,100}"),
            &["binance", "coinbase", "kraken", "kucoin", "bittrex", "bitfinex", "bybit"],
            3.5,
        )
    },
];

/// An old-style Atlassian token (24 characters) holds letters and digits; a word or a number does not.
fn atlassian_usable(token: &str) -> bool {
    token.starts_with("ATATT3") || super::letters_and_digits(token)
}

/// An exchange secret is generated: letters and digits, not a path or a name.
fn exchange_usable(secret: &str) -> bool {
    !secret.starts_with('/') && super::letters_and_digits(secret)
}
