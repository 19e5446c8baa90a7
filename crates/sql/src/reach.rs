//! What the review of one file reads of the rest of the revision, for the semantic re-runs of a merge (CF007,
//! [`precheck_core::Check::file_reads_change`]).
//!
//! The review of a script or a mapper reads, besides the file itself: the schema (every `.sql` file, replayed in
//! migration order), the Spring wiring and Zdal's configuration (XML that is no mapper), and — only for a
//! mapper whose `<include>`s name a fragment it does not define — the fragments of every other mapper. A file
//! one side of a merge changed alone is that side's file in the merged tree; its findings there can differ
//! from that side's only when the other side changed one of those. Anything not known for sure (a deleted or
//! renamed file, one that cannot be read) counts as read.

use precheck_core::text::decode;
use precheck_core::{ChangeKind, ChangeSet, FileSource, Memo};

/// Whether the review of `path` (as `source` holds it) can read something `other` (read against
/// `other_source`) changed.
pub(crate) fn file_reads_change(
    path: &str,
    source: &dyn FileSource,
    other: &ChangeSet,
    other_source: &dyn FileSource,
    memo: Option<&Memo>,
) -> bool {
    let lower = path.to_ascii_lowercase();
    let xml = lower.ends_with(".xml");
    if !lower.ends_with(".sql") && !xml {
        return false;
    }
    // An XML file that is no mapper has no findings of its own in the review (it is read as wiring).
    let own = if xml { kind(path, source, memo) } else { Kind::Other };
    if own == Kind::Wiring {
        return false;
    }
    other.files.iter().any(|(changed, change)| {
        let from = match &change.kind {
            ChangeKind::Renamed { from } => Some(from.as_str()),
            _ => None,
        };
        std::iter::once(changed.as_str()).chain(from).any(|p| {
            let lower = p.to_ascii_lowercase();
            if lower.ends_with(".sql") {
                return true;
            }
            if !lower.ends_with(".xml") {
                return false;
            }
            if change.kind == ChangeKind::Deleted || Some(p) == from {
                return true;
            }
            match kind(p, other_source, memo) {
                // Another mapper: read only for the fragments an include of this one reaches for.
                Kind::Mapper | Kind::ReachingMapper => own == Kind::ReachingMapper,
                Kind::Wiring | Kind::Other => true,
            }
        })
    })
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
    use precheck_runner::MemorySource;

    fn changed(paths: &[(&str, ChangeKind)]) -> ChangeSet {
        ChangeSet::of_paths(paths.iter().map(|(p, k)| (*p, k.clone())))
    }

    const LOCAL: &str = r#"<mapper namespace="a.UserMapper"><sql id="cols">id</sql>
<select id="x">select <include refid="cols"/> from t</select></mapper>"#;
    const QUALIFIED: &str = r#"<mapper namespace="a.OrderMapper">
<select id="y">select <include refid="a.UserMapper.cols"/> from o</select></mapper>"#;
    const ELSEWHERE: &str = r#"<mapper namespace="a.ItemMapper">
<select id="z">select <include refid='shared'/> from i</select></mapper>"#;
    const WIRING: &str = r#"<beans><bean id="ds" class="x.DataSource"/></beans>"#;
    const ZDAL: &str = r#"<beans><bean class="com.alipay.zdal.client.jdbc.ZdalDataSource"/></beans>"#;

    fn tree() -> MemorySource {
        MemorySource::new([
            ("m/User.xml".to_string(), LOCAL.as_bytes().to_vec()),
            ("m/Order.xml".to_string(), QUALIFIED.as_bytes().to_vec()),
            ("m/Item.xml".to_string(), ELSEWHERE.as_bytes().to_vec()),
            ("spring/ds.xml".to_string(), WIRING.as_bytes().to_vec()),
            ("spring/zdal.xml".to_string(), ZDAL.as_bytes().to_vec()),
            ("db/schema.sql".to_string(), b"create table t (id int);".to_vec()),
            ("pom.xml".to_string(), b"<project/>".to_vec()),
        ])
    }

    #[test]
    fn a_mapper_reads_the_schema_and_the_wiring_and_other_mappers_only_through_its_includes() {
        let t = tree();
        let reads = |path: &str, other: &[(&str, ChangeKind)]| file_reads_change(path, &t, &changed(other), &t, None);
        // The schema and XML that is no mapper are read by every review.
        assert!(reads("m/User.xml", &[("db/schema.sql", ChangeKind::Modified)]));
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
    fn refids_are_read_by_attribute_not_by_any_mention() {
        assert_eq!(refids(LOCAL), ["cols"]);
        assert_eq!(refids(QUALIFIED), ["a.UserMapper.cols"]);
        assert_eq!(refids(ELSEWHERE), ["shared"]);
        assert_eq!(refids(r#"<x myrefid="no" refid = "yes" refid=unquoted/>"#), ["yes", ""]);
        assert!(!reaches_out(LOCAL) && reaches_out(QUALIFIED) && reaches_out(ELSEWHERE));
        assert!(reaches_out(r#"<mapper><include refid="${dialect}.page"/></mapper>"#));
    }
}
