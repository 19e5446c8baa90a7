//! TXT111 dev-tool-token: tokens of package registries and developer services, by their documented formats.

use precheck_core::{RuleMeta, Severity};

use crate::secrets::engine::Pattern;

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT111",
    "dev-tool-token",
    Severity::Error,
    "a package registry or developer service token (PyPI, RubyGems, NuGet, JFrog, Sentry, Grafana, …)",
    r#"## What it does
Finds tokens of package registries and developer services by the format each issues: PyPI upload tokens
(`pypi-AgEIcHlwaS5vcmc…`, TestPyPI too), RubyGems keys (`rubygems_`), NuGet.org keys (`oy2…`), JFrog
Artifactory API keys (`AKCp…`), reference tokens (`cmVmd…`) and identity tokens (assigned to a `jfrog` or
`artifactory` name), Sentry user and organization tokens (`sntryu_`, `sntrys_`) and legacy tokens (assigned to
a `sentry` name), Grafana Cloud, service-account and API keys (`glc_`, `glsa_`, `eyJrIjoi…`), Datadog API and
application keys (assigned to `DD_API_KEY`, `DD_APP_KEY`, `datadog…`), New Relic user, insert and license keys
(`NRAK-`, `NRII-`, `…NRAL`), Snyk tokens (a UUID assigned to a `snyk` token name), SonarQube tokens (`sqp_`,
`squ_`, `sqa_`, or 40 characters assigned to `sonar.login`/`sonar.token`), Sourcegraph tokens (`sgp_`) and
Sidekiq Enterprise/Pro credentials (`BUNDLE_GEMS__CONTRIBSYS__COM`, `https://…:…@gems.contribsys.com`).
GitHub, GitLab and npm tokens are TXT107's. Each must reach its format's entropy floor; placeholders and
values with a stopword stay quiet. The message shows at most the first four characters.

## Why
A registry token publishes packages in the owner's name: one leaked upload token is a supply-chain attack
on everyone who installs them. Monitoring and code-analysis tokens read source, logs and user data.

## Example
```ini
[pypi]
username = __token__
password = pypi-AgEIcHlwaS5vcmco_7FAKEsnRH9ucAUsdMlHUvTCQCyEZDz-TddJ8HyS5SUkCnD8zRA9a9SkpXz9w3QlY7Zku
```

## Use instead
Publish from CI with trusted publishing (OIDC) or a secret of the CI, and keep service keys in the
environment. Revoke a committed token first.
"#,
);

pub(crate) static PATTERNS: [Pattern; 17] = [
    Pattern::token(
        &RULE,
        "PyPI upload token",
        token_re!(r"pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,1000}"),
        &["pypi-age"],
        3.0,
    ),
    Pattern::token(&RULE, "RubyGems API key", token_re!(r"rubygems_[a-f0-9]{48}"), &["rubygems_"], 3.0),
    Pattern {
        usable: Some(super::letters_and_digits),
        ..Pattern::token(&RULE, "NuGet API key", token_re!(r"oy2[a-z0-9]{43}"), &["oy2"], 3.5)
    },
    Pattern::token(
        &RULE,
        "JFrog Artifactory token",
        token_re!(r"AKCp[A-Za-z0-9]{69}|cmVmd[A-Za-z0-9]{59}"),
        &["akcp", "cmvmd"],
        4.5,
    ),
    Pattern {
        usable: Some(super::letters_and_digits),
        ..Pattern::token(
            &RULE,
            "JFrog identity token",
            assigned_re!("jfrog|artifactory", "[A-Za-z0-9]{64}|[A-Za-z0-9]{73}"),
            &["jfrog", "artifactory"],
            4.0,
        )
    },
    Pattern::token(&RULE, "Sentry user token", token_re!(r"sntryu_[a-f0-9]{64}"), &["sntryu_"], 3.5),
    Pattern::token(
        &RULE,
        "Sentry organization token",
        token_re!(
            r"sntrys_eyJpYXQiO[A-Za-z0-9+/]{10,200}(?:LCJyZWdpb25fdXJs|InJlZ2lvbl91cmwi|cmVnaW9uX3VybCI6)[A-Za-z0-9+/]{10,200}={0,2}_[A-Za-z0-9+/]{43}"
        ),
        &["sntrys_eyjpyxqio"],
        4.5,
    ),
    Pattern::token(&RULE, "Sentry auth token", assigned_re!("sentry", "[a-f0-9]{64}"), &["sentry"], 3.0),
    Pattern::token(
        &RULE,
        "Grafana token",
        token_re!(r"glc_[A-Za-z0-9+/]{32,400}={0,3}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|eyJrIjoi[A-Za-z0-9]{70,400}={0,3}"),
        &["glc_", "glsa_", "eyjrijoi"],
        3.0,
    ),
    Pattern {
        usable: Some(super::letters_and_digits),
        ..Pattern::token(
            &RULE,
            "Datadog API key",
            assigned_re!(
                r"datadog|dd[_.-]?api[_.-]?key|dd[_.-]?app(?:lication)?[_.-]?key",
                "[a-z0-9]{32}|[a-z0-9]{40}"
            ),
            &["datadog", "dd_api", "dd-api", "ddapi", "dd_app", "dd-app", "ddapp", "dd.api", "dd.app"],
            3.0,
        )
    },
    Pattern::token(
        &RULE,
        "New Relic key",
        token_re!(r"NRAK-[A-Z0-9]{27}|NRII-[A-Za-z0-9-]{32}|[a-f0-9]{36}NRAL"),
        &["nrak-", "nrii-", "nral"],
        3.0,
    ),
    Pattern::token(
        &RULE,
        "Snyk token",
        assigned_re!(
            r"snyk[_.-]?(?:(?:api|oauth)[_.-]?)?(?:key|token)",
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
        ),
        &["snyk"],
        3.0,
    ),
    Pattern::token(&RULE, "SonarQube token", token_re!(r"sq[pua]_[a-f0-9]{40}"), &["sqp_", "squ_", "sqa_"], 3.0),
    Pattern {
        usable: Some(super::letters_and_digits),
        ..Pattern::token(
            &RULE,
            "SonarQube token",
            assigned_re!(r"sonar[_.-]?(?:api[_.-]?)?(?:login|token)", "[A-Za-z0-9=_-]{40}"),
            &["sonar"],
            3.0,
        )
    },
    Pattern::token(
        &RULE,
        "Sourcegraph token",
        token_re!(r"sgp_(?:[a-fA-F0-9]{16}_|local_)?[a-fA-F0-9]{40}"),
        &["sgp_"],
        3.0,
    ),
    Pattern::token(
        &RULE,
        "Sidekiq Enterprise credential",
        assigned_re!("bundle_(?:enterprise|gems)__contribsys__com", "[a-f0-9]{8}:[a-f0-9]{8}"),
        &["contribsys__com"],
        2.5,
    ),
    Pattern::token(
        &RULE,
        "Sidekiq Enterprise credential",
        r"(?i:https?)://([a-f0-9]{8}:[a-f0-9]{8})@(?i:gems|enterprise)\.contribsys\.com",
        &["contribsys.com"],
        2.5,
    ),
];
