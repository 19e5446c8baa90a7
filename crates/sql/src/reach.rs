//! What the review of one file reads of the rest of the revision, for the semantic re-runs of a merge (CF007,
//! [`precheck_core::Check::file_reads_change`]).
//!
//! The review of a script or a mapper reads, besides the file itself: the schema (every `.sql` file, replayed in
//! migration order) for the tables its statements name, the Spring wiring and Zdal's configuration (XML that is
//! no mapper), and — only for a mapper whose `<include>`s name a fragment it does not define — the fragments of
//! every other mapper. A file one side of a merge changed alone is that side's file in the merged tree; its
//! findings there can differ from that side's only when the other side changed one of those: for a script, a
//! statement about a table the file names (a word of its text; a table name built from a property, `FROM
//! ${…}`, names any). Anything not known for sure (a deleted or renamed file, one that cannot be read, a
//! statement whose table this scan cannot tell) counts as read.

use precheck_core::text::decode;
use precheck_core::{ChangeKind, FileSource, Memo, OtherChange};

/// Whether the review of `path` (as `change.source` holds it) can read something the other side changed.
pub(crate) fn file_reads_change(path: &str, change: &OtherChange<'_>) -> bool {
    let lower = path.to_ascii_lowercase();
    let xml = lower.ends_with(".xml");
    if !lower.ends_with(".sql") && !xml {
        return false;
    }
    let memo = change.memo;
    // An XML file that is no mapper has no findings of its own in the review (it is read as wiring).
    let own = if xml { kind(path, change.source, memo) } else { Kind::Other };
    if own == Kind::Wiring {
        return false;
    }
    let names = std::cell::OnceCell::new();
    let names_any = |tables: &[String]| names.get_or_init(|| Names::of(path, change.source, memo)).any(tables);
    change.other.files.iter().any(|(changed, how)| {
        let from = match &how.kind {
            ChangeKind::Renamed { from } => Some(from.as_str()),
            _ => None,
        };
        std::iter::once(changed.as_str()).chain(from).any(|p| {
            let lower = p.to_ascii_lowercase();
            if lower.ends_with(".sql") {
                // A mapper that reaches into other mappers' fragments may name the table there.
                return own == Kind::ReachingMapper
                    || Some(p) == from
                    || match changed_tables(p, change.base_source, change.other_source, memo) {
                        Some(tables) => names_any(&tables),
                        None => true,
                    };
            }
            if !lower.ends_with(".xml") {
                return false;
            }
            if how.kind == ChangeKind::Deleted || Some(p) == from {
                return true;
            }
            match kind(p, change.other_source, memo) {
                // Another mapper: read only for the fragments an include of this one reaches for.
                Kind::Mapper | Kind::ReachingMapper => own == Kind::ReachingMapper,
                Kind::Wiring | Kind::Other => true,
            }
        })
    })
}

/// The words of a file's text, to tell whether it names a table.
enum Names {
    /// The lower-cased text.
    Text(std::sync::Arc<str>),
    /// The text names a table by a property (`FROM ${…}`), or cannot be read: it names any.
    Any,
}

impl Names {
    fn of(path: &str, source: &dyn FileSource, memo: Option<&Memo>) -> Names {
        let read = || -> Option<std::sync::Arc<str>> {
            let bytes = source.read(path).ok()?;
            let text = decode(&bytes).text.to_ascii_lowercase();
            (!names_table_by_property(&text)).then(|| std::sync::Arc::from(text))
        };
        let text = match (memo, source.content_id(path)) {
            (Some(memo), Some(id)) => {
                Option::clone(&memo.get_or_insert(&precheck_core::memo::blob_key("sql-words", path, &id), read))
            }
            _ => read(),
        };
        text.map_or(Names::Any, Names::Text)
    }

    /// Whether the text names one of `tables` (lower case) as a word.
    fn any(&self, tables: &[String]) -> bool {
        match self {
            Names::Any => true,
            Names::Text(text) => tables.iter().any(|t| has_word(text, t)),
        }
    }
}

/// Whether `word` occurs in `text` with no identifier character on either side.
fn has_word(text: &str, word: &str) -> bool {
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$';
    let bytes = text.as_bytes();
    !word.is_empty()
        && memchr::memmem::find_iter(bytes, word.as_bytes()).any(|at| {
            !at.checked_sub(1).is_some_and(|i| ident(bytes[i]))
                && !bytes.get(at + word.len()).is_some_and(|b| ident(*b))
        })
}

/// Whether a lower-cased text takes a table name from a property: `${` right after `from`, `join`, `update`,
/// `into` or `table`.
fn names_table_by_property(text: &str) -> bool {
    memchr::memmem::find_iter(text.as_bytes(), b"${").any(|at| {
        let before = text.get(..at).unwrap_or_default().trim_end_matches(|c: char| c.is_whitespace() || c == '`');
        ["from", "join", "update", "into", "table"].iter().any(|k| {
            before.strip_suffix(k).is_some_and(|rest| !rest.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_'))
        })
    })
}

/// The tables (lower case, unqualified) of the statements that differ between the base's version of script
/// `path` and the other side's; `None` when one of them names no table this scan can tell, or the script
/// cannot be read.
fn changed_tables(
    path: &str,
    base: &dyn FileSource,
    side: &dyn FileSource,
    memo: Option<&Memo>,
) -> Option<Vec<String>> {
    let compute = || -> Option<Vec<String>> {
        let text_of = |source: &dyn FileSource| -> Option<String> {
            match source.read(path) {
                Ok(bytes) => Some(decode(&bytes).text.into_owned()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some(String::new()),
                Err(_) => None,
            }
        };
        let (before, after) = (text_of(base)?, text_of(side)?);
        let statements = |text: &str| -> Vec<String> {
            crate::split::split(text, crate::config::Dialect::MySql)
                .iter()
                .map(|p| p.text_in(text).1.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        };
        let mut left: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for s in statements(&before) {
            *left.entry(s).or_default() += 1;
        }
        let mut differing: Vec<String> = Vec::new();
        for s in statements(&after) {
            match left.get_mut(&s) {
                Some(n) if *n > 0 => *n -= 1,
                _ => differing.push(s),
            }
        }
        differing.extend(left.into_iter().filter(|(_, n)| *n > 0).map(|(s, _)| s));
        let mut tables = Vec::new();
        for s in &differing {
            tables.extend(tables_of(s)?);
        }
        Some(tables)
    };
    let (Some(memo), Some(side_id)) = (memo, side.content_id(path)) else { return compute() };
    let base_key = base.content_id(path).map(|id| precheck_core::memo::blob_key("", "", &id)).unwrap_or_default();
    let key = format!("{}\0{base_key}", precheck_core::memo::blob_key("sql-changed-tables", path, &side_id));
    Option::clone(&memo.get_or_insert(&key, compute))
}

/// The tables one statement of a script names, by its leading words: `None` for a statement this scan does not
/// know (a view, a routine, a database's defaults), which may touch any table.
fn tables_of(statement: &str) -> Option<Vec<String>> {
    let words = words(statement);
    let w = |i: usize| words.get(i).map(|s| s.to_ascii_uppercase()).unwrap_or_default();
    let name = |i: usize| words.get(i).map(|s| s.to_ascii_lowercase());
    let mut i = 0;
    let first = w(i);
    let after = |i: &mut usize, kws: &[&str]| {
        while kws.contains(&w(*i).as_str()) {
            *i += 1;
        }
    };
    match first.as_str() {
        "" | "SET" | "USE" | "UNLOCK" | "COMMIT" | "BEGIN" | "START" => Some(Vec::new()),
        "CREATE" => {
            i = 1;
            after(&mut i, &["TEMPORARY", "GLOBAL", "UNIQUE", "FULLTEXT", "SPATIAL"]);
            match w(i).as_str() {
                "TABLE" => {
                    i += 1;
                    after(&mut i, &["IF", "NOT", "EXISTS"]);
                    name(i).map(|n| vec![n])
                }
                "INDEX" => {
                    let on = words.iter().position(|x| x.eq_ignore_ascii_case("ON"))?;
                    name(on + 1).map(|n| vec![n])
                }
                _ => None,
            }
        }
        "ALTER" if w(1) == "TABLE" => {
            i = 2;
            after(&mut i, &["ONLY", "IF", "EXISTS"]);
            name(i).map(|n| vec![n])
        }
        "DROP" => match w(1).as_str() {
            "TABLE" => {
                i = 2;
                after(&mut i, &["IF", "EXISTS"]);
                Some(words.iter().skip(i).filter(|x| !is_keyword(x)).map(|x| x.to_ascii_lowercase()).collect())
            }
            "INDEX" => {
                let on = words.iter().position(|x| x.eq_ignore_ascii_case("ON"))?;
                name(on + 1).map(|n| vec![n])
            }
            _ => None,
        },
        "RENAME" if w(1) == "TABLE" => Some(
            words.iter().skip(2).filter(|x| !x.eq_ignore_ascii_case("TO")).map(|x| x.to_ascii_lowercase()).collect(),
        ),
        "TRUNCATE" => {
            i = 1;
            after(&mut i, &["TABLE"]);
            name(i).map(|n| vec![n])
        }
        "LOCK" if w(1) == "TABLES" => {
            Some(words.iter().skip(2).filter(|x| !is_keyword(x)).map(|x| x.to_ascii_lowercase()).collect())
        }
        "INSERT" | "REPLACE" => {
            i = 1;
            after(&mut i, &["LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "IGNORE", "INTO"]);
            name(i).map(|n| vec![n])
        }
        "UPDATE" => {
            i = 1;
            after(&mut i, &["LOW_PRIORITY", "IGNORE"]);
            name(i).map(|n| vec![n])
        }
        "DELETE" => {
            let from = words.iter().position(|x| x.eq_ignore_ascii_case("FROM"))?;
            name(from + 1).map(|n| vec![n])
        }
        _ => None,
    }
}

/// The words of a statement's head (identifiers, quoted names, keywords; up to its first parenthesis), comments,
/// strings and punctuation left out; a quoted name is one word without its quotes, and a qualified name
/// (`db`.`t`, db.t) is its last part.
fn words(statement: &str) -> Vec<String> {
    let b = statement.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80;
    let mut out: Vec<String> = Vec::new();
    // Whether the last word ended in a `.` (the next one qualifies it).
    let mut qualifying = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let rest = statement.get(i..).unwrap_or_default();
        let word = if rest.starts_with("--") || c == b'#' {
            i = rest.find('\n').map_or(b.len(), |n| i + n);
            None
        } else if rest.starts_with("/*") {
            i = rest.get(2..).and_then(|r| r.find("*/")).map_or(b.len(), |n| i + 2 + n + 2);
            None
        } else if c == b'`' || c == b'"' {
            let end = rest.get(1..).and_then(|r| r.find(c as char)).map_or(b.len(), |n| i + 1 + n);
            let w = statement.get(i + 1..end).unwrap_or_default().to_string();
            i = (end + 1).min(b.len());
            Some(w)
        } else if c == b'\'' {
            // A string: no table name.
            i = rest.get(1..).and_then(|r| r.find('\'')).map_or(b.len(), |n| i + 1 + n + 1);
            None
        } else if ident(c) {
            let start = i;
            while i < b.len() && ident(b[i]) {
                i += 1;
            }
            Some(statement.get(start..i).unwrap_or_default().to_string())
        } else if c == b'.' {
            qualifying = true;
            i += 1;
            continue;
        } else if c == b'(' {
            break;
        } else {
            qualifying = false;
            i += 1;
            None
        };
        if let Some(w) = word {
            match out.last_mut() {
                Some(last) if qualifying => *last = w,
                _ => out.push(w),
            }
            qualifying = false;
        }
    }
    out
}

fn is_keyword(word: &str) -> bool {
    ["READ", "WRITE", "LOCAL", "LOW_PRIORITY", "AS", "CASCADE", "RESTRICT"].iter().any(|k| word.eq_ignore_ascii_case(k))
}

/// What an XML file is to the review.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A mapper whose includes all name fragments it defines itself.
    Mapper,
    /// A mapper with an include of a fragment it does not define (qualified, built from properties, or
    /// defined elsewhere): it reads the other mappers' fragments.
    ReachingMapper,
    /// XML that is no mapper: Spring wiring, Zdal's configuration, anything else.
    Wiring,
    /// Not readable, or binary: counted as read.
    Other,
}

/// [`Kind`] of the XML file `path` of `source`, once per blob with `memo`.
fn kind(path: &str, source: &dyn FileSource, memo: Option<&Memo>) -> Kind {
    let read = || {
        let Ok(bytes) = source.read(path) else { return Kind::Other };
        if precheck_core::text::is_binary(&bytes) {
            return Kind::Other;
        }
        // Zdal's model reads iBatis sqlMap files and anything naming Zdal (precheck_zdal::change_matters).
        let head = &bytes[..bytes.len().min(precheck_zdal::SNIFF_LEN)];
        if [&b"com.alipay.zdal"[..], b"<App", b"sqlMap"].iter().any(|n| memchr::memmem::find(head, n).is_some()) {
            return Kind::Other;
        }
        let text = decode(&bytes).text;
        if !crate::mapper::sniff(&text) {
            return Kind::Wiring;
        }
        if reaches_out(&text) { Kind::ReachingMapper } else { Kind::Mapper }
    };
    match (memo, source.content_id(path)) {
        (Some(memo), Some(id)) => *memo.get_or_insert(&precheck_core::memo::blob_key("sql-reach", path, &id), read),
        _ => read(),
    }
}

/// Whether a mapper text has an `<include refid>` that its own `<sql id>`s do not answer.
fn reaches_out(text: &str) -> bool {
    let own = crate::fragments::sql_ids(text);
    refids(text).iter().any(|r| r.contains(['.', '$']) || !own.iter().any(|id| id == r))
}

/// The value of every `refid` attribute of a text, by a scan (an unreadable one as an empty value, which no
/// fragment id matches).
fn refids(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for at in memchr::memmem::find_iter(text.as_bytes(), b"refid") {
        let before = text.as_bytes().get(at.wrapping_sub(1)).copied();
        if at > 0 && before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
            continue;
        }
        let rest = text.get(at + 5..).unwrap_or_default().trim_start();
        let Some(value) = rest.strip_prefix('=').map(str::trim_start) else { continue };
        let value = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value.get(1..).and_then(|v| v.split(q).next()).unwrap_or_default(),
            _ => "",
        };
        out.push(value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use precheck_core::ChangeSet;
    use precheck_runner::MemorySource;

    fn changed(paths: &[(&str, ChangeKind)]) -> ChangeSet {
        ChangeSet::of_paths(paths.iter().map(|(p, k)| (*p, k.clone())))
    }

    const LOCAL: &str = r#"<mapper namespace="a.UserMapper"><sql id="cols">id</sql>
<select id="x">select <include refid="cols"/> from t_user order by ${orderBy}</select></mapper>"#;
    const QUALIFIED: &str = r#"<mapper namespace="a.OrderMapper">
<select id="y">select <include refid="a.UserMapper.cols"/> from t_order</select></mapper>"#;
    const ELSEWHERE: &str = r#"<mapper namespace="a.ItemMapper">
<select id="z">select <include refid='shared'/> from t_item</select></mapper>"#;
    const BY_PROPERTY: &str = r#"<mapper namespace="a.LogMapper">
<select id="w">select * from ${table} where id = #{id}</select></mapper>"#;
    const GOODS: &str = r#"<mapper namespace="a.GoodsMapper"><select id="g">select id from t_goods</select></mapper>"#;
    const WIRING: &str = r#"<beans><bean id="ds" class="x.DataSource"/></beans>"#;
    const ZDAL: &str = r#"<beans><bean class="com.alipay.zdal.client.jdbc.ZdalDataSource"/></beans>"#;
    const SCHEMA: &str = "CREATE TABLE t_user (id int);\nCREATE TABLE `t_order` (id int);\n";

    fn tree(schema: &str) -> MemorySource {
        tree_with(schema, &[])
    }

    fn tree_with(schema: &str, extra: &[(&str, &str)]) -> MemorySource {
        let extra = extra.iter().map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()));
        MemorySource::new(extra.chain([
            ("m/User.xml".to_string(), LOCAL.as_bytes().to_vec()),
            ("m/Order.xml".to_string(), QUALIFIED.as_bytes().to_vec()),
            ("m/Item.xml".to_string(), ELSEWHERE.as_bytes().to_vec()),
            ("m/Log.xml".to_string(), BY_PROPERTY.as_bytes().to_vec()),
            ("m/Goods.xml".to_string(), GOODS.as_bytes().to_vec()),
            ("spring/ds.xml".to_string(), WIRING.as_bytes().to_vec()),
            ("spring/zdal.xml".to_string(), ZDAL.as_bytes().to_vec()),
            ("db/schema.sql".to_string(), schema.as_bytes().to_vec()),
            ("pom.xml".to_string(), b"<project/>".to_vec()),
        ]))
    }

    /// Whether the review of `path` reads `other`, changed from the base tree `base` to the side tree `side`.
    fn reads_in(base: &MemorySource, side: &MemorySource, path: &str, other: &[(&str, ChangeKind)]) -> bool {
        let other = changed(other);
        let change = OtherChange { source: side, other: &other, other_source: side, base_source: base, memo: None };
        file_reads_change(path, &change)
    }

    #[test]
    fn a_mapper_reads_the_wiring_and_other_mappers_only_through_its_includes() {
        let t = tree(SCHEMA);
        let reads = |path: &str, other: &[(&str, ChangeKind)]| reads_in(&t, &t, path, other);
        // XML that is no mapper is read by every review.
        assert!(reads("m/User.xml", &[("spring/ds.xml", ChangeKind::Modified)]));
        assert!(reads("db/schema.sql", &[("spring/zdal.xml", ChangeKind::Modified)]));
        // Another mapper: only for a mapper whose includes reach past its own fragments.
        assert!(!reads("m/User.xml", &[("m/Order.xml", ChangeKind::Modified)]));
        assert!(reads("m/Order.xml", &[("m/User.xml", ChangeKind::Modified)]));
        assert!(reads("m/Item.xml", &[("m/User.xml", ChangeKind::Modified)]));
        // A script reads no mapper; a Java file or a README is read by no review.
        assert!(!reads("db/schema.sql", &[("m/User.xml", ChangeKind::Modified)]));
        assert!(!reads("m/User.xml", &[("src/User.java", ChangeKind::Modified), ("README.md", ChangeKind::Added)]));
        // Wiring has no findings of its own to change; a file the review does not read at all, none either.
        assert!(!reads("spring/ds.xml", &[("db/schema.sql", ChangeKind::Modified)]));
        assert!(!reads("src/User.java", &[("db/schema.sql", ChangeKind::Modified)]));
        // What cannot be known counts as read: a deleted XML, a renamed one's old name, one not in the tree.
        assert!(reads("m/User.xml", &[("m/Gone.xml", ChangeKind::Deleted)]));
        let renamed = ChangeKind::Renamed { from: "m/Old.xml".to_string() };
        assert!(reads("m/User.xml", &[("m/User2.xml", renamed)]));
        assert!(reads("m/User.xml", &[("m/Missing.xml", ChangeKind::Added)]));
    }

    #[test]
    fn a_review_reads_a_schema_change_only_for_the_tables_its_file_names() {
        let base = tree(SCHEMA);
        let schema = |s: &str| tree(&format!("{SCHEMA}{s}"));
        let side = schema("ALTER TABLE `db`.`t_user` ADD KEY idx_id (id);\n");
        let reads = |path: &str| reads_in(&base, &side, path, &[("db/schema.sql", ChangeKind::Modified)]);
        // `t_user` changed: the mapper naming it reads the change, those naming other tables do not.
        assert!(reads("m/User.xml"));
        assert!(!reads("m/Goods.xml"));
        // The order mapper names `t_order` only, but reaches into the user mapper's fragments: it reads.
        assert!(reads("m/Order.xml"));
        // A table named by a property may be any.
        assert!(reads("m/Log.xml"));
        // A new table no mapper names; a statement the scan cannot tell (a view): read by all.
        let added = schema("CREATE TABLE t_audit (id int);\n");
        assert!(!reads_in(&base, &added, "m/User.xml", &[("db/schema.sql", ChangeKind::Modified)]));
        let view = schema("CREATE VIEW v AS SELECT id FROM t_other;\n");
        assert!(reads_in(&base, &view, "m/Goods.xml", &[("db/schema.sql", ChangeKind::Modified)]));
        // A new script (absent from the base) counts by its tables too; a renamed one is read.
        let new_script = tree_with(SCHEMA, &[("db/V2.sql", "DROP TABLE IF EXISTS t_goods;")]);
        assert!(reads_in(&base, &new_script, "m/Goods.xml", &[("db/V2.sql", ChangeKind::Added)]));
        assert!(!reads_in(&base, &new_script, "m/User.xml", &[("db/V2.sql", ChangeKind::Added)]));
        let renamed = ChangeKind::Renamed { from: "db/old.sql".to_string() };
        assert!(reads_in(&base, &new_script, "m/User.xml", &[("db/V2.sql", renamed)]));
    }

    #[test]
    fn a_statement_names_its_tables_by_its_head() {
        let t = |s: &str| tables_of(s);
        let v = |names: &[&str]| Some(names.iter().map(|n| n.to_string()).collect::<Vec<_>>());
        assert_eq!(t("CREATE TABLE IF NOT EXISTS `shop`.`T_User` (id int)"), v(&["t_user"]));
        assert_eq!(t("/* note */ ALTER TABLE t_user ADD COLUMN x int"), v(&["t_user"]));
        assert_eq!(t("DROP TABLE IF EXISTS a, `b`"), v(&["a", "b"]));
        assert_eq!(t("RENAME TABLE a TO b, c TO d"), v(&["a", "b", "c", "d"]));
        assert_eq!(t("CREATE UNIQUE INDEX uk ON t_user (name)"), v(&["t_user"]));
        assert_eq!(t("INSERT INTO t_user (id) VALUES (1)"), v(&["t_user"]));
        assert_eq!(t("DELETE FROM db.t_log WHERE id = 1"), v(&["t_log"]));
        assert_eq!(t("SET NAMES utf8mb4"), v(&[]));
        assert_eq!(t("-- only a comment"), v(&[]));
        assert_eq!(t("CREATE VIEW v AS SELECT 1"), None);
        assert_eq!(t("CREATE DATABASE shop DEFAULT CHARSET utf8mb4"), None);
        assert_eq!(t("GRANT ALL ON t TO u"), None);
    }

    #[test]
    fn words_and_properties_are_read_as_sql_reads_them() {
        assert!(has_word("select * from t_user u", "t_user"));
        assert!(!has_word("select * from t_user_log", "t_user"));
        assert!(!has_word("select * from $t_user", "t_user"));
        assert!(names_table_by_property("select * from ${table}"));
        assert!(names_table_by_property("update `${t}` set a = 1"));
        assert!(!names_table_by_property("select a from t order by ${orderbyclause}"));
        assert!(!names_table_by_property("select a from t where platform = ${p}"));
    }

    proptest::proptest! {
        /// The hand-written readers of this file read any text without panicking, and a table's name back.
        #[test]
        fn the_readers_take_any_text(text in "\\PC{0,80}", name in "[a-z_][a-z0-9_]{0,12}") {
            let _ = tables_of(&text);
            let _ = words(&text);
            let _ = (names_table_by_property(&text), has_word(&text, &name), refids(&text), reaches_out(&text));
            let named = |s: String| tables_of(&s);
            proptest::prop_assert_eq!(named(format!("CREATE TABLE `db`.`{name}` (id int)")), Some(vec![name.clone()]));
            let comment = text.replace("*/", "");
            proptest::prop_assert_eq!(named(format!("/* {comment} */ ALTER TABLE {name} ADD x int")), Some(vec![name.clone()]));
            let query = format!("select * from {name} where");
            proptest::prop_assert!(has_word(&query, &name));
        }
    }

    #[test]
    fn refids_are_read_by_attribute_not_by_any_mention() {
        assert_eq!(refids(LOCAL), ["cols"]);
        assert_eq!(refids(QUALIFIED), ["a.UserMapper.cols"]);
        assert_eq!(refids(ELSEWHERE), ["shared"]);
        assert_eq!(refids(r#"<x myrefid="no" refid = "yes" refid=unquoted/>"#), ["yes", ""]);
        assert!(!reaches_out(LOCAL) && reaches_out(QUALIFIED) && reaches_out(ELSEWHERE));
        assert!(reaches_out(r#"<mapper><include refid="${dialect}.page"/></mapper>"#));
    }
}
