//! End to end: hostile and degenerate SQL and mapper input (issue 22) never aborts precheck, never blows up
//! its memory and never loses the report. Each test generates its reproducer in a throw-away repository, runs
//! `check --select ALL`, and asserts an exit of 0 or 1 with a report, the findings that say what was not
//! checked, and, where `/usr/bin/time` can measure it (GNU time), a peak RSS within 200 MB plus the largest
//! file checked. Time is measured in benches/hostile_sql.py, not here.

mod common;

use common::{TestRepo, assert_reported, run_measured as run};

fn check(repo: &TestRepo) -> (String, std::process::Output, Option<u64>) {
    let (out, rss) = run(repo, &["check", "--select", "ALL", "--format", "concise"]);
    (String::from_utf8_lossy(&out.stdout).into_owned(), out, rss)
}

fn kb(text: &str) -> u64 {
    text.len() as u64 / 1024 + 1
}

/// Long flat operator chains recursed once per operator (50,000 `+1` aborted with a stack overflow): a chain
/// over the bound is not parsed, and says so at the operator where it crossed the bound; a statement over the
/// token bound is not read at all, and says so.
#[test]
fn operator_chains_are_reported_not_parsed() {
    let repo = TestRepo::new();
    let n = 10_000;
    let files = [
        ("plus.sql", format!("SELECT 1{};\n", "+1".repeat(n))),
        ("and.sql", format!("SELECT * FROM t WHERE {};\n", vec!["a = 1"; n].join(" AND "))),
        ("concat.sql", format!("SELECT 'a'{};\n", " || 'b'".repeat(n))),
        ("cast.sql", format!("SELECT 1{};\n", "::int".repeat(n))),
        ("insert.sql", format!("INSERT INTO t (a) VALUES (1{});\n", "+1".repeat(n))),
        ("union.sql", format!("{};\n", vec!["SELECT 1"; n].join(" UNION "))),
        ("long.sql", format!("SELECT 1{};\n", "+1".repeat(50_000))),
    ];
    for (name, text) in &files {
        repo.write(name, text);
    }
    let (stdout, out, rss) = check(&repo);
    assert_reported(&out, rss, files.iter().map(|(_, t)| kb(t)).max().unwrap_or(0));
    for (name, _) in &files[..6] {
        assert!(
            stdout.lines().any(|l| l.starts_with(&format!("{name}:1:"))
                && l.contains("PC003")
                && l.contains("statement not checked: an expression chains over 3000 operators")),
            "{name}: {stdout}"
        );
    }
    assert!(
        stdout.contains("long.sql:1:1: PC003 `SELECT` statement not checked: it has over 100000 tokens"),
        "{stdout}"
    );
}

/// Mapper renderings were exponential: 20 nested `<foreach>` took 1.7 GB, a 22-level chain of `<sql>` fragments
/// each including the next twice 3.8 GB. A statement over the rendering bound is reported, not reviewed.
#[test]
fn exponential_mapper_renderings_are_cut_and_reported() {
    let repo = TestRepo::new();
    let mut inner = "#{x}".to_string();
    for i in 0..40 {
        inner = format!("<foreach collection=\"c{i}\" item=\"x\" separator=\",\">{inner}</foreach>");
    }
    let foreach = format!(
        "<?xml version=\"1.0\"?>\n<mapper namespace=\"m\">\n<select id=\"nested\">SELECT * FROM t WHERE a IN \
         ({inner})</select>\n</mapper>\n"
    );
    let mut frags = String::from("<sql id=\"f22\">a = #{a}</sql>\n");
    for i in (0..22).rev() {
        let next = i + 1;
        frags.push_str(&format!(
            "<sql id=\"f{i}\"><include refid=\"f{next}\"/> AND <include refid=\"f{next}\"/></sql>\n"
        ));
    }
    let fragments = format!(
        "<?xml version=\"1.0\"?>\n<mapper namespace=\"m\">\n{frags}<select id=\"chain\">SELECT * FROM t WHERE \
         <include refid=\"f0\"/></select>\n</mapper>\n"
    );
    repo.write("foreach.xml", &foreach);
    repo.write("fragments.xml", &fragments);
    let (stdout, out, rss) = check(&repo);
    assert_reported(&out, rss, 64);
    assert!(
        stdout.contains("foreach.xml:3:1: PC003 `<select id=\"nested\">` not reviewed: it renders to over 256 KiB")
    );
    assert!(
        stdout.contains("fragments.xml:26:1: PC003 `<select id=\"chain\">` not reviewed: it renders to over 256 KiB")
    );
}

/// One statement, or a file of many, was held whole with its tokens and tree: a 9 MB single INSERT took
/// 3.1 GB, 20 MB of INSERTs 3.7 GB, `SELECT 1;` 100k times (1 MB) 1.43 GB. Now a file costs its largest
/// statement, and a statement over the token bound is reported.
#[test]
fn memory_follows_the_largest_statement_not_the_file() {
    let repo = TestRepo::new();
    let single = format!(
        "INSERT INTO t (id, name, note) VALUES {};\n",
        (0..80_000).map(|i| format!("({i}, 'name{i}', 'a note about row {i}')")).collect::<Vec<_>>().join(",")
    );
    let many: String =
        (0..15_000).map(|i| format!("INSERT INTO t (id, name, note) VALUES ({i}, 'name{i}', 'note {i}');\n")).collect();
    let selects = "SELECT 1;\n".repeat(25_000);
    repo.write("single.sql", &single);
    repo.write("many.sql", &many);
    repo.write("selects.sql", &selects);
    let (stdout, out, rss) = check(&repo);
    assert_reported(&out, rss, kb(&single));
    assert!(
        stdout.contains("single.sql:1:1: PC003 `INSERT` statement not checked: it has over 100000 tokens"),
        "{stdout}"
    );
    // The many small statements are all reviewed.
    assert!(
        !stdout.lines().any(|l| (l.starts_with("many.sql") || l.starts_with("selects.sql")) && l.contains("PC003")),
        "{stdout}"
    );
}

/// One long line: per-finding positions rescanned the line (a `CREATE TABLE` of 8,000 columns took 6.3 s, 8,000
/// `ADD COLUMN`s 13.8 s), `;` 400,000 times took 22 s in the splitter, and an element of 100k attributes took
/// 12.7 s in the mapper reader. The findings are still all there, at the right columns.
#[test]
fn one_long_line_is_read_in_one_pass() {
    let repo = TestRepo::new();
    let columns = 500;
    let table =
        format!("CREATE TABLE t ({});\n", (0..columns).map(|i| format!("c{i} int")).collect::<Vec<_>>().join(", "));
    let alters = format!(
        "ALTER TABLE t {};\n",
        (0..columns).map(|i| format!("ADD COLUMN c{i} int")).collect::<Vec<_>>().join(", ")
    );
    let semicolons = format!("{}\n", ";".repeat(400_000));
    let attrs: String = (0..25_000).map(|i| format!(" a{i}=\"v{i}\"")).collect();
    let mapper = format!(
        "<?xml version=\"1.0\"?>\n<mapper namespace=\"m\">\n<select id=\"s\"{attrs}>SELECT * FROM t WHERE id = #{{id}}</select>\n</mapper>\n"
    );
    repo.write("table.sql", &table);
    repo.write("alters.sql", &alters);
    repo.write("semicolons.sql", &semicolons);
    repo.write("m.xml", &mapper);
    let (stdout, out, rss) = check(&repo);
    assert_reported(&out, rss, kb(&mapper));
    // The last column's finding is at its column on the one line.
    let last = table.find(&format!("c{} int", columns - 1)).unwrap_or(0) + 1;
    assert!(stdout.contains(&format!("table.sql:1:{last}: SQL018")), "{stdout}");
    let last = alters.find(&format!("c{} int", columns - 1)).unwrap_or(0) + 1;
    assert!(stdout.contains(&format!("alters.sql:1:{last}: ")), "{stdout}");
    assert!(stdout.contains("m.xml:3:") && stdout.contains("SQL001"), "{stdout}");
}
