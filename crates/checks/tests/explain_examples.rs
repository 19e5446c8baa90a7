//! Every rule's `explain` example fires the rule.
//!
//! The first fenced block under `## Example` of a per-file rule's explanation is checked on its own, as one
//! file named for its language, with only that rule selected: what `precheck explain` shows as the problem
//! must be one. Rules whose example cannot stand alone (a repository-level rule, a fragment of a larger
//! configuration, an input a single file cannot hold) are listed in [`NOT_STANDALONE`] with the reason, and
//! the test also fails when such an entry is no longer needed.

use precheck_core::{Config, RuleMeta, Scope};

/// Rules whose example is not a whole file by itself, with why.
const NOT_STANDALONE: &[(&str, &str)] = &[
    ("TXT005", "bytes, shown in hex"),
    ("TXT010", "a file mode, which an in-memory file has not"),
    ("TXT011", "a file mode, which an in-memory file has not"),
    ("TXT013", "a gitlink in the index"),
    ("TXT021", "bytes in another encoding, shown as text"),
    ("TXT022", "bytes in another encoding, shown as text"),
    ("TXT115", "the gitleaks configuration `[code] secrets-config` names, beside the file"),
    ("SQL040", "`[sql.sharding]` configuration beside the statement"),
    ("SQL052", "a table over the column limit, too long to show whole"),
    ("SQL061", "the table's earlier migrations beside the statement"),
    ("SQL066", "`columns-must-have-index` configuration beside the statement"),
    ("SQL072", "the table's earlier migrations beside the statement"),
    ("SQL083", "more than 1,000 VALUES rows, shown abbreviated"),
    ("SQL107", "`[sql.sharding]` configuration beside the statement"),
    ("ZD049", "the Zdal configuration beside the statement"),
    ("ZD101", "the Zdal configuration beside the statement"),
    ("ZD102", "the Zdal configuration beside the statement"),
    ("ZD103", "the Zdal configuration beside the statement"),
    ("ZD104", "the Zdal configuration beside the statement"),
    ("ZD105", "the Zdal configuration beside the statement"),
    ("ZD106", "the Zdal configuration beside the statement"),
    ("ZD107", "the Zdal configuration beside the statement"),
    ("ZD108", "the Zdal configuration beside the statement"),
    ("ZD109", "the Zdal configuration beside the statement"),
    ("ZD110", "the Zdal configuration beside the statement"),
    ("ZD111", "the Zdal configuration beside the statement"),
];

/// The text of an example: where it marks line ends (`⏎`), only those end lines, `␍` is a carriage return and
/// `␠` a space that would be invisible; otherwise the block as written.
fn literal(body: &str) -> String {
    let marked = body.replace('␠', " ").replace('␍', "\r");
    if !marked.contains('⏎') {
        return marked;
    }
    marked.lines().map(|l| l.replace('⏎', "\n")).collect::<String>()
}

/// A Rust example that is statements, not items, goes in a function; an attribute alone goes on one.
fn rust_file(body: &str) -> String {
    let first = body.trim_start();
    let item =
        ["fn ", "pub ", "impl ", "struct ", "enum ", "use ", "mod ", "trait ", "#[cfg(test)]", "const ", "static "]
            .iter()
            .any(|k| first.starts_with(k));
    if item {
        body.to_string()
    } else if first.starts_with("#[") && body.lines().count() == 1 {
        format!("{body}\nfn example() {{}}\n")
    } else {
        format!("fn example() {{\n{body}}}\n")
    }
}

/// The first fenced block of the `## Example` section: (language, body).
fn example(explanation: &str) -> Option<(String, String)> {
    let section = explanation.split("## Example").nth(1)?.split("\n## ").next()?;
    let start = section.find("```")?;
    let rest = section.get(start + 3..)?;
    let (lang, body) = rest.split_once('\n')?;
    let end = body.find("```")?;
    Some((lang.trim().to_string(), body.get(..end)?.to_string()))
}

/// A file name for a block of `lang` in check `check`.
fn file_name(check: &str, lang: &str, body: &str) -> String {
    let ext = match lang {
        "" | "text" | "txt" | "console" => "txt",
        "sh" | "bash" | "shell" => "sh",
        "yml" => "yaml",
        "rs" => "rust",
        "py" => "python",
        other => other,
    };
    match (check, ext) {
        ("code", "rust") => "src/example.rs".into(),
        ("code", "python") => "example.py".into(),
        ("code", "dotenv") | ("code", "env") => ".env".into(),
        ("sql", "xml") if body.contains("<sqlMap") || body.contains("<mapper") => "ExampleMapper.xml".into(),
        ("sql", "xml") => {
            // A bare statement element: wrap nothing, name the file as a mapper so the check reads it.
            "ExampleMapper.xml".into()
        }
        (_, ext) => format!("example.{ext}"),
    }
}

fn fires(check: &dyn precheck_core::Check, rule: &RuleMeta, name: &str, body: &str) -> Result<bool, String> {
    let mut config = Config::default();
    config.rules.select = Some(vec![rule.code.to_string()]);
    config.group_findings = false;
    let only: Vec<Box<dyn precheck_core::Check>> =
        precheck_checks::builtin().into_iter().filter(|c| c.id() == check.id()).collect();
    let mut text = if name.ends_with(".rs") { rust_file(body) } else { literal(body) };
    // A mapper example may be one statement element: give it its `<mapper>` root.
    if name.ends_with("Mapper.xml") && !text.contains("<mapper") && !text.contains("<sqlMap") {
        text = format!("<mapper namespace=\"example\">\n{text}\n</mapper>\n");
    }
    let report = precheck_runner::run_files(&config, &only, [(name.to_string(), text.into_bytes())])
        .map_err(|e| e.to_string())?;
    Ok(report.findings.iter().any(|f| f.code == rule.code))
}

#[test]
fn every_explain_example_fires_its_rule() {
    let mut problems = Vec::new();
    let mut tried = 0;
    for check in precheck_checks::builtin() {
        for rule in check.rules() {
            let listed = NOT_STANDALONE.iter().find(|(c, _)| *c == rule.code);
            if rule.scope == Scope::Repo {
                if listed.is_some() {
                    problems.push(format!("{}: repository-level rules are skipped anyway; unlist it", rule.code));
                }
                continue;
            }
            let Some((lang, body)) = example(rule.explanation) else {
                if listed.is_none() {
                    problems.push(format!("{}: no fenced block under `## Example`", rule.code));
                }
                continue;
            };
            let name = file_name(check.id(), &lang, &body);
            tried += 1;
            match (fires(check.as_ref(), rule, &name, &body), listed) {
                (Ok(true), Some(_)) => problems.push(format!("{}: its example fires now; unlist it", rule.code)),
                (Ok(false), None) => {
                    problems.push(format!("{}: its example ({name}) does not fire the rule:\n{body}", rule.code))
                }
                (Err(e), _) => problems.push(format!("{}: {e}", rule.code)),
                _ => {}
            }
        }
    }
    assert!(tried > 80, "only {tried} examples were tried");
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n\n"));
}
