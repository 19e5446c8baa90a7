//! End to end: semantic conflicts (CF007) — the checks re-run on the tree of a clean merge — in the gate
//! (`check --base`) and in `precheck conflicts`, on throw-away git repositories built with the git CLI.

mod common;

use common::TestRepo;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn findings(out: &std::process::Output) -> Vec<serde_json::Value> {
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    json["findings"].as_array().cloned().unwrap_or_default()
}

const ANTX_CONFIG: &str = "[conflict]\nsemantic = true\n\n[antx]\ninclude-descriptors = [\"**/*-auto-config.xml\"]\nuser-properties = [\"**/*-antx.properties\"]\n";

const DESCRIPTOR: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<config description="order service">
  <group name="order">
    <property name="order.db.poolSize"/>
    <property name="order.db.timeout"/>
    <property name="order.db.user"/>
    <property name="order.db.url"/>
    <property name="order.db.retries"/>
  </group>
  <script>
    <generate template="o.properties.vm" destfile="o.properties" charset="UTF-8"/>
  </script>
</config>
"#;

const TEMPLATE: &str = "poolSize=${order.db.poolSize}\ntimeout=${order.db.timeout}\nuser=${order.db.user}\nurl=${order.db.url}\nretries=${order.db.retries}\n";

/// `main` and `feature` from one base holding an Antx descriptor, its template and `conf/dev-antx.properties`
/// with `properties` as its lines.
fn antx_base(properties: &str) -> TestRepo {
    let repo = TestRepo::new();
    repo.write("precheck.toml", ANTX_CONFIG);
    repo.write("conf/order-auto-config.xml", DESCRIPTOR);
    repo.write("conf/o.properties.vm", TEMPLATE);
    repo.write("conf/dev-antx.properties", properties);
    repo.commit("base");
    repo.git(&["branch", "feature"]);
    repo
}

const PROPERTIES: &str =
    "order.db.poolSize = 20\norder.db.user = order\norder.db.url = jdbc:mysql://db/order\norder.db.retries = 3\n";

/// Each side sets `order.db.timeout` at another place of the same file: git merges them cleanly.
fn antx_pair(properties: &str) -> TestRepo {
    let repo = antx_base(properties);
    let mut lines: Vec<&str> = properties.lines().collect();
    lines.insert(1, "order.db.timeout = 30");
    repo.write("conf/dev-antx.properties", &(lines.join("\n") + "\n"));
    repo.commit("main sets the timeout");
    repo.git(&["checkout", "-q", "feature"]);
    repo.write("conf/dev-antx.properties", &format!("{properties}order.db.timeout = 60\n"));
    repo.commit("feature sets the timeout too");
    repo
}

fn gate(repo: &TestRepo, select: &str) -> (Option<i32>, Vec<serde_json::Value>) {
    let out = repo
        .precheck()
        .args(["check", "--base", "main", "--head", "feature", "--select", select, "--format", "json"])
        .output()
        .expect("run");
    assert!(out.status.code() != Some(2), "{}", stderr(&out));
    (out.status.code(), findings(&out))
}

/// The path and message of the one finding of a run (it fails, showing them all, when there is not exactly one).
fn the_only(found: &[serde_json::Value]) -> (String, String) {
    assert_eq!(found.len(), 1, "{found:#?}");
    let text = |key: &str| found[0][key].as_str().unwrap_or("").to_string();
    (text("path"), text("message"))
}

#[test]
fn an_antx_key_set_on_each_side_is_a_semantic_conflict_in_the_gate() {
    let repo = antx_pair(PROPERTIES);
    let before = repo.snapshot();
    let (code, found) = gate(&repo, "CF007");
    assert_eq!(code, Some(1), "{found:#?}");
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!(f["code"], "CF007");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["path"], "conf/dev-antx.properties");
    let message = f["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with(
            "AX025 duplicate-property-key appears only when `feature` is merged into `main`: `order.db.timeout` is set \
             twice in this file"
        ),
        "{message}"
    );
    let labels: Vec<&str> =
        f["labels"].as_array().expect("labels").iter().filter_map(|l| l["message"].as_str()).collect();
    assert!(
        labels.iter().any(|l| l.starts_with("`main` (") && l.contains("changed `conf/dev-antx.properties`")),
        "{labels:?}"
    );
    assert!(labels.iter().any(|l| l.starts_with("`feature` (")), "{labels:?}");
    assert_eq!(before, repo.snapshot(), "the semantic check changed the repository");
}

#[test]
fn a_finding_each_side_already_has_is_not_a_semantic_conflict() {
    // The base already sets the pool size twice: every tree has that AX025, so only the new key is CF007.
    let repo = antx_pair(&format!("{PROPERTIES}order.db.poolSize = 30\n"));
    let (_, found) = gate(&repo, "CF007");
    let messages: Vec<&str> = found.iter().filter_map(|f| f["message"].as_str()).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("`order.db.timeout`"), "{messages:?}");
    // And when each side alone sets the timeout twice, the merge adds nothing new.
    let repo = antx_base(PROPERTIES);
    repo.write("conf/dev-antx.properties", &format!("order.db.timeout = 1\n{PROPERTIES}order.db.timeout = 2\n"));
    repo.commit("main sets the timeout twice");
    repo.git(&["checkout", "-q", "feature"]);
    repo.write("conf/dev-antx.properties", &format!("order.db.timeout = 1\n{PROPERTIES}order.db.timeout = 2\n"));
    repo.write("conf/other.txt", "x\n");
    repo.commit("feature does the same");
    assert_eq!(gate(&repo, "CF007").1, Vec::<serde_json::Value>::new());
}

#[test]
fn semantic_off_or_a_conflicted_pair_reports_no_cf007() {
    let repo = antx_pair(PROPERTIES);
    repo.git(&["checkout", "-q", "main"]);
    repo.write("precheck.toml", &ANTX_CONFIG.replace("semantic = true", "semantic = false"));
    repo.commit("semantic off");
    repo.git(&["checkout", "-q", "feature"]);
    repo.write("precheck.toml", &ANTX_CONFIG.replace("semantic = true", "semantic = false"));
    repo.commit("semantic off here too");
    assert_eq!(gate(&repo, "CF007").1, Vec::<serde_json::Value>::new());
    // Both sides change the same line: CF002, and no semantic check of that pair.
    let repo = antx_base(PROPERTIES);
    repo.write("conf/dev-antx.properties", &PROPERTIES.replace("= 20", "= 25"));
    repo.commit("main");
    repo.git(&["checkout", "-q", "feature"]);
    repo.write("conf/dev-antx.properties", &PROPERTIES.replace("= 20", "= 30"));
    repo.commit("feature");
    let (_, found) = gate(&repo, "CF002,CF007");
    let codes: Vec<&str> = found.iter().filter_map(|f| f["code"].as_str()).collect();
    assert_eq!(codes, ["CF002"], "{found:#?}");
}

/// `main`, and three sources: `timeout-a` and `timeout-b` each set `order.db.timeout` at another place of the
/// same file (clean for git, a duplicate key together), `docs` changes nothing the checks read.
fn antx_train() -> TestRepo {
    let repo = antx_base(PROPERTIES);
    repo.write("README.md", "order service\n");
    repo.commit("readme");
    repo.git(&["branch", "-f", "feature"]);
    for (branch, at_top) in [("timeout-a", true), ("timeout-b", false)] {
        repo.git(&["checkout", "-q", "-b", branch, "main"]);
        let text = if at_top {
            format!("order.db.timeout = 30\n{PROPERTIES}")
        } else {
            format!("{PROPERTIES}order.db.timeout = 60\n")
        };
        repo.write("conf/dev-antx.properties", &text);
        repo.commit(branch);
    }
    repo.git(&["checkout", "-q", "-b", "docs", "main"]);
    repo.write("README.md", "order service, documented\n");
    repo.commit("docs");
    repo.git(&["checkout", "-q", "main"]);
    repo
}

/// The JSON of `conflicts` with commit ids and the git version replaced, for a snapshot.
fn stable_json(out: &std::process::Output) -> serde_json::Value {
    let text = String::from_utf8_lossy(&out.stdout);
    let mut json: serde_json::Value = serde_json::from_str(&text).expect("json");
    if let Some(merges) = json["merges"].as_array_mut() {
        for m in merges {
            m["git_version"] = serde_json::Value::from("[git version]");
        }
    }
    json
}

#[test]
fn the_matrix_lists_semantic_conflicts_per_pair_in_every_format() {
    let repo = antx_train();
    let before = repo.snapshot();
    let sources = ["timeout-a", "timeout-b", "docs"];
    let run = |format: &str| {
        let mut args = vec!["conflicts", "--into", "main", "--matrix", "--format", format];
        args.extend(sources);
        repo.precheck().args(&args).output().expect("run")
    };
    let json = run("json");
    // Every merge into the target is clean, also semantically: exit 0.
    assert_eq!(json.status.code(), Some(0), "{}", stderr(&json));
    insta::assert_json_snapshot!("matrix_semantic_json", stable_json(&json));

    let human = String::from_utf8_lossy(&run("human").stdout).into_owned();
    assert!(human.contains("SEMANTIC `timeout-b` into `timeout-a`: clean for git, 1 semantic conflict"), "{human}");
    assert!(human.contains("semantic  conf/dev-antx.properties:"), "{human}");
    assert!(human.contains("6 merges: 0 conflicted, 0 cannot merge, 1 with semantic conflicts"), "{human}");
    let row: Vec<&str> = human.lines().find(|l| l.contains("timeout-a")).expect("row").split_whitespace().collect();
    assert_eq!(row, ["1", "timeout-a", "ok", "-", "1s", "ok"], "{human}");

    let markdown = String::from_utf8_lossy(&run("markdown").stdout).into_owned();
    assert!(markdown.contains(":large_orange_diamond: 1 semantic"), "{markdown}");
    assert!(markdown.contains("| AX025 duplicate-property-key |"), "{markdown}");

    let html = String::from_utf8_lossy(&run("html").stdout).into_owned();
    assert_semantic_heat_map(&html);
    assert_eq!(before, repo.snapshot(), "the semantic matrix changed the repository");
}

/// Structure of the matrix page: one semantic cell per half of the pair (the table is symmetric), coloured
/// apart from clean and conflicted cells and titled with the underlying finding; a details table for the pair.
fn assert_semantic_heat_map(html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"), "{html}");
    let cells: Vec<&str> = html.lines().filter(|l| l.starts_with("<td class=\"semantic\"")).collect();
    assert_eq!(cells.len(), 2, "{html}");
    for cell in &cells {
        assert!(cell.ends_with(">1s</td>"), "{cell}");
        assert!(cell.contains("AX025 conf/dev-antx.properties `order.db.timeout` is set twice"), "{cell}");
    }
    assert!(html.contains("td.semantic{background:"), "{html}");
    assert_eq!(html.matches("<td class=\"clean\"").count(), 3 + 2 * 2, "{html}");
    assert!(
        html.contains(
            "<h2><code>timeout-b</code> into <code>timeout-a</code>: clean for git, 1 semantic conflict</h2>"
        )
    );
    assert!(html.contains("<table class=\"details semantic\">"), "{html}");
    assert!(!html.contains("<script"), "{html}");
}

#[test]
fn a_semantic_conflict_with_the_target_makes_conflicts_exit_one() {
    let repo = antx_pair(PROPERTIES);
    let out = repo.precheck().args(["conflicts", "--into", "main", "feature"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("SEMANTIC `feature` into `main`: clean for git, 1 semantic conflict"), "{text}");
    // `--semantic` asks for them whatever the configuration says; without it and with `semantic = false`, none.
    repo.git(&["checkout", "-q", "main"]);
    repo.write("precheck.toml", &ANTX_CONFIG.replace("semantic = true", "semantic = false"));
    let out = repo.precheck().args(["conflicts", "--into", "main", "feature"]).output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let out = repo.precheck().args(["conflicts", "--semantic", "--into", "main", "feature"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stdout));
}

/// The Zdal files of `fixtures/zdal/ZD006/quiet_valid` with `bean` added before `</beans>` of `file`.
fn with_bean(file: &str, bean: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/zdal/ZD006/quiet_valid").join(file);
    let bytes = std::fs::read(path).expect("fixture");
    let at = bytes.windows(8).rposition(|w| w == b"</beans>").expect("</beans>");
    [&bytes[..at], bean.as_bytes(), b"\n", &bytes[at..]].concat()
}

#[test]
fn a_zdal_bean_id_added_on_each_side_in_another_file_is_a_semantic_conflict() {
    let repo = TestRepo::new();
    repo.write("precheck.toml", "[conflict]\nsemantic = true\n");
    let dir = "app/src/main/resources/zdal";
    repo.copy_in(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/zdal/ZD006/quiet_valid"), dir);
    repo.commit("base");
    repo.git(&["branch", "feature"]);
    let bean = "\t<bean id=\"auditRule\" class=\"com.alipay.zdal.rule.config.beans.TableRule\"/>";
    repo.write_bytes(&format!("{dir}/order-dev-rule.xml"), &with_bean("order-dev-rule.xml", bean));
    repo.commit("main adds a bean to the rule file");
    repo.git(&["checkout", "-q", "feature"]);
    repo.write_bytes(&format!("{dir}/order-dev-ds.xml"), &with_bean("order-dev-ds.xml", bean));
    repo.commit("feature adds a bean of the same id to the ds file");
    let (_, found) = gate(&repo, "CF007");
    let (_, message) = the_only(&found);
    assert!(message.starts_with("ZD006 duplicate-bean-id appears only when `feature` is merged into `main`: bean id `auditRule` is defined in both"), "{message}");
}

#[test]
fn two_branches_adding_one_migration_version_clash_in_the_matrix() {
    let repo = TestRepo::new();
    let dir = "app/src/main/resources/db/migration";
    repo.write(&format!("{dir}/V1__init.sql"), "CREATE TABLE t (id bigint);\n");
    repo.commit("base");
    for (branch, file) in [("coupons", "V2__coupons.sql"), ("orders", "V2__orders.sql")] {
        repo.git(&["checkout", "-q", "-b", branch, "main"]);
        repo.write(&format!("{dir}/{file}"), &format!("CREATE TABLE {branch} (id bigint);\n"));
        repo.commit(branch);
    }
    repo.git(&["checkout", "-q", "main"]);
    let out = repo
        .precheck()
        .args(["conflicts", "--semantic", "--into", "main", "--matrix", "coupons", "orders", "--format", "json"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = stable_json(&out);
    let cells: Vec<(String, String, u64)> = json["matrix"]["cells"]
        .as_array()
        .expect("cells")
        .iter()
        .map(|c| (c["source"].to_string(), c["target"].to_string(), c["semantic"].as_u64().unwrap_or(9)))
        .collect();
    assert_eq!(cells.iter().map(|c| c.2).collect::<Vec<_>>(), [0, 0, 1], "{cells:?}");
    let pair = &json["merges"][2]["semantic"][0];
    assert_eq!(pair["rule"], "CF008", "{json:#}");
    // Between two open branches the clash is a warning, like CF003: whichever merges second renumbers.
    assert_eq!(pair["severity"], "warning", "{json:#}");
    let out = repo
        .precheck()
        .args(["conflicts", "--semantic", "--into", "main", "--matrix", "coupons", "orders"])
        .output()
        .expect("run");
    let human = String::from_utf8_lossy(&out.stdout);
    assert!(human.contains("CF008 migration-version-clash (warning): migration version 2"), "{human}");
    assert_eq!(pair["path"], format!("{dir}/V2__orders.sql"));
    assert!(pair["message"].as_str().unwrap_or("").starts_with("migration version 2 is also added by `coupons`"));
    // A cell with warnings only is told apart from a semantic error: `1w` in cyan, not `1s` in bold magenta,
    // with its own legend.
    let row: Vec<&str> = human.lines().find(|l| l.contains(" coupons ")).expect("row").split_whitespace().collect();
    assert_eq!(row, ["1", "coupons", "ok", "-", "1w"], "{human}");
    assert!(human.contains("Nw: N semantic warnings only"), "{human}");
    let colored = repo
        .precheck()
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .args(["conflicts", "--semantic", "--into", "main", "--matrix", "coupons", "orders"])
        .output()
        .expect("run");
    let colored = String::from_utf8_lossy(&colored.stdout);
    assert!(colored.contains("\x1b[36m 1w\x1b[0m"), "{colored:?}");
    assert!(!colored.contains("\x1b[1;35m"), "{colored:?}");
    let html = repo
        .precheck()
        .args(["conflicts", "--semantic", "--into", "main", "--matrix", "coupons", "orders", "--format", "html"])
        .output()
        .expect("run");
    let html = String::from_utf8_lossy(&html.stdout);
    let cells: Vec<&str> = html.lines().filter(|l| l.starts_with("<td class=\"semantic-warning\"")).collect();
    assert_eq!(cells.len(), 2, "{html}");
    assert!(cells.iter().all(|c| c.ends_with(">1w</td>") && c.contains("CF008")), "{cells:#?}");
    assert!(!html.contains("<td class=\"semantic\""), "{html}");
    assert!(html.contains("td.semantic-warning{background:") && html.contains(">1w</span> semantic warnings only"));
}

const USER_MAPPER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE mapper PUBLIC "-//mybatis.org//DTD Mapper 3.0//EN" "http://mybatis.org/dtd/mybatis-3-mapper.dtd">
<mapper namespace="com.example.UserMapper">
  <select id="findById" resultType="map">SELECT id, name FROM user WHERE id = #{id}</select>

  <delete id="deleteById">DELETE FROM user WHERE id = #{id}</delete>
</mapper>
"#;

const USER_INTERFACE: &str = "package com.example;\n\npublic interface UserMapper {\n    Object findById(long id);\n\n    int deleteById(long id);\n}\n";

#[test]
fn a_mybatis_statement_id_added_on_each_side_is_a_semantic_conflict() {
    let repo = TestRepo::new();
    repo.write("precheck.toml", "[conflict]\nsemantic = true\n");
    let xml = "src/main/resources/mapper/UserMapper.xml";
    repo.write(xml, USER_MAPPER);
    repo.write("src/main/java/com/example/UserMapper.java", USER_INTERFACE);
    repo.commit("base");
    repo.git(&["branch", "feature"]);
    // Each side adds `findByName` at another place of the mapper: git merges them cleanly, MyBatis then refuses
    // to start ("Mapped Statements collection already contains value").
    let select = "  <select id=\"findByName\" resultType=\"map\">SELECT id FROM user WHERE name = #{name}</select>\n";
    let mut lines: Vec<&str> = USER_MAPPER.lines().collect();
    lines.insert(3, select.trim_end());
    repo.write(xml, &(lines.join("\n") + "\n"));
    repo.commit("main adds findByName at the top");
    repo.git(&["checkout", "-q", "feature"]);
    repo.write(xml, &USER_MAPPER.replace("</mapper>", &format!("{select}</mapper>")));
    repo.commit("feature adds findByName at the bottom");
    let (_, found) = gate(&repo, "CF007");
    let (path, message) = the_only(&found);
    assert_eq!(path, xml, "{message}");
    assert!(
        message.starts_with("JV051 duplicate-statement appears only when `feature` is merged into `main`"),
        "{message}"
    );
}

#[test]
fn a_property_dropped_on_one_side_and_read_on_the_other_is_a_semantic_conflict() {
    let repo = TestRepo::new();
    repo.write("precheck.toml", "[conflict]\nsemantic = true\n");
    let xml = "src/main/resources/mapper/UserMapper.xml";
    let iface = "package com.example;\n\npublic interface UserMapper {\n    Object findById(long id);\n\n    \
                 int deleteById(long id);\n\n    int rename(User user);\n}\n";
    let user = |fields: &str| format!("package com.example;\n\npublic class User {{\n{fields}}}\n");
    repo.write(xml, USER_MAPPER);
    repo.write("src/main/java/com/example/UserMapper.java", iface);
    repo.write("src/main/java/com/example/User.java", &user("    private long id;\n    private String name;\n"));
    repo.commit("base");
    repo.git(&["branch", "feature"]);
    // `main` drops `User.name` (a class: neither a mapper nor an interface changed); `feature` adds a statement
    // that reads `#{name}` from a `User`. Each side is fine; the merge binds a property that is gone.
    repo.write("src/main/java/com/example/User.java", &user("    private long id;\n"));
    repo.commit("main drops User.name");
    repo.git(&["checkout", "-q", "feature"]);
    let update = "  <update id=\"rename\">UPDATE user SET name = #{name} WHERE id = #{id}</update>\n";
    repo.write(xml, &USER_MAPPER.replace("</mapper>", &format!("{update}</mapper>")));
    repo.commit("feature binds rename");
    let (_, found) = gate(&repo, "CF007");
    let (path, message) = the_only(&found);
    assert_eq!(path, xml, "{message}");
    assert!(
        message.starts_with("JV053 unknown-parameter appears only when `feature` is merged into `main`"),
        "{message}"
    );
}

#[test]
fn a_column_retyped_on_one_side_and_compared_in_a_mapper_on_the_other_is_a_semantic_conflict() {
    let repo = TestRepo::new();
    repo.write("precheck.toml", "[conflict]\nsemantic = true\n\n[rules]\nextend-select = [\"SQL080\"]\n");
    let migrations = "src/main/resources/db/migration";
    repo.write(
        &format!("{migrations}/V1__user.sql"),
        "CREATE TABLE user (id bigint NOT NULL, name varchar(32), mobile bigint NOT NULL, PRIMARY KEY (id));\n",
    );
    let xml = "src/main/resources/mapper/UserMapper.xml";
    repo.write(xml, USER_MAPPER);
    repo.write("src/main/java/com/example/UserMapper.java", USER_INTERFACE);
    repo.commit("base");
    repo.git(&["branch", "feature"]);
    // `main` makes the mobile number a string; `feature` looks a user up by a number. Alone, each is fine (a
    // number against a number); merged, MySQL converts every row's mobile to compare it (SQL080). Only
    // `feature` changed the mapper: the merge re-reviews it because `main` changed the schema it reads.
    repo.write(&format!("{migrations}/V2__mobile_text.sql"), "ALTER TABLE user MODIFY mobile varchar(20) NOT NULL;\n");
    repo.commit("main stores mobiles as text");
    repo.git(&["checkout", "-q", "feature"]);
    let select =
        "  <select id=\"findByMobile\" resultType=\"map\">SELECT id FROM user WHERE mobile = 13800000000</select>\n";
    repo.write(xml, &USER_MAPPER.replace("</mapper>", &format!("{select}</mapper>")));
    repo.commit("feature finds users by mobile");
    let (_, found) = gate(&repo, "CF007");
    let (path, message) = the_only(&found);
    assert_eq!(path, xml, "{message}");
    assert!(
        message.starts_with("SQL080 implicit-conversion appears only when `feature` is merged into `main`"),
        "{message}"
    );
}

/// A POM whose `<dependencies>` hold `legacy-log` with `before` above it and `after` below it: one unchanged
/// line apart, so git merges an insertion at each place cleanly.
fn pom(before: &str, after: &str) -> String {
    let dep = |artifact: &str, version: &str| {
        format!(
            "    <dependency><groupId>org.example.fixture</groupId><artifactId>{artifact}</artifactId><version>{version}</version></dependency>\n"
        )
    };
    let line = |spec: &str| spec.split_once(':').map(|(a, v)| dep(a, v)).unwrap_or_default();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n  \
         <modelVersion>4.0.0</modelVersion>\n  <groupId>org.example.app</groupId>\n  <artifactId>orders</artifactId>\n  \
         <version>1.0</version>\n  <dependencies>\n{}{}{}  </dependencies>\n</project>\n",
        line(before),
        dep("legacy-log", "1.0"),
        line(after)
    )
}

#[test]
fn a_jar_pin_on_one_side_and_a_dependency_needing_more_on_the_other_is_a_semantic_conflict() {
    // The local Maven repository of the jar fixtures: `client:1.0` -> `lib-b:1.0` -> `json:2.0`.
    let m2 = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/jar/m2");
    let repo = TestRepo::new();
    repo.write(
        "precheck.toml",
        &format!("[conflict]\nsemantic = true\n\n[jar]\nlocal-repository = {:?}\n", m2.display().to_string()),
    );
    repo.write("pom.xml", &pom("", ""));
    repo.commit("base");
    repo.git(&["branch", "feature"]);
    // `main` pins json 1.0 (alone: nothing else asks for json); `feature` adds the client, which needs json 2.0
    // (alone: 2.0 is what it gets). Merged, the direct 1.0 is nearest and wins: the client runs on a json
    // older than it was built against.
    repo.write("pom.xml", &pom("json:1.0", ""));
    repo.commit("main pins json 1.0");
    repo.git(&["checkout", "-q", "feature"]);
    repo.write("pom.xml", &pom("", "client:1.0"));
    repo.commit("feature adds the client");
    let (code, found) = gate(&repo, "CF007");
    assert_eq!(code, Some(1), "{found:#?}");
    let (path, message) = the_only(&found);
    assert_eq!(path, "pom.xml", "{message}");
    assert!(
        message.starts_with(
            "JAR002 upper-bound-downgrade appears only when `feature` is merged into `main`: `org.example.fixture:json` \
             resolves to 1.0"
        ),
        "{message}"
    );
    // Each side alone is clean for the jar check.
    for rev in ["main", "feature"] {
        repo.git(&["checkout", "-q", rev]);
        let out = repo.precheck().args(["check", "--select", "JAR002", "--format", "json"]).output().expect("run");
        assert_eq!(findings(&out), Vec::<serde_json::Value>::new(), "{rev}: {}", stderr(&out));
    }
}

const PAY_ORDER: &str = "CREATE TABLE pay_order (\n  id bigint unsigned NOT NULL AUTO_INCREMENT COMMENT 'id',\n  \
amount int NOT NULL DEFAULT 0 COMMENT 'amount',\n  PRIMARY KEY (id)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='payments';\n";

#[test]
fn a_column_modified_on_each_side_is_a_semantic_conflict() {
    let repo = TestRepo::new();
    repo.write("precheck.toml", "[conflict]\nsemantic = true\n\n[rules]\nextend-select = [\"SQL022\"]\n");
    let dir = "src/main/resources/db/migration";
    repo.write(&format!("{dir}/V1__pay_order.sql"), PAY_ORDER);
    repo.commit("base");
    repo.git(&["branch", "feature"]);
    // `main` widens the amount (SQL022 on `main` alone, and in the merge: not new); `feature` restates the
    // column to change its comment, with the type it knows, int: alone no type change. Merged, the feature's
    // migration runs after the widening and narrows the column back.
    repo.write(
        &format!("{dir}/V2__widen_amount.sql"),
        "ALTER TABLE pay_order MODIFY amount bigint NOT NULL DEFAULT 0 COMMENT 'amount';\n",
    );
    repo.commit("main widens the amount");
    repo.git(&["checkout", "-q", "feature"]);
    repo.write(
        &format!("{dir}/V3__amount_comment.sql"),
        "ALTER TABLE pay_order MODIFY amount int NOT NULL DEFAULT 0 COMMENT 'amount in cents';\n",
    );
    repo.commit("feature documents the amount");
    let (code, found) = gate(&repo, "CF007");
    assert_eq!(code, Some(1), "{found:#?}");
    let (path, message) = the_only(&found);
    assert_eq!(path, format!("{dir}/V3__amount_comment.sql"), "{message}");
    assert!(
        message.starts_with("SQL022 no-change-column-type appears only when `feature` is merged into `main`"),
        "{message}"
    );
    assert!(message.contains("bigint"), "{message}");
}

#[test]
fn a_migration_version_clash_with_a_release_branch_is_a_warning_in_the_gate() {
    let repo = TestRepo::new();
    repo.write("precheck.toml", "[conflict]\nrelease-branches = [\"release/*\"]\n");
    let dir = "app/src/main/resources/db/migration";
    repo.write(&format!("{dir}/V1__init.sql"), "CREATE TABLE t (id bigint);\n");
    repo.commit("base");
    for (branch, file) in [("release/coupons", "V2__coupons.sql"), ("feature", "V2__orders.sql")] {
        repo.git(&["checkout", "-q", "-b", branch, "main"]);
        repo.write(&format!("{dir}/{file}"), &format!("CREATE TABLE {} (id bigint);\n", file.len()));
        repo.commit(branch);
    }
    let (code, found) = gate(&repo, "CF008,CF009,CF010");
    let got: Vec<(&str, &str, &str)> = found
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or(""),
                f["severity"].as_str().unwrap_or(""),
                f["message"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!((got[0].0, got[0].1), ("CF008", "warning"), "{got:#?}");
    assert!(got[0].2.contains("`release/coupons`"), "{got:#?}");
    assert_eq!(code, Some(0), "{got:#?}");
    // The same clash with the target is an error.
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["merge", "-q", "--no-edit", "release/coupons"]);
    let (code, found) = gate(&repo, "CF008");
    let got: Vec<(&str, &str)> =
        found.iter().map(|f| (f["code"].as_str().unwrap_or(""), f["severity"].as_str().unwrap_or(""))).collect();
    assert!(got.contains(&("CF008", "error")), "{got:#?}");
    assert_eq!(code, Some(1), "{got:#?}");
}

#[test]
fn without_a_merged_tree_semantic_conflicts_are_said_to_be_skipped_once() {
    let repo = antx_pair(PROPERTIES);
    // A git that cannot be run: libgit2 merges, in memory, and writes no tree to re-run the checks on.
    repo.write("precheck.toml", &ANTX_CONFIG.replace("semantic = true", "semantic = true\ngit = \"/nonexistent/git\""));
    repo.commit("feature: no usable git");
    let (code, found) = gate(&repo, "CF007");
    assert_eq!(code, Some(0), "{found:#?}");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["severity"], "info", "{found:#?}");
    let message = found[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with("semantic conflicts were not looked for: the merges were made by the git2 fallback"),
        "{message}"
    );
    let out = repo.precheck().args(["conflicts", "--into", "main", "feature"]).output().expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches("semantic conflicts (CF007) were not looked for in 1 clean merge:").count(), 1, "{text}");
    // JSON says it too, in `notes`, once.
    let notes_of = |args: &[&str]| -> Vec<String> {
        let out = repo.precheck().args(args).args(["--format", "json"]).output().expect("run");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        json["notes"].as_array().expect("notes").iter().map(|n| n.as_str().unwrap_or_default().to_string()).collect()
    };
    let notes = notes_of(&["conflicts", "--into", "main", "feature"]);
    assert_eq!(notes.iter().filter(|n| n.contains("were not looked for in 1 clean merge")).count(), 1, "{notes:#?}");
    // With a given merge base the merge is hypothetical: none are looked for, and that is said.
    repo.write("precheck.toml", ANTX_CONFIG);
    let base = repo.git(&["merge-base", "main", "feature"]);
    let out = repo
        .precheck()
        .args(["conflicts", "--into", "main", "--merge-base", base.trim(), "feature"])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("were not looked for: with `--merge-base` the merge is hypothetical"), "{text}");
    let notes = notes_of(&["conflicts", "--into", "main", "--merge-base", base.trim(), "feature"]);
    assert!(notes.iter().any(|n| n.contains("with `--merge-base` the merge is hypothetical")), "{notes:#?}");
    // Left at its default, the gate does not say it: nobody asked, and an old git would get it on every push.
    repo.write("precheck.toml", &ANTX_CONFIG.replace("semantic = true", "git = \"/nonexistent/git\""));
    repo.commit("feature: semantic left at its default, no usable git");
    let (code, found) = gate(&repo, "CF007");
    assert_eq!((code, found.len()), (Some(0), 0), "{found:#?}");
}

#[test]
fn semantic_conflicts_are_looked_for_by_default_and_each_switch_turns_them_off() {
    let repo = antx_pair(PROPERTIES);
    repo.write("precheck.toml", &ANTX_CONFIG.replace("[conflict]\nsemantic = true\n\n", ""));
    repo.commit("feature: the configuration leaves `semantic` at its default");
    // The gate: one pair per push.
    let (code, found) = gate(&repo, "CF007");
    assert_eq!(code, Some(1), "{found:#?}");
    assert_eq!(found.len(), 1, "{found:#?}");
    // `precheck conflicts` too: the merge into the target has a semantic conflict, so it exits 1.
    let out = repo.precheck().args(["conflicts", "--into", "main", "feature"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stdout));
    let semantic_in_matrix = |extra: &[&str]| -> usize {
        let out = repo
            .precheck()
            .args(["conflicts", "--into", "main", "--matrix", "--format", "json"])
            .args(extra)
            .arg("feature")
            .output()
            .expect("run");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        json["merges"].as_array().expect("merges").iter().map(|m| m["semantic"].as_array().map_or(0, Vec::len)).sum()
    };
    assert_eq!(semantic_in_matrix(&[]), 1);
    // `--no-semantic` leaves them out (git's textual verdict alone), `semantic = false` too, unless `--semantic`.
    assert_eq!(semantic_in_matrix(&["--no-semantic"]), 0);
    let out = repo.precheck().args(["conflicts", "--into", "main", "--no-semantic", "feature"]).output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    repo.write("precheck.toml", &ANTX_CONFIG.replace("semantic = true", "semantic = false"));
    assert_eq!(semantic_in_matrix(&[]), 0);
    assert_eq!(semantic_in_matrix(&["--semantic"]), 1);
    // And the gate's.
    repo.commit("feature: semantic conflicts off");
    let (code, found) = gate(&repo, "CF007");
    assert_eq!((code, found.len()), (Some(0), 0), "{found:#?}");
}

#[test]
fn paths_each_side_adds_that_differ_only_in_case_are_a_semantic_conflict() {
    // TXT007 on the merged tree compares only the paths the sides added (a clash with a path the merge base
    // had is on a side already): the pairs across the sides are CF007, the one a side has alone is not.
    let repo = TestRepo::new();
    repo.write("precheck.toml", "[conflict]\nsemantic = true\n");
    repo.write("src/Existing.txt", "base\n");
    repo.commit("base");
    repo.git(&["branch", "feature"]);
    repo.write("src/Config.txt", "main\n");
    repo.write("dir/b.txt", "main\n");
    repo.commit("main adds Config.txt and dir/");
    repo.git(&["checkout", "-q", "feature"]);
    repo.write("src/config.txt", "feature\n");
    repo.write("Dir/a.txt", "feature\n");
    repo.write("src/EXISTING.txt", "feature\n");
    repo.commit("feature adds config.txt, Dir/ and EXISTING.txt");
    let before = repo.snapshot();
    let (code, found) = gate(&repo, "CF007");
    assert_eq!(code, Some(1), "{found:#?}");
    let mut messages: Vec<String> =
        found.iter().filter_map(|f| Some(format!("{}: {}", f["path"].as_str()?, f["message"].as_str()?))).collect();
    messages.sort();
    assert_eq!(messages.len(), 4, "{messages:#?}");
    for (m, what) in messages.iter().zip(["Dir/a.txt: ", "dir/b.txt: ", "src/Config.txt: ", "src/config.txt: "]) {
        assert!(m.starts_with(what) && m.contains("TXT007 case-conflict appears only when"), "{m}");
    }
    assert!(messages.iter().all(|m| !m.contains("EXISTING")), "{messages:#?}");
    assert_eq!(before, repo.snapshot(), "the semantic check changed the repository");
}
