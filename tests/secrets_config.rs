//! End to end: `[code] secrets-config`, a gitleaks configuration file whose rules run beside precheck's own
//! (TXT115), and the exit status 2 of a file that cannot be used.

mod common;

use common::TestRepo;

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A gitleaks configuration as teams write them: `[extend] useDefault`, rules with keywords, entropy,
/// `secretGroup` and `path`, a rule with a `path` only, both allowlist forms, and a global allowlist.
const GITLEAKS: &str = r#"title = "acme gitleaks config"

[extend]
useDefault = true

[[rules]]
id = "acme-api-token"
description = "ACME API token"
regex = '''\b(acme_(?:live|test)_[0-9A-Za-z]{32})(?:['"\s;]|$)'''
secretGroup = 1
entropy = 3.0
keywords = ["acme_live_", "acme_test_"]
tags = ["acme"]
[[rules.allowlists]]
description = "documented sample"
regexes = ['''acme_test_0{32}''']

[[rules]]
id = "acme-db-password"
description = "ACME database password"
regex = '''(?i)acme[_.]db[_.]password\s*=\s*(\S{8,})'''
path = "**/*.properties"
keywords = ["acme"]
[rules.allowlist]
stopwords = ["vault:"]

[[rules]]
id = "production-env-file"
description = "production environment file"
path = "**/.env.production"

[allowlist]
description = "global"
paths = ["vendor/**"]
"#;

fn repo_with(config: &str) -> TestRepo {
    let repo = TestRepo::new();
    repo.write("precheck.toml", "[code]\nsecrets-config = \".gitleaks.toml\"\n");
    repo.write(".gitleaks.toml", config);
    repo
}

#[test]
fn gitleaks_rules_run_beside_the_built_in_ones() {
    let repo = repo_with(GITLEAKS);
    // Fake values in the rules' formats.
    repo.write("src/client.py", "TOKEN = \"acme_live_Q7wFAKEr2LmZ9kTp4XbN8cVd1Hs6GjYe\"\n");
    repo.write("src/sample.py", "TOKEN = \"acme_test_00000000000000000000000000000000\"\n");
    repo.write("vendor/lib.py", "TOKEN = \"acme_live_Q7wFAKEr2LmZ9kTp4XbN8cVd1Hs6GjYe\"\n");
    repo.write("conf/app.properties", "acme.db.password=Zr8FAKEq2Lp\nacme.db.password=vault:secret/db\n");
    repo.write("conf/app.yaml", "acme.db.password=Zr8FAKEq2Lp\n");
    // Split so that precheck's check of its own repository does not find a token in this file.
    repo.write("ci/token.env", concat!("GH_TOKEN=ghp_", "lDdJ3AomiCm9Sl8Nj3H0hIrH4lFdJC7DgwlG\n"));
    repo.write("deploy/.env.production", "LOG_LEVEL=info\n");
    repo.commit("init");
    let out = repo
        .precheck()
        .args(["check", "--select", "TXT107,TXT115", "--format", "concise", "--no-group"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    let findings: Vec<&str> = text.lines().filter(|l| l.contains(": TXT")).collect();
    assert_eq!(findings.len(), 4, "{text}");
    // A rule with a `path` only reports the file.
    assert!(
        findings.iter().any(|l| l.starts_with("deploy/.env.production:1:") && l.contains("`production-env-file`")),
        "{text}"
    );
    assert!(
        findings.iter().any(|l| l.starts_with("src/client.py:1:")
            && l.contains("TXT115")
            && l.contains("ACME API token `acme…` in the file (gitleaks rule `acme-api-token`)")),
        "{text}"
    );
    assert!(
        findings.iter().any(|l| l.starts_with("conf/app.properties:1:") && l.contains("`acme-db-password`")),
        "{text}"
    );
    // `useDefault = true`: precheck's own rules still run.
    assert!(findings.iter().any(|l| l.starts_with("ci/token.env:1:") && l.contains("TXT107")), "{text}");
}

#[test]
fn a_secrets_config_that_cannot_be_used_is_exit_two_with_file_rule_and_reason() {
    let cases = [
        (
            "[[rules]]\nid = \"x\"\nregex = '''a'''\nsecretGroupp = 1\n",
            "[code] secrets-config `.gitleaks.toml` (line 4): unknown field `secretGroupp`",
        ),
        (
            "[[rules]]\nid = \"acme\"\nregex = '''(?<=key=)[a-z]+'''\n",
            "[code] secrets-config `.gitleaks.toml` (line 3): rule `acme`: invalid regex: look-around (`(?<=`) is not supported",
        ),
        (
            "[[rules]]\nid = \"acme\"\nregex = '''acme_[a-z'''\n",
            "[code] secrets-config `.gitleaks.toml` (line 3): rule `acme`: invalid regex: unclosed character class",
        ),
        ("[[rules]\nid = \"x\"\n", "[code] secrets-config `.gitleaks.toml` (line 1): "),
    ];
    for (config, expected) in cases {
        let repo = repo_with(config);
        repo.write("a.txt", "ok\n");
        repo.commit("init");
        let out = repo.precheck().args(["check"]).output().expect("run");
        assert_eq!(out.status.code(), Some(2), "{config}\n{}", stderr(&out));
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with(&format!("precheck: error: {expected}")), "{config}\n{err}");
    }
    let repo = TestRepo::new();
    repo.write("precheck.toml", "[code]\nsecrets-config = \"missing.toml\"\n");
    repo.commit("init");
    let out = repo.precheck().args(["check"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "precheck: error: [code] secrets-config `missing.toml`: the file cannot be read (entity not found)\n"
    );
}
