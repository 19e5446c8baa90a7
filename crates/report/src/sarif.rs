//! `sarif`: SARIF 2.1.0 for code-scanning services (GitHub code scanning, Azure DevOps, IDE viewers).
//!
//! One run whose `tool.driver.rules` holds one reporting descriptor per rule that has a finding in the report,
//! in code order — not every rule of the run: explanations are long, and a viewer needs only the rules its
//! results point at. Metadata comes from [`Report::rules`], else from precheck's own `PC` rules; a rule found
//! in neither still gets a descriptor with its id and name, so every `ruleIndex` is valid. Each descriptor carries the code as `id`, the kebab-case name in PascalCase as `name`
//! (SARIF's "friendly name"), the summary, the markdown explanation as `help`, the default severity, and
//! `helpUri`: the rule's page `docs/rules/<CODE>.md` in precheck's repository ([`RULE_DOCS`]). SARIF requires
//! `helpUri` to be absolute (the multitool's SARIF1005), so it is built from the `repository` URL of
//! precheck's Cargo.toml (also the driver's `informationUri`) and the `main` branch, GitHub's and GitLab's
//! `/blob/` layout; whoever publishes precheck sets that URL. Security rules (the secret rules) carry
//! GitHub's `security-severity`, the `security` tag and a `precision` in their property bag, so code
//! scanning ranks them as security alerts. The run's `automationDetails.id` is `"<category>/"` (`precheck/`
//! by default, `--category` otherwise): GitHub code scanning keeps the alerts of each category apart, and no
//! run id follows, so the output stays the same from run to run.
//!
//! Each result has `ruleId`, `ruleIndex`, `level` (`error`/`warning`/`note`), the message with the help
//! appended, the primary location relative to `%SRCROOT%` (the repository root), one related location per
//! label, and `partialFingerprints["precheck/v1"]`. Columns count Unicode code points (the run says
//! `columnKind: unicodeCodePoints`), end columns are exclusive as in SARIF, and a file-level finding's region
//! is its first line.

use std::collections::BTreeMap;
use std::io::{self, Write};

use precheck_core::{Finding, Report, RuleMeta, Severity, Span};
use serde::Serialize;

use crate::{is_file_level, rule_meta};

/// The JSON schema the document names.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The key of precheck's fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "precheck/v1";
/// The base id every artifact URI is relative to: the repository root.
pub const SRCROOT: &str = "%SRCROOT%";
/// Where the rule pages are (`docs/rules/<CODE>.md`, generated from the rules' metadata): precheck's
/// repository URL (Cargo.toml's `repository`) on its `main` branch.
pub const RULE_DOCS: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/rules/");
/// The category of the analysis when none is given (`automationDetails.id` `precheck/`).
pub const DEFAULT_CATEGORY: &str = "precheck";

/// The SARIF level for a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `select-star` → `SelectStar`.
pub fn pascal_case(kebab: &str) -> String {
    kebab
        .split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map(|c| c.to_uppercase().chain(chars).collect::<String>()).unwrap_or_default()
        })
        .collect()
}

/// Writes `report` as a SARIF 2.1.0 log, pretty-printed with a trailing newline. `options.tool_version` is
/// precheck's version (omitted when empty); `options.category` and `options.security_severity` as
/// [`crate::RenderOptions`] says.
pub fn render(report: &Report, options: &crate::RenderOptions<'_>, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &log(report, options))?;
    writeln!(out)
}

fn log<'a>(report: &'a Report, options: &crate::RenderOptions<'a>) -> Log<'a> {
    let tool_version = options.tool_version;
    let security = |code: &str| options.security_severity.iter().find(|(c, _)| *c == code).map(|(_, s)| *s);
    // code → (index, descriptor), in code order; a finding whose rule is not in `report.rules` still gets one.
    let mut referenced: BTreeMap<&str, &Finding> = BTreeMap::new();
    for f in &report.findings {
        referenced.entry(f.code).or_insert(f);
    }
    let rules: Vec<ReportingDescriptor<'a>> =
        referenced.values().map(|f| descriptor(rule_meta(report, f.code), f, security(f.code))).collect();
    let category = if options.category.is_empty() { DEFAULT_CATEGORY } else { options.category };
    let index: BTreeMap<&str, usize> = referenced.keys().enumerate().map(|(i, code)| (*code, i)).collect();
    let results = report.findings.iter().map(|f| result(f, index.get(f.code).copied().unwrap_or(0))).collect();

    Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: ToolComponent {
                    name: "precheck",
                    version: (!tool_version.is_empty()).then_some(tool_version),
                    information_uri: env!("CARGO_PKG_REPOSITORY"),
                    rules,
                },
            },
            automation_details: AutomationDetails { id: format!("{}/", category.trim_end_matches('/')) },
            original_uri_base_ids: BTreeMap::from([(
                SRCROOT,
                ArtifactLocation {
                    uri: None,
                    uri_base_id: None,
                    description: Some(Message { text: "The root of the repository that was checked.".into() }),
                },
            )]),
            column_kind: "unicodeCodePoints",
            results,
        }],
    }
}

fn descriptor<'a>(
    meta: Option<&'static RuleMeta>,
    first: &'a Finding,
    security_severity: Option<&'a str>,
) -> ReportingDescriptor<'a> {
    let properties = |check, name| RuleProperties {
        check,
        name,
        tags: security_severity.map(|_| ["security"]),
        precision: security_severity.map(|_| "high"),
        security_severity,
    };
    match meta {
        Some(m) => ReportingDescriptor {
            id: m.code,
            name: pascal_case(m.name),
            short_description: (!m.summary.is_empty()).then(|| Message { text: m.summary.to_string() }),
            full_description: what_it_does(m.explanation)
                .or((!m.summary.is_empty()).then_some(m.summary))
                .map(|text| Message { text: text.to_string() }),
            help_uri: Some(format!("{RULE_DOCS}{}.md", m.code)),
            help: (!m.explanation.is_empty())
                .then(|| MultiformatMessage { text: m.explanation.to_string(), markdown: m.explanation.to_string() }),
            default_configuration: Some(Configuration { level: level(m.default_severity) }),
            properties: Some(properties(m.check, m.name)),
        },
        None => ReportingDescriptor {
            id: first.code,
            name: pascal_case(first.name),
            short_description: None,
            full_description: None,
            help_uri: None,
            help: None,
            default_configuration: None,
            properties: Some(properties(first.check, first.name)),
        },
    }
}

/// The "What it does" section of a rule explanation, without its heading.
fn what_it_does(explanation: &str) -> Option<&str> {
    let (_, body) = explanation.split_once("## What it does")?;
    let (_, body) = body.split_once('\n')?;
    let text = body.split_once("\n#").map_or(body, |(section, _)| section).trim();
    (!text.is_empty()).then_some(text)
}

fn result(f: &Finding, rule_index: usize) -> SarifResult<'_> {
    let text = match &f.help {
        Some(help) => format!("{}\nhelp: {help}", f.message),
        None => f.message.clone(),
    };
    SarifResult {
        rule_id: f.code,
        rule_index,
        level: level(f.severity),
        message: Message { text },
        locations: vec![Location { id: None, physical_location: physical(&f.primary), message: None }],
        related_locations: f
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| Location {
                id: Some(i + 1),
                physical_location: physical(&l.span),
                message: Some(Message { text: l.message.clone() }),
            })
            .collect(),
        partial_fingerprints: if f.fingerprint.is_empty() {
            BTreeMap::new()
        } else {
            BTreeMap::from([(FINGERPRINT_KEY, f.fingerprint.as_str())])
        },
    }
}

fn physical(span: &Span) -> PhysicalLocation<'_> {
    let region = if is_file_level(span) {
        Region { start_line: 1, start_column: None, end_line: None, end_column: None }
    } else {
        Region {
            start_line: span.start.line,
            start_column: Some(span.start.column),
            end_line: Some(span.end.line),
            end_column: Some(span.end.column),
        }
    };
    PhysicalLocation {
        artifact_location: ArtifactLocation {
            uri: Some(uri(&span.path)),
            uri_base_id: Some(SRCROOT),
            description: None,
        },
        region,
    }
}

/// A relative URI reference for a repo-relative path: every byte outside RFC 3986's unreserved set and `/` is
/// percent-encoded (UTF-8), so spaces, `#`, `%` and non-ASCII names stay valid URIs.
pub fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

// The subset of the SARIF 2.1.0 object model precheck writes. Field order is the document's key order.

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    automation_details: AutomationDetails,
    original_uri_base_ids: BTreeMap<&'static str, ArtifactLocation<'a>>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct AutomationDetails {
    id: String,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: ToolComponent<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ToolComponent<'a> {
    name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
    information_uri: &'static str,
    rules: Vec<ReportingDescriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor<'a> {
    id: &'a str,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    short_description: Option<Message>,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Message>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<MultiformatMessage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default_configuration: Option<Configuration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<RuleProperties<'a>>,
}

/// precheck's own rule data in the descriptor's property bag.
#[derive(Serialize)]
struct RuleProperties<'a> {
    /// The check that owns the rule (`sql`, `conflict`, …).
    #[serde(rename = "precheck/check")]
    check: &'a str,
    /// The rule's kebab-case name as precheck's CLI and config accept it.
    #[serde(rename = "precheck/name")]
    name: &'a str,
    /// `["security"]` for security rules: GitHub code scanning reads `security-severity` only with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<[&'static str; 1]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    precision: Option<&'static str>,
    /// GitHub code scanning's security severity, "0.0"–"10.0".
    #[serde(rename = "security-severity", skip_serializing_if = "Option::is_none")]
    security_severity: Option<&'a str>,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Message {
    text: String,
}

#[derive(Serialize)]
struct MultiformatMessage {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Message,
    locations: Vec<Location<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location<'a>>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    partial_fingerprints: BTreeMap<&'static str, &'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation<'a>,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<Message>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    use precheck_core::{Finding, RuleMeta, Severity, Span};

    #[test]
    fn a_rule_without_metadata_still_gets_a_descriptor() {
        static MADE_UP: RuleMeta = RuleMeta::new("zz", "ZZ001", "made-up", Severity::Warning, "", "");
        let report = Report { findings: vec![Finding::new(&MADE_UP, Span::file("a.txt"), "m")], ..Report::default() };
        let doc = serde_json::to_value(log(&report, &crate::RenderOptions::default())).expect("serialises");
        let driver = &doc["runs"][0]["tool"]["driver"];
        assert!(driver.get("version").is_none(), "an empty version is left out");
        assert_eq!(
            driver["rules"],
            serde_json::json!([{"id": "ZZ001", "name": "MadeUp", "properties": {"precheck/check": "zz", "precheck/name": "made-up"}}])
        );
        let result = &doc["runs"][0]["results"][0];
        assert_eq!(result["ruleIndex"], 0);
        assert_eq!(result["locations"][0]["physicalLocation"]["region"], serde_json::json!({"startLine": 1}));
        assert!(result.get("partialFingerprints").is_none(), "no fingerprint, no partialFingerprints");
        assert!(result.get("relatedLocations").is_none());
    }

    #[test]
    fn names_become_pascal_case() {
        assert_eq!(pascal_case("select-star"), "SelectStar");
        assert_eq!(pascal_case("conflict-marker"), "ConflictMarker");
        assert_eq!(pascal_case("x"), "X");
        assert_eq!(pascal_case(""), "");
    }

    #[test]
    fn full_description_is_what_the_rule_does() {
        let explanation = "## What it does\nFinds `SELECT *`.\n\n## Why\nColumns change.\n";
        assert_eq!(what_it_does(explanation), Some("Finds `SELECT *`."));
        assert_eq!(what_it_does("## What it does\nOnly section.\n"), Some("Only section."));
        assert_eq!(what_it_does("no sections"), None);
    }

    #[test]
    fn uris_are_percent_encoded_relative_references() {
        assert_eq!(uri("src/main.rs"), "src/main.rs");
        assert_eq!(uri("db/a b#1%.sql"), "db/a%20b%231%25.sql");
        assert_eq!(uri("配置/数据源.xml"), "%E9%85%8D%E7%BD%AE/%E6%95%B0%E6%8D%AE%E6%BA%90.xml");
    }
}
