//! Whether two changes can meet in the mapper pass: for semantic re-runs ([`precheck_core::Check::changes_meet`]).
//!
//! The mapper rules judge a namespace at a time — its mapper files, the interface it binds and the classes its
//! statements take — and, across namespaces, only through qualified references (`resultMap="other.ns.map"`,
//! `extends`, `<include refid>`, a nested `select`). Two changes each of which touches its own namespaces, with no
//! qualified reference among them, no file both changed, and no changed class that the other side's namespaces
//! name, merge into a tree whose mapper findings are the two sides' own: the pass need not run on it. Anything not
//! known for sure (a deleted or renamed mapper, a root element not read at a glance, an interface changed on one
//! side and a class on the other) counts as meeting.

use std::collections::HashMap;
use std::sync::Arc;

use precheck_core::{ChangeKind, ChangeSet, FileSource, Memo};

use crate::mapper::{Interfaces, Sniffed, changed_classes, interface_changed, is_input_memo, mentions_any, sniff};

/// Whether changes `a` (leading to `a_source`) and `b` (to `b_source`) can meet in the mapper pass.
pub(crate) fn changes_meet(
    a: &ChangeSet,
    a_source: &dyn FileSource,
    b: &ChangeSet,
    b_source: &dyn FileSource,
    memo: Option<&Memo>,
) -> bool {
    // A mapper or a Java file both changed.
    let input = |p: &str| p.ends_with(".xml") || p.ends_with(".java");
    if a.files.keys().any(|p| input(p) && b.files.contains_key(p)) {
        return true;
    }
    let (Some(ra), Some(rb)) = (Reach::once(a, a_source, memo), Reach::once(b, b_source, memo)) else { return true };
    ra.meets(&rb, b) || rb.meets(&ra, a)
}

/// What one side's change reaches in the mapper pass.
struct Reach {
    /// The namespaces of the mapper files it changed, with their texts and their interface's in its tree.
    namespaces: HashMap<String, Vec<Arc<str>>>,
    /// The classes it changed (parameter types, by simple name).
    classes: Vec<String>,
    /// Whether it changed a Java interface (one may be bound by a namespace of the other side's).
    interfaces: bool,
}

impl Reach {
    /// [`Reach::of`], once per change with `memo` (a matrix asks it of each side once per pair): keyed by the
    /// base and each changed path's content.
    fn once(changes: &ChangeSet, source: &dyn FileSource, memo: Option<&Memo>) -> Option<Arc<Reach>> {
        let Some(memo) = memo else { return Reach::of(changes, source, None).map(Arc::new) };
        let mut key = format!("java-reach\0{}", changes.base_commit.as_deref().unwrap_or_default());
        for (path, change) in &changes.files {
            key.push('\0');
            key.push_str(path);
            if let ChangeKind::Renamed { from } = &change.kind {
                key.push_str(" <- ");
                key.push_str(from);
            }
            match source.content_id(path) {
                Some(id) => id.iter().for_each(|b| key.push_str(&format!("{b:02x}"))),
                // Content not known by id: no memo.
                None if change.kind != ChangeKind::Deleted => return Reach::of(changes, source, None).map(Arc::new),
                None => key.push('-'),
            }
        }
        Option::clone(&memo.get_or_insert(&key, || Reach::of(changes, source, Some(memo)).map(Arc::new)))
    }

    /// `None`: it cannot be told at a glance (a mapper deleted or renamed, a root element not read, a mapper with
    /// a qualified reference).
    fn of(changes: &ChangeSet, source: &dyn FileSource, memo: Option<&Memo>) -> Option<Reach> {
        let mut namespaces: HashMap<String, Vec<Arc<str>>> = HashMap::new();
        let mut interfaces = false;
        for (path, change) in &changes.files {
            if let ChangeKind::Renamed { from } = &change.kind
                && (from.ends_with(".xml") || from.ends_with(".java"))
            {
                return None;
            }
            if path.ends_with(".xml") {
                if change.kind == ChangeKind::Deleted {
                    return None;
                }
                match sniff(source, memo, path) {
                    None => {}
                    Some(Sniffed { namespace: Some(ns), text }) => {
                        if reaches_out(&text) {
                            return None;
                        }
                        namespaces.entry(ns).or_default().push(text);
                    }
                    Some(Sniffed { namespace: None, .. }) => return None,
                }
            } else if path.ends_with(".java") && is_input_memo(path, source, memo) {
                // An interface, or a Java file that cannot be read (deleted): it may be any namespace's.
                if change.kind == ChangeKind::Deleted {
                    return None;
                }
                interfaces = true;
            }
        }
        let bound = Interfaces::new(source, memo);
        for (ns, texts) in namespaces.iter_mut() {
            texts.extend(bound.text(ns));
        }
        Some(Reach { namespaces, classes: changed_classes(changes, source, memo), interfaces })
    }

    /// Whether this change meets `other` (whose change set is `other_changes`) from this side.
    fn meets(&self, other: &Reach, other_changes: &ChangeSet) -> bool {
        self.namespaces.keys().any(|ns| other.namespaces.contains_key(ns) || interface_changed(other_changes, ns))
            || (self.interfaces || !self.classes.is_empty()) && (other.interfaces || !other.classes.is_empty())
            || !other.classes.is_empty()
                && self.namespaces.values().flatten().any(|text| mentions_any(text, &other.classes))
    }
}

/// Whether a mapper text names another namespace: a qualified `resultMap`, `extends`, `refid` or `select`.
fn reaches_out(text: &str) -> bool {
    ["resultMap", "extends", "refid", "select"].iter().any(|name| {
        let needle = format!("{name}=");
        memchr::memmem::find_iter(text.as_bytes(), needle.as_bytes()).any(|at| {
            let before = text.as_bytes().get(at.wrapping_sub(1)).copied();
            if at > 0 && before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') {
                return false;
            }
            let rest = text.get(at + needle.len()..).unwrap_or_default();
            match rest.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    rest.get(1..).and_then(|v| v.split(q).next()).is_some_and(|v| v.contains('.'))
                }
                _ => true,
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use precheck_runner::MemorySource;

    const USER: &str = r#"<mapper namespace="x.UserMapper"><resultMap id="Base" type="x.User"/>
<select id="find" resultMap="Base">select * from user where id = #{id}</select></mapper>"#;
    const ORDER: &str = r#"<mapper namespace="x.OrderMapper">
<select id="list" resultType="java.util.Map">select * from orders</select></mapper>"#;
    const QUALIFIED: &str = r#"<mapper namespace="x.ItemMapper">
<select id="list" resultMap="x.UserMapper.Base">select * from item</select></mapper>"#;

    fn tree(user: &str) -> MemorySource {
        MemorySource::new([
            ("m/User.xml".to_string(), user.as_bytes().to_vec()),
            ("m/Order.xml".to_string(), ORDER.as_bytes().to_vec()),
            ("m/Item.xml".to_string(), QUALIFIED.as_bytes().to_vec()),
            (
                "src/x/UserMapper.java".to_string(),
                b"package x;\ninterface UserMapper { User find(long id); }\n".to_vec(),
            ),
            ("src/x/User.java".to_string(), b"package x;\nclass User { long id; }\n".to_vec()),
            ("src/x/Audit.java".to_string(), b"package x;\nclass Audit { long id; }\n".to_vec()),
        ])
    }

    fn changed(paths: &[&str]) -> ChangeSet {
        ChangeSet::of_paths(paths.iter().map(|p| (*p, ChangeKind::Modified)))
    }

    #[test]
    fn changes_in_namespaces_of_their_own_do_not_meet() {
        let t = tree(USER);
        let meet = |a: &[&str], b: &[&str]| changes_meet(&changed(a), &t, &changed(b), &t, None);
        // Two mappers of different namespaces, nothing naming the other.
        assert!(!meet(&["m/User.xml"], &["m/Order.xml"]));
        // A class no mapper of the other side names.
        assert!(!meet(&["src/x/Audit.java"], &["m/Order.xml"]));
        // One mapper file both changed; a namespace and its interface; a class the other side's mapper binds.
        assert!(meet(&["m/User.xml"], &["m/User.xml"]));
        assert!(meet(&["m/User.xml"], &["src/x/UserMapper.java"]));
        assert!(meet(&["src/x/User.java"], &["m/User.xml"]));
        // A qualified reference reaches another namespace: counted as meeting.
        assert!(meet(&["m/Item.xml"], &["m/Order.xml"]));
        // An interface on one side and a class on the other; a deleted mapper.
        assert!(meet(&["src/x/UserMapper.java"], &["src/x/Audit.java"]));
        let gone = ChangeSet::of_paths([("m/Old.xml", ChangeKind::Deleted)]);
        assert!(changes_meet(&gone, &t, &changed(&["m/Order.xml"]), &t, None));
    }

    #[test]
    fn a_qualified_reference_is_one_with_a_dot_in_its_value() {
        assert!(!reaches_out(USER) && !reaches_out(ORDER) && reaches_out(QUALIFIED));
        assert!(reaches_out(r#"<include refid="x.UserMapper.cols"/>"#));
        assert!(!reaches_out(r#"<include refid="cols"/><resultMap id="a" type="x.A" extends="b"/>"#));
        assert!(reaches_out(r#"<association property="u" select="x.UserMapper.find"/>"#));
    }
}
