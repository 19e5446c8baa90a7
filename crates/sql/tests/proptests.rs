//! Property tests of the SQL readers on messy input: the statement splitter (`split::split`), the
//! MyBatis/iBatis mapper renderer (`mapper::extract`) and, through the runner, every SQL rule on a script or
//! a mapper. No input may panic them; statements come in order inside the text, and every range, mapped
//! offset and finding lies inside the text on character boundaries.
//!
//! Inputs are arbitrary strings, SQL-ish and mapper-ish text built from fragments and multi-byte characters,
//! and the fixtures under `fixtures/sql/` edited at random (and, for the runner, encoded as GB18030 or
//! UTF-16).

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use precheck_core::{Check, Config};
use precheck_sql::config::Dialect;
use precheck_sql::{mapper, split};
use proptest::prelude::*;
use proptest::sample::Index;

// The random edit of the XML layer's property tests, one copy for every reader's (only `edit` is used here).
#[allow(dead_code, reason = "the shared support module's generators other than `edit` are not used here")]
#[path = "../../xml/tests/support/mod.rs"]
mod support;
use support::edit;

/// Multi-byte text real Chinese scripts and mappers carry: CJK, full-width punctuation, emoji, a BOM.
const MULTI: &[&str] = &["中文档", "，", "（", "）", "；", "😀", "é", "\u{FEFF}", "ｘ", "\u{3000}"];

/// Pieces of SQL scripts that steer the splitter: quotes, comments, `DELIMITER`, bodies, Oracle `/`, `$$`.
const SQL: &[&str] = &[
    "SELECT * FROM t WHERE a = ",
    "INSERT INTO t (a, b) VALUES (1, '中')",
    "UPDATE t SET a = 1",
    "DELETE FROM t",
    "CREATE TABLE t (id bigint PRIMARY KEY, name varchar(32) COMMENT '名称')",
    "ALTER TABLE t ADD COLUMN c int",
    "CREATE PROCEDURE p() BEGIN ",
    "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN ",
    "CREATE FUNCTION f() RETURNS int AS $b$ ",
    "$b$",
    "$$",
    "$1",
    "DECLARE x int;",
    "BEGIN",
    "END",
    "END IF",
    "CASE",
    "DELIMITER $$\n",
    "DELIMITER ;\n",
    "DELIMITER //\n",
    "delimiter ",
    "\n/\n",
    ";",
    "'",
    "\"",
    "`",
    "\\",
    "''",
    "--",
    "-- c\n",
    "#",
    "/*",
    "*/",
    "/*!40101 SET x=1 */",
    "\n",
    " ",
    "\t",
];

/// Pieces of MyBatis and iBatis mappers: dynamic tags, parameters, substitutions, CDATA, entities.
const MAPPER: &[&str] = &[
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
    "<!DOCTYPE mapper PUBLIC \"-//mybatis.org//DTD Mapper 3.0//EN\" \"http://mybatis.org/dtd/mybatis-3-mapper.dtd\">",
    "<mapper namespace=\"m\">",
    "</mapper>",
    "<sqlMap namespace=\"m\">",
    "</sqlMap>",
    "<select id=\"s\">",
    "</select>",
    "<update id=\"u\">",
    "</update>",
    "<insert id=\"i\">",
    "</insert>",
    "<sql id=\"cols\">",
    "</sql>",
    "<include refid=\"cols\"/>",
    "<include refid=\"m.cols\"><property name=\"p\" value=\"v\"/></include>",
    "<include refid=\"${p}\"/>",
    "<if test=\"a != null\">",
    "</if>",
    "<where>",
    "</where>",
    "<set>",
    "</set>",
    "<trim prefix=\"WHERE\" prefixOverrides=\"AND |OR \" suffixOverrides=\",\">",
    "</trim>",
    "<foreach collection=\"ids\" item=\"i\" open=\"(\" close=\")\" separator=\",\">",
    "</foreach>",
    "<choose>",
    "</choose>",
    "<when test=\"x\">",
    "</when>",
    "<otherwise>",
    "</otherwise>",
    "<dynamic prepend=\"WHERE\">",
    "</dynamic>",
    "<isNotEmpty prepend=\"AND\" property=\"a\">",
    "</isNotEmpty>",
    "<iterate property=\"ids\" open=\"(\" close=\")\" conjunction=\",\">",
    "</iterate>",
    "<bind name=\"b\" value=\"x\"/>",
    "<selectKey keyProperty=\"id\">SELECT 1</selectKey>",
    "<![CDATA[",
    "]]>",
    "<!-- c -->",
    "#{a}",
    "#{a,jdbcType=VARCHAR}",
    "${b}",
    "${",
    "#{",
    "}",
    "#a#",
    "$b$",
    "#",
    "$",
    "&lt;",
    "&gt;",
    "&amp;",
    "&#x4E2D;",
    "&#1114112;",
    "&",
    "SELECT id FROM t WHERE a = ",
    " ORDER BY ",
    " IN ",
    " AND ",
    ",",
    "<",
    ">",
    "/>",
    "\"",
    "'",
];

fn piece(frags: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(frags).prop_map(str::to_string),
        2 => prop::sample::select(MULTI).prop_map(str::to_string),
        1 => ".{0,3}",
    ]
}

/// Text built from `frags` interleaved with multi-byte characters and arbitrary ones.
fn soup(frags: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::collection::vec(piece(frags), 0..48).prop_map(|v| v.concat())
}

type Edits = Vec<(Index, u8, String)>;

fn edits(frags: &'static [&'static str]) -> impl Strategy<Value = Edits> {
    prop::collection::vec((any::<Index>(), any::<u8>(), piece(frags)), 0..6)
}

/// The fixture files of the sql check with the given extension, in path order.
fn fixtures(ext: &str) -> &'static [(String, String)] {
    static SQL: OnceLock<Vec<(String, String)>> = OnceLock::new();
    static XML: OnceLock<Vec<(String, String)>> = OnceLock::new();
    let cell = if ext == "sql" { &SQL } else { &XML };
    cell.get_or_init(|| {
        let mut paths = Vec::new();
        walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/sql"), &mut paths);
        paths.sort();
        paths
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == ext))
            .map(|p| {
                let bytes = std::fs::read(p).unwrap_or_default();
                let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                (name, precheck_core::text::decode(&bytes).text.into_owned())
            })
            .collect()
    })
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() { walk(&p, out) } else { out.push(p) }
    }
}

/// A fixture of `ext` edited by `edits`.
fn edited(ext: &str, pick: Index, edits: &Edits) -> String {
    let all = fixtures(ext);
    let mut text = if all.is_empty() { String::new() } else { all[pick.index(all.len())].1.clone() };
    for (at, op, p) in edits {
        edit(&mut text, *at, *op, p);
    }
    text
}

fn dialect(d: u8) -> Dialect {
    [Dialect::MySql, Dialect::Oracle, Dialect::Postgres, Dialect::Generic][usize::from(d % 4)]
}

fn check_range(text: &str, r: &Range<usize>, what: &str) {
    assert!(r.start <= r.end && r.end <= text.len(), "{what} {r:?} outside 0..{}", text.len());
    assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end), "{what} {r:?} splits a character");
}

/// The splitter's statements are non-empty ranges on character boundaries, in order, without overlap.
fn split_checked(text: &str, d: Dialect) {
    let pieces = split::split(text, d);
    let mut prev = 0;
    for p in &pieces {
        check_range(text, &(p.start..p.end), "statement");
        assert!(p.start >= prev, "statement {p:?} starts before the end of the one before ({prev})");
        prev = p.end;
    }
}

/// Every rendering maps each of its characters into the text on a character boundary; substitutions and
/// bare foreach tags lie in the text; errors point inside it.
fn extract_checked(text: &str, max_variants: usize) {
    let m = mapper::extract(text, max_variants);
    for e in &m.errors {
        assert!(e.at <= text.len(), "error at {} outside 0..{}", e.at, text.len());
    }
    for s in &m.statements {
        assert!(s.start <= text.len());
        assert!(!s.variants.is_empty() && s.variants.len() <= max_variants.max(1));
        for v in &s.variants {
            for (p, _) in v.buf.s.char_indices().chain([(v.buf.s.len(), ' ')]) {
                let at = v.buf.map(p);
                check_range(text, &(at..at), "mapped offset");
            }
        }
        for d in &s.dollars {
            check_range(text, &(d.start..d.end), "substitution");
        }
        for f in &s.bare_foreach {
            check_range(text, &(f.start..f.end), "bare foreach");
        }
    }
}

/// Runs the sql check (and zdal's, whose catalogue it reads) on one file with every rule on: no rule may
/// panic (a PC002), and every finding's ranges lie in its file's text.
fn run_sql(name: &str, bytes: Vec<u8>, d: u8) {
    let checks: Vec<Box<dyn Check>> = vec![Box::new(precheck_sql::SqlCheck), Box::new(precheck_zdal::ZdalCheck)];
    let dialect = ["mysql", "oracle", "postgres", "generic"][usize::from(d % 4)];
    let toml = format!("[rules]\nselect = [\"ALL\"]\n[sql]\ndialect = \"{dialect}\"\nmax-variants = 4\n");
    let config = match Config::parse(&toml, "precheck.toml") {
        Ok(c) => c,
        Err(e) => panic!("config: {e}"),
    };
    let report = match precheck_runner::run_files(&config, &checks, vec![(name.to_string(), bytes)]) {
        Ok(r) => r,
        Err(e) => panic!("run failed: {e}"),
    };
    for f in &report.findings {
        assert_ne!(f.code, "PC002", "a panic: {}", f.message);
        if let Some(text) = report.sources.get(&f.primary.path) {
            check_range(text, &f.primary.range, f.code);
            for l in f.labels.iter().filter(|l| l.span.path == f.primary.path) {
                check_range(text, &l.span.range, f.code);
            }
        }
    }
}

/// The text as UTF-8, GB18030 (a mapper says so in its declaration) or UTF-16 with a byte-order mark.
fn encode(text: &str, how: u8) -> Vec<u8> {
    match how % 4 {
        0 | 1 => text.as_bytes().to_vec(),
        2 => {
            let body = text.strip_prefix("<?xml").map_or(text, |_| text.split_once("?>").map_or("", |(_, r)| r));
            let decl = if text.starts_with("<?xml") { "<?xml version=\"1.0\" encoding=\"GBK\"?>" } else { "" };
            encoding_rs::GB18030.encode(&format!("{decl}{body}")).0.into_owned()
        }
        _ => [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn splitter_takes_any_text(text in any::<String>(), d in any::<u8>()) {
        split_checked(&text, dialect(d));
    }

    #[test]
    fn splitter_takes_sql_ish_text(text in soup(SQL), d in any::<u8>()) {
        split_checked(&text, dialect(d));
    }

    #[test]
    fn splitter_takes_edited_scripts(pick in any::<Index>(), edits in edits(SQL), d in any::<u8>()) {
        split_checked(&edited("sql", pick, &edits), dialect(d));
    }

    #[test]
    fn mapper_takes_any_text(text in any::<String>()) {
        extract_checked(&text, 16);
    }

    #[test]
    fn mapper_takes_mapper_ish_text(body in soup(MAPPER), ibatis in any::<bool>(), n in 0usize..20) {
        let (open, close) = if ibatis { ("<sqlMap>", "</sqlMap>") } else { ("<mapper>", "</mapper>") };
        extract_checked(&format!("{open}<select id=\"s\">{body}</select>{close}"), n);
        extract_checked(&body, n);
    }

    #[test]
    fn mapper_takes_edited_mappers(pick in any::<Index>(), edits in edits(MAPPER), n in 0usize..20) {
        extract_checked(&edited("xml", pick, &edits), n);
    }
}

proptest! {
    // The whole check per case: fewer cases keep it to about a second.
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn rules_take_edited_scripts_in_any_encoding(
        pick in any::<Index>(),
        edits in edits(SQL),
        d in any::<u8>(),
        how in any::<u8>(),
    ) {
        run_sql("db/a.sql", encode(&edited("sql", pick, &edits), how), d);
    }

    #[test]
    fn rules_take_edited_mappers_in_any_encoding(
        pick in any::<Index>(),
        edits in edits(MAPPER),
        d in any::<u8>(),
        how in any::<u8>(),
    ) {
        run_sql("src/main/resources/mapper/a.xml", encode(&edited("xml", pick, &edits), how), d);
    }

    #[test]
    fn rules_take_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512), d in any::<u8>()) {
        let mut mapper = b"<mapper namespace=\"m\"><select id=\"s\">".to_vec();
        mapper.extend_from_slice(&bytes);
        run_sql("a.sql", bytes, d);
        run_sql("mapper.xml", mapper, d);
    }
}

/// Found while writing these properties: each `<foreach>` renders its body twice, so nesting doubled the
/// rendering (22 levels were 12 MB and half a second, 30 would be gigabytes). Past a bound the statement is
/// reported, not rendered on.
#[test]
fn nested_foreach_does_not_double_without_bound() {
    let depth = 40;
    let open = "<foreach collection=\"a\" separator=\",\">".repeat(depth);
    let text = format!("<mapper><select id=\"s\">SELECT {open}x{}</select></mapper>", "</foreach>".repeat(depth));
    let m = mapper::extract(&text, 16);
    assert!(m.statements.iter().all(|s| s.opaque && s.variants.iter().all(|v| v.buf.s.len() < 4 << 20)));
    assert!(m.errors.iter().any(|e| e.message.contains("not reviewed: it renders to over")), "{:?}", m.errors);
    // Includes that double the same way.
    let mut frags = String::from("<sql id=\"f0\"></sql>");
    for i in 1..depth {
        frags.push_str(&format!(
            "<sql id=\"f{i}\"><include refid=\"f{}\"/><include refid=\"f{}\"/></sql>",
            i - 1,
            i - 1
        ));
    }
    let text = format!("<mapper>{frags}<select id=\"s\">SELECT <include refid=\"f{}\"/></select></mapper>", depth - 1);
    let m = mapper::extract(&text, 16);
    assert!(m.statements.iter().all(|s| s.opaque));
    // An ordinary statement with a foreach is still rendered.
    let m = mapper::extract(
        "<mapper><select id=\"s\">SELECT 1 WHERE a IN <foreach collection=\"l\" item=\"i\" open=\"(\" close=\")\" separator=\",\">#{i}</foreach></select></mapper>",
        16,
    );
    assert!(m.errors.is_empty() && !m.statements[0].opaque);
}

/// Found by the jar crate's POM property: quick-xml (the reader before precheck-xml) skipped a leading U+FEFF without counting its bytes, so every
/// offset of a mapper that starts with one (a file saved with two byte-order marks: the runner strips one) was
/// three bytes early; here the statement's end fell inside `é` and rendering it panicked.
#[test]
fn a_mapper_after_a_second_byte_order_mark_renders_where_it_is() {
    let text = "\u{FEFF}<mapper><select id=\"s\">SELECT éé</select></mapper>";
    let m = mapper::extract(text, 16);
    assert_eq!(m.statements[0].variants[0].buf.s, "SELECT éé");
    let bytes = [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat();
    run_sql("mapper.xml", bytes, 0);
}
