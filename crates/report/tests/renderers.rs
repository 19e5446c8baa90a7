//! Every renderer over the one shared fixture report (`fixture::report`), pinned by an insta snapshot each,
//! plus the exact JSON shape, the baseline round trip and the empty report.

mod fixture;

use precheck_core::baseline::{self, Baseline};
use precheck_core::{Report, Severity};
use precheck_report::{Format, RenderOptions, render};
use serde_json::{Value, json};

const OPTIONS: RenderOptions<'static> = RenderOptions {
    color: false,
    tool_version: "0.1.0",
    width: Some(100),
    fail_on: precheck_core::FailOn::Warning,
    category: "",
    security_severity: &[("TXT003", "5.5")],
};

fn rendered(format: Format, report: &Report) -> String {
    let mut out = Vec::new();
    render(format, report, &OPTIONS, &mut out).expect("render to memory");
    String::from_utf8(out).expect("renderers write UTF-8")
}

fn snapshot(format: Format) -> String {
    let report = fixture::report();
    let first = rendered(format, &report);
    assert_eq!(first, rendered(format, &report), "{format} output must be deterministic");
    first
}

#[test]
fn human() {
    insta::assert_snapshot!("human", snapshot(Format::Human));
}

#[test]
fn concise() {
    insta::assert_snapshot!("concise", snapshot(Format::Concise));
}

#[test]
fn json() {
    insta::assert_snapshot!("json", snapshot(Format::Json));
}

#[test]
fn sarif() {
    insta::assert_snapshot!("sarif", snapshot(Format::Sarif));
}

#[test]
fn gitlab() {
    insta::assert_snapshot!("gitlab", snapshot(Format::Gitlab));
}

#[test]
fn junit() {
    insta::assert_snapshot!("junit", snapshot(Format::Junit));
}

#[test]
fn github() {
    insta::assert_snapshot!("github", snapshot(Format::Github));
}

#[test]
fn checkstyle() {
    insta::assert_snapshot!("checkstyle", snapshot(Format::Checkstyle));
}

#[test]
fn baseline() {
    let mut out = Vec::new();
    baseline::write(&fixture::report().findings, &mut out).expect("write baseline");
    insta::assert_snapshot!("baseline", String::from_utf8(out).expect("UTF-8"));
}

#[test]
fn human_colours_only_when_asked() {
    let report = fixture::report();
    assert!(!rendered(Format::Human, &report).contains('\u{1b}'));
    let mut out = Vec::new();
    let options = RenderOptions { color: true, ..OPTIONS };
    precheck_report::human::render(&report, &options, &mut out).expect("render");
    assert!(String::from_utf8_lossy(&out).contains("\u{1b}["), "colour was asked for");
}

#[test]
fn json_has_exactly_the_documented_shape() {
    let report = fixture::report();
    let doc: Value = serde_json::from_str(&rendered(Format::Json, &report)).expect("valid JSON");
    let keys = |v: &Value| v.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()).unwrap_or_default();
    // serde_json sorts object keys when parsing without preserve_order: compare as sorted sets.
    let sorted = |list: &[&str]| {
        let mut v: Vec<String> = list.iter().map(|s| s.to_string()).collect();
        v.sort();
        v
    };
    assert_eq!(
        keys(&doc),
        sorted(&["version", "precheck_version", "configuration", "fail_on", "rules", "findings", "summary"])
    );
    assert_eq!(doc["version"], json!(1));
    assert_eq!(doc["precheck_version"], json!("0.1.0"));
    assert_eq!(doc["configuration"], json!(fixture::CONFIGURATION));
    assert_eq!(doc["fail_on"], json!("warning"));
    assert_eq!(doc["rules"], json!(["CF001", "CF002", "TXT003", "SQL001", "SQL012"]));
    assert_eq!(
        doc["summary"],
        json!({"files": 120, "left_out": 3, "findings": 5, "errors": 2, "warnings": 2, "infos": 1})
    );

    let findings = doc["findings"].as_array().expect("findings array");
    assert_eq!(findings.len(), report.findings.len());
    for f in findings {
        assert_eq!(
            keys(f),
            sorted(&[
                "code",
                "name",
                "check",
                "severity",
                "message",
                "path",
                "start",
                "end",
                "range",
                "labels",
                "help",
                "fingerprint"
            ])
        );
        assert_eq!(keys(&f["start"]), sorted(&["line", "column"]));
        assert_eq!(keys(&f["end"]), sorted(&["line", "column"]));
        assert_eq!(keys(&f["range"]), sorted(&["start", "end"]));
        for label in f["labels"].as_array().expect("labels array") {
            assert_eq!(keys(label), sorted(&["path", "start", "end", "range", "message"]));
        }
    }

    let no_where = findings.iter().find(|f| f["code"] == "SQL012").expect("SQL012");
    let sql012 = report.findings.iter().find(|f| f.code == "SQL012").expect("SQL012");
    assert_eq!(
        *no_where,
        json!({
            "code": "SQL012",
            "name": "dml-without-where",
            "check": "sql",
            "severity": "error",
            "message": "`UPDATE orders` has no `WHERE` clause: it changes every row of all 64 shards",
            "path": "db/orders.sql",
            "start": {"line": 3, "column": 1},
            "end": {"line": 4, "column": 24},
            "range": {"start": sql012.primary.range.start, "end": sql012.primary.range.end},
            "labels": [{
                "path": "conf/zdal-ds.xml",
                "start": {"line": 12, "column": 5},
                "end": {"line": 12, "column": 31},
                "range": {"start": sql012.labels[0].span.range.start, "end": sql012.labels[0].span.range.end},
                "message": "`orders` is sharded by `user_id` here"
            }],
            "help": "add `WHERE user_id = ?` so the statement routes to one shard",
            "fingerprint": sql012.fingerprint,
        })
    );
    let trailing = findings.iter().find(|f| f["code"] == "TXT003").expect("TXT003");
    assert_eq!(trailing["help"], Value::Null, "help is null when absent");
    assert_eq!(trailing["labels"], json!([]));
    assert_eq!(trailing["severity"], "info");
    assert_eq!(trailing["path"], fixture::WEIRD_PATH);
    let file_level = findings.iter().find(|f| f["code"] == "PC003").expect("PC003");
    assert_eq!(file_level["start"], json!({"line": 1, "column": 1}));
    assert_eq!(file_level["end"], json!({"line": 1, "column": 1}));
}

#[test]
fn json_key_order_follows_the_design() {
    let text = rendered(Format::Json, &fixture::report());
    let order = ["\"code\"", "\"name\"", "\"severity\"", "\"message\"", "\"path\"", "\"start\"", "\"end\""];
    let first = &text[text.find("\"findings\"").expect("findings")..];
    let positions: Vec<usize> = order.iter().map(|k| first.find(k).expect("key")).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    assert!(text.find("\"version\"") < text.find("\"findings\""));
    assert!(text.find("\"findings\"") < text.find("\"summary\""));
    assert!(text.ends_with("}\n"));
}

#[test]
fn json_reads_back_into_a_report_that_renders_the_same() {
    let report = fixture::report();
    let json = rendered(Format::Json, &report);
    let parsed = precheck_report::json::parse(&json, &fixture::registry(), "0.1.0").expect("parses");
    assert_eq!(parsed.precheck_version, "0.1.0");
    assert_eq!(parsed.fail_on, precheck_core::FailOn::Warning);
    assert_eq!(parsed.report.configuration, fixture::CONFIGURATION);
    assert!(parsed.report.sources.is_empty(), "JSON quotes no file");
    // Every format but human (which quotes source lines) renders the same from the JSON.
    for format in Format::ALL.into_iter().filter(|f| *f != Format::Human) {
        assert_eq!(rendered(format, &parsed.report), rendered(format, &report), "{format}");
    }
    let err = precheck_report::json::parse(&json, &fixture::registry(), "0.2.0").expect_err("other version");
    assert!(err.contains("written by precheck 0.1.0, this is precheck 0.2.0"), "{err}");
    let err = precheck_report::json::parse(&json, &[], "0.1.0").expect_err("unknown rules");
    assert!(err.starts_with("unknown rule"), "{err}");
    let err = precheck_report::json::parse(r#"{"version": 1, "findings": []}"#, &[], "0.1.0").expect_err("old");
    assert!(err.contains("older than 0.1.0"), "{err}");
    let err = precheck_report::json::parse("[]", &[], "0.1.0").expect_err("not a report");
    assert!(err.starts_with("not a precheck JSON report"), "{err}");
}

#[test]
fn sarif_is_well_formed() {
    let report = fixture::report();
    let doc: Value = serde_json::from_str(&rendered(Format::Sarif, &report)).expect("valid JSON");
    assert_eq!(doc["version"], "2.1.0");
    let run = &doc["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, ["CF001", "PC003", "SQL001", "SQL012", "TXT003"], "referenced rules only, in code order");
    for result in run["results"].as_array().expect("results") {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(result["partialFingerprints"]["precheck/v1"].is_string());
    }
    // Every rule links to its page; security rules carry GitHub's security-severity, tagged `security`.
    for rule in rules {
        let page = format!("{}{}.md", precheck_report::sarif::RULE_DOCS, rule["id"].as_str().expect("id"));
        assert_eq!(rule["helpUri"], json!(page));
        assert!(page.starts_with(env!("CARGO_PKG_REPOSITORY")) && page.contains("/docs/rules/"), "{page}");
    }
    let security = rules.iter().find(|r| r["id"] == "TXT003").expect("TXT003");
    assert_eq!(security["properties"]["security-severity"], "5.5");
    assert_eq!(security["properties"]["tags"], json!(["security"]));
    let plain = rules.iter().find(|r| r["id"] == "CF001").expect("CF001");
    assert!(plain["properties"].get("security-severity").is_none() && plain["properties"].get("tags").is_none());
    assert_eq!(run["automationDetails"], json!({"id": "precheck/"}));
    assert_eq!(run["tool"]["driver"]["informationUri"], env!("CARGO_PKG_REPOSITORY"));
    // A category of the caller's.
    let mut out = Vec::new();
    let options = RenderOptions { category: "precheck/backend", ..OPTIONS };
    render(Format::Sarif, &report, &options, &mut out).expect("render");
    let doc: Value = serde_json::from_slice(&out).expect("valid JSON");
    assert_eq!(doc["runs"][0]["automationDetails"]["id"], "precheck/backend/");
}

#[test]
fn baseline_round_trip_matches_by_fingerprint_code_and_path() {
    let report = fixture::report();
    let mut out = Vec::new();
    baseline::write(&report.findings, &mut out).expect("write");
    let baseline = Baseline::parse(std::str::from_utf8(&out).expect("UTF-8")).expect("read back");
    assert_eq!(baseline.len(), report.findings.len());
    assert!(report.findings.iter().all(|f| baseline.contains(f)));

    let mut moved = report.findings[1].clone();
    moved.primary.start.line += 10;
    moved.message = "reworded".into();
    assert!(baseline.contains(&moved), "position and message do not matter");
    let mut other_code = moved.clone();
    other_code.code = "SQL002";
    assert!(!baseline.contains(&other_code));
    let mut other_path = moved.clone();
    other_path.primary.path = "db/other.sql".into();
    assert!(!baseline.contains(&other_path));
    let mut other_fingerprint = moved;
    other_fingerprint.fingerprint = "0".repeat(32);
    assert!(!baseline.contains(&other_fingerprint));
}

#[test]
fn baseline_errors_say_what_is_wrong() {
    let err = Baseline::parse(r#"{"version":2,"entries":{}}"#).expect_err("version 2");
    assert!(err.contains("version 2"), "{err}");
    let err = Baseline::parse("{").expect_err("truncated");
    assert!(err.starts_with("invalid baseline"), "{err}");
    let err = Baseline::parse(r#"{"version":1,"findings":[{"code":"X"}]}"#).expect_err("missing fields");
    assert!(err.contains("missing field"), "{err}");
    let empty = Baseline::parse(r#"{"version":1,"findings":[]}"#).expect("empty baseline");
    assert!(empty.is_empty());
}

#[test]
fn empty_report_renders_in_every_format() {
    let report = Report { files: 3, ..Report::default() };
    assert_eq!(rendered(Format::Concise, &report), "No findings in 3 files.\n");
    assert_eq!(rendered(Format::Human, &report), "No findings in 3 files.\n");
    assert_eq!(rendered(Format::Github, &report), "");
    assert_eq!(rendered(Format::Gitlab, &report), "[]\n");
    for format in [Format::Json, Format::Sarif] {
        let doc: Value = serde_json::from_str(&rendered(format, &report)).expect("valid JSON");
        assert!(doc.is_object());
    }
    assert!(rendered(Format::Checkstyle, &report).ends_with("<checkstyle version=\"4.3\">\n</checkstyle>\n"));
    assert!(rendered(Format::Junit, &report).contains(r#"<testsuites name="precheck" tests="0" failures="0""#));
}

#[test]
fn human_survives_spans_that_do_not_fit_their_text() {
    let mut report = fixture::report();
    for f in &mut report.findings {
        f.primary.range = 10_000..10_004;
        f.severity = Severity::Warning;
    }
    let text = rendered(Format::Human, &report);
    assert!(!text.contains("Failed to read"), "{text}");
    assert!(text.contains("db/orders.sql:2:8: `SELECT *` reads every column"), "{text}");
}

#[test]
fn human_renders_a_point_at_the_end_of_a_file() {
    let mut report = fixture::report();
    let text = &report.sources[fixture::SQL_PATH];
    let end = text.len();
    let f = &mut report.findings[1];
    f.primary = precheck_core::text::LineIndex::new(text).span(&f.primary.path, text, end..end);
    f.labels.clear();
    let out = rendered(Format::Human, &report);
    assert!(!out.contains("Failed to read"), "{out}");
}

#[test]
fn human_headers_count_columns_in_characters_with_crlf_and_tabs() {
    use std::sync::Arc;
    let path: Arc<str> = Arc::from("db/数据.sql");
    let text = "-- 注释\r\n\tSELECT 列 * FROM t;\r\n";
    let start = text.find('*').expect("star");
    let span = precheck_core::text::LineIndex::new(text).span(&path, text, start..start + 1);
    assert_eq!((span.start.line, span.start.column), (2, 11));
    let finding = precheck_core::Finding::new(&fixture::SELECT_STAR, span, "`SELECT *`");
    let report = Report {
        findings: vec![finding],
        files: 1,
        left_out: 0,
        rules: vec![&fixture::SELECT_STAR],
        sources: [(Arc::clone(&path), Arc::from(text))].into_iter().collect(),
        ..Report::default()
    };
    let out = rendered(Format::Human, &report);
    assert!(out.contains("╭─[db/数据.sql:2:11]"), "{out}");
    assert!(!out.contains('\r'), "{out:?}");
}
