//! MyBatis mapper XML ↔ Java interface (JV050–JV054), once per run.
//!
//! Each mapper XML whose `namespace` names a Java interface of the repository is joined to it: the interface is
//! found by path (`com/x/UserMapper.java` for `com.x.UserMapper`, checked against its `package` line) and parsed
//! once with the same tree-sitter parse as the file rules; parameter types are found the same way through the
//! interface's imports and package. What MyBatis resolves at start-up or call time is decided here the same way,
//! and when something cannot be known (a base interface outside the repository, an `@Param` name that is not a
//! literal, a parameter type outside the repository) the rule says nothing: these rules are worth having only if
//! they are quiet on correct code.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use precheck_core::text::{self, LineIndex};
use precheck_core::{Finding, RepoCtx, Sink, Span};
use precheck_xml::reader as xml;
use tree_sitter::Node;

use crate::rules::{jv050_missing_statement, jv051_duplicate_statement, jv052_orphan_statement};
use crate::rules::{jv053_unknown_parameter, jv054_unresolved_result_map};
use crate::{hollow, tree};

/// A file read and decoded, with its line index for spans.
struct Source {
    path: Arc<str>,
    text: String,
    lines: LineIndex,
}

impl Source {
    fn read(cx: &RepoCtx<'_>, path: &Arc<str>) -> Option<Source> {
        let bytes = cx.source.read(path).ok()?;
        if text::is_binary(&bytes) {
            return None;
        }
        Some(Source::of(path, text::decode(&bytes).text.into_owned()))
    }

    fn of(path: &Arc<str>, text: String) -> Source {
        let lines = LineIndex::new(&text);
        Source { path: Arc::clone(path), text, lines }
    }

    fn span(&self, range: Range<usize>) -> Span {
        self.lines.span(&self.path, &self.text, range)
    }

    fn slice(&self, range: Range<usize>) -> &str {
        self.text.get(range).unwrap_or("")
    }
}

/// One statement (`select`/`insert`/`update`/`delete`), `sql` fragment or `resultMap` of a mapper.
struct Entry {
    kind: String,
    id: String,
    id_range: Range<usize>,
    database_id: Option<String>,
    elem: usize,
}

/// A mapper XML file.
struct Mapper {
    src: Source,
    doc: xml::Doc,
    namespace: String,
    ns_range: Range<usize>,
    entries: Vec<Entry>,
}

/// A method of a mapper interface.
struct Method {
    name: String,
    name_range: Range<usize>,
    /// Needs no XML statement: a `default`/`static` method, or a SQL annotation.
    bound_elsewhere: bool,
    params: Vec<Param>,
    /// Every `@Param` value was a string literal (else the names cannot be known).
    names_known: bool,
}

struct Param {
    name: String,
    annotated: Option<String>,
    ty: String,
}

/// A parsed Java type of the repository.
struct JavaType {
    src: Source,
    package: String,
    imports: Vec<String>,
    is_interface: bool,
    methods: Vec<Method>,
    /// Field and getter property names (for parameter objects).
    properties: HashSet<String>,
    /// Supertypes as written (`BaseMapper<User>`), resolved on demand.
    supers: Vec<String>,
    /// Whether the type declaration holds parse errors (then nothing is concluded from what it lacks).
    broken: bool,
}

const SQL_ANNOTATIONS: &[&str] =
    &["Select", "Insert", "Update", "Delete", "SelectProvider", "InsertProvider", "UpdateProvider", "DeleteProvider"];

const STATEMENTS: &[&str] = &["select", "insert", "update", "delete"];

/// Whether a change to `path` can change what the mapper rules find, read against `source` (the revision the
/// change leads to): a mapper XML (it holds `<mapper`) or a Java interface (what a mapper's namespace binds).
/// A file `source` cannot read (deleted) counts, to be safe; so does a class whose comments say `interface`
/// (only a pass too many). A Java class counts only as a parameter type a mapper or its interface names
/// ([`changes_input`]); a POM or a Spring file never.
pub fn is_input(path: &str, source: &dyn precheck_core::FileSource) -> bool {
    let lower = path.to_ascii_lowercase();
    let java = lower.ends_with(".java");
    if !java && !lower.ends_with(".xml") {
        return false;
    }
    let Ok(bytes) = source.read(path) else { return true };
    if !java {
        return bytes.windows(7).any(|w| w == b"<mapper");
    }
    declares_interface(&bytes)
}

/// [`is_input`], once per blob with `memo` (the re-runs of a semantic comparison ask it of the same files).
pub(crate) fn is_input_memo(
    path: &str,
    source: &dyn precheck_core::FileSource,
    memo: Option<&precheck_core::Memo>,
) -> bool {
    match (memo, source.content_id(path)) {
        (Some(memo), Some(id)) => {
            *memo.get_or_insert(&precheck_core::memo::blob_key("java-input", path, &id), || is_input(path, source))
        }
        _ => is_input(path, source),
    }
}

/// Whether Java source `bytes` holds `interface` as a word, not `@interface` (an annotation type).
fn declares_interface(bytes: &[u8]) -> bool {
    bytes.windows(9).enumerate().filter(|(_, w)| *w == b"interface").any(|(i, _)| {
        let before = i.checked_sub(1).map(|j| bytes[j]);
        let after = bytes.get(i + 9).copied();
        !before.is_some_and(|b| b == b'@' || b == b'_' || b == b'$' || b.is_ascii_alphanumeric())
            && after.is_some_and(|b| b.is_ascii_whitespace())
    })
}

/// The simple names of the Java classes (not interfaces) `changes` changed and `source` holds: one may be a
/// statement's parameter type, whose properties JV053 reads.
pub(crate) fn changed_classes(
    changes: &precheck_core::ChangeSet,
    source: &dyn precheck_core::FileSource,
    memo: Option<&precheck_core::Memo>,
) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for path in changes.files.keys() {
        let Some(stem) = path.strip_suffix(".java") else { continue };
        // An interface, or a file that cannot be read (deleted), is no parameter class.
        if is_input_memo(path, source, memo) {
            continue;
        }
        let name = stem.rsplit('/').next().unwrap_or(stem);
        if !name.is_empty() && !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
    }
    names
}

/// Whether `text` names one of `classes` as a whole Java identifier.
pub(crate) fn mentions_any(text: &str, classes: &[String]) -> bool {
    let word = |b: u8| b == b'_' || b == b'$' || b.is_ascii_alphanumeric();
    let bytes = text.as_bytes();
    classes.iter().any(|name| {
        memchr::memmem::find_iter(bytes, name.as_bytes()).any(|at| {
            !at.checked_sub(1).is_some_and(|i| word(bytes[i])) && !bytes.get(at + name.len()).is_some_and(|b| word(*b))
        })
    })
}

/// The interfaces mapper namespaces bind, found by path as [`JavaIndex`] finds them (the package line not
/// checked: a wrong file only makes a namespace count as touched), their texts through `memo`.
pub(crate) struct Interfaces<'s> {
    source: &'s dyn precheck_core::FileSource,
    memo: Option<&'s precheck_core::Memo>,
    /// Java file name (`UserMapper.java`) → the listing's paths with it, built at the first question.
    by_name: std::cell::OnceCell<HashMap<&'s str, Vec<&'s str>>>,
}

impl<'s> Interfaces<'s> {
    pub(crate) fn new(
        source: &'s dyn precheck_core::FileSource,
        memo: Option<&'s precheck_core::Memo>,
    ) -> Interfaces<'s> {
        Interfaces { source, memo, by_name: std::cell::OnceCell::new() }
    }

    /// The text of the interface namespace `ns` binds.
    pub(crate) fn text(&self, ns: &str) -> Option<Arc<str>> {
        let by_name = self.by_name.get_or_init(|| {
            let mut by_name: HashMap<&str, Vec<&str>> = HashMap::new();
            for f in self.source.paths().iter().filter(|f| f.path.ends_with(".java")) {
                by_name.entry(f.file_name()).or_default().push(&f.path);
            }
            by_name
        });
        let suffix = format!("{}.java", ns.replace('.', "/"));
        let name = suffix.rsplit('/').next().unwrap_or(&suffix);
        let path = *by_name.get(name)?.iter().find(|p| {
            p.strip_suffix(suffix.as_str()).is_some_and(|folder| folder.is_empty() || folder.ends_with('/'))
        })?;
        let read = || {
            let bytes = self.source.read(path).ok()?;
            Some(Arc::from(text::decode(&bytes).text))
        };
        match (self.memo, self.source.content_id(path)) {
            (Some(memo), Some(id)) => {
                Option::clone(&memo.get_or_insert(&precheck_core::memo::blob_key("java-text", path, &id), read))
            }
            _ => read(),
        }
    }
}

/// Whether namespace `ns` — its mapper files `paths` with texts `texts` — is one `changes` touches: one of its
/// files or its interface changed, or one of `classes` (changed parameter-type candidates) is named in a
/// mapper or in the interface.
fn namespace_touched<'t>(
    changes: &precheck_core::ChangeSet,
    classes: &[String],
    interfaces: &Interfaces<'_>,
    ns: &str,
    mut paths: impl Iterator<Item = &'t str>,
    mut texts: impl Iterator<Item = &'t str>,
) -> bool {
    paths.any(|p| changes.files.contains_key(p))
        || interface_changed(changes, ns)
        || !classes.is_empty()
            && (texts.any(|t| mentions_any(t, classes))
                || interfaces.text(ns).is_some_and(|t| mentions_any(&t, classes)))
}

/// Whether `changes` (leading to `source`) changed a path [`is_input`] takes, a renamed one's old name
/// included, or a Java class that a mapper or the interface it binds names (a parameter type: a side that
/// drops a property can meet a statement the other side adds for it). A Java file counts only in a tree with
/// some XML file (a mapper must bind it): a tree without any has no mapper, and its Java changes (hundreds on a
/// long-lived branch) are not read.
pub fn changes_input(
    changes: &precheck_core::ChangeSet,
    source: &dyn precheck_core::FileSource,
    memo: Option<&precheck_core::Memo>,
) -> bool {
    let has_xml = std::cell::OnceCell::new();
    let xml = || *has_xml.get_or_init(|| source.paths().iter().any(|f| f.path.ends_with(".xml")));
    let reads =
        |path: &str| (!path.to_ascii_lowercase().ends_with(".java") || xml()) && is_input_memo(path, source, memo);
    if changes.files.iter().any(|(path, change)| {
        reads(path) || matches!(&change.kind, precheck_core::ChangeKind::Renamed { from } if reads(from))
    }) {
        return true;
    }
    if !changes.files.keys().any(|p| p.ends_with(".java")) || !xml() {
        return false;
    }
    let classes = changed_classes(changes, source, memo);
    let interfaces = Interfaces::new(source, memo);
    !classes.is_empty()
        && source.paths().iter().filter(|f| f.path.ends_with(".xml")).any(|f| match sniff(source, memo, &f.path) {
            None => false,
            Some(Sniffed { namespace, text }) => {
                mentions_any(&text, &classes)
                    || namespace.is_some_and(|ns| interfaces.text(&ns).is_some_and(|t| mentions_any(&t, &classes)))
            }
        })
}

/// Runs the mapper rules over the repository.
pub fn check_repo(cx: &RepoCtx<'_>, out: &mut Sink) {
    // The mapper rules are the check's repository rules (JV050…).
    if !crate::rules::RULES.iter().any(|r| r.scope == precheck_core::Scope::Repo && out.enabled(r)) {
        return;
    }
    // The pre-push path stays proportional to the change: nothing to join unless a mapper, an interface or a
    // class they name changed (a POM or a service class alone cannot change what the join finds). The base of
    // the comparison is looked at where the head was.
    if let Some(changes) = cx.changes
        && !changes_input(changes, cx.source, cx.memo().as_deref())
    {
        leave_note(cx, Some(Looked::default()));
        return;
    }
    let on_head = cx.is_base.then(|| cx.facts.get::<precheck_core::HeadNotes>()?.get::<Looked>(NOTE)).flatten();
    if on_head.as_ref().is_some_and(|looked| looked.reported.is_empty()) {
        return;
    }
    let paths = cx.source.paths();
    // The runs of a semantic comparison share what was read from a blob: most mappers are the same blob in
    // the merged tree and on both sides.
    let memo = cx.memo();
    let memo = memo.as_deref();
    let xml: Vec<&precheck_core::FileInfo> =
        paths.iter().filter(|info| info.path.ends_with(".xml") && info.size <= 8 * 1024 * 1024).collect();
    let classes = cx.changes.map(|changes| changed_classes(changes, cx.source, memo)).unwrap_or_default();
    let scope = match (&on_head, cx.changes) {
        (Some(looked), _) => Scope::as_on_head(cx, memo, &xml, looked),
        (None, Some(changes)) => Scope::of(cx, memo, &xml, changes, &classes),
        (None, None) => None,
    };
    leave_note(cx, scope.as_ref().map(|s| Looked { touched: s.touched.clone(), reported: s.reported.clone() }));
    let mappers: Vec<Arc<Mapper>> = match &scope {
        Some(scope) => scope.mappers(cx, memo, &xml),
        None => xml.iter().filter_map(|info| load_mapper(cx, memo, info, None)).collect(),
    };
    if mappers.is_empty() {
        return;
    }
    let index = JavaIndex::new(cx, paths);
    let by_ns: BTreeMap<&str, Vec<&Mapper>> = mappers.iter().fold(BTreeMap::new(), |mut acc, m| {
        acc.entry(m.namespace.as_str()).or_default().push(&**m);
        acc
    });
    let referenced = references(&mappers);
    for m in &mappers {
        if scope.as_ref().is_none_or(|s| s.touched.contains(&m.namespace)) {
            duplicates(m, &by_ns, out);
        }
        if scope.as_ref().is_none_or(|s| s.reported.contains(&m.namespace)) {
            result_maps(m, &by_ns, out);
        }
    }
    let interfaces = Interfaces::new(cx.source, memo);
    for (ns, group) in &by_ns {
        if !scope.as_ref().map_or_else(|| touched(cx, &interfaces, &classes, ns, group), |s| s.touched.contains(*ns)) {
            continue;
        }
        let Some(iface) = index.get(ns).filter(|t| t.is_interface) else { continue };
        join(ns, group, &iface, &index, &referenced, out);
    }
}

/// Under what name the pass leaves its [`Looked`] note.
const NOTE: &str = "java-mapper";

/// What the pass on the head of a comparison looked at, for its pass on the base
/// ([`precheck_core::HeadNotes`]): the namespaces whose duplicates and joins it checked (`touched`) and those
/// whose result maps it checked (`reported`, a superset). A head finding lies in one of them, and the base pass
/// reads each of them whole, so a finding the base has too is told apart exactly; the rest of the base, which
/// the head did not look at, is not read (on litemall, a full pass was 45 ms of a 70 ms push).
#[derive(Default)]
struct Looked {
    touched: HashSet<String>,
    reported: HashSet<String>,
}

/// Leaves `looked` for the base pass when this is the head of a comparison with a change set; `None` (the pass
/// read every mapper) leaves nothing, and the base pass reads every mapper too.
fn leave_note(cx: &RepoCtx<'_>, looked: Option<Looked>) {
    if let (Some(looked), false, Some(_)) = (looked, cx.is_base, cx.changes) {
        cx.fact(precheck_core::HeadNotes::default).put(NOTE, looked);
    }
}

/// The mapper XML of `info`, parsed (`text`: already read), or `None` when it is not a mapper.
fn load_mapper(
    cx: &RepoCtx<'_>,
    memo: Option<&precheck_core::Memo>,
    info: &precheck_core::FileInfo,
    text: Option<&str>,
) -> Option<Arc<Mapper>> {
    let read = || {
        let src = match text {
            Some(text) => Source::of(&info.path, text.to_string()),
            None => Source::read(cx, &info.path)?,
        };
        if !src.text.contains("<mapper") {
            return None;
        }
        read_mapper(src).map(Arc::new)
    };
    match (memo, cx.source.content_id(&info.path)) {
        (Some(memo), Some(id)) => {
            Option::clone(&memo.get_or_insert(&precheck_core::memo::blob_key("java-mapper", &info.path, &id), read))
        }
        _ => read(),
    }
}

/// The mappers a run with a change set looks at (the pre-push path, a semantic re-run): what the change can
/// alter, found from each XML file's root element before any is parsed whole (parsing every mapper of a large
/// project was most of the pass on a one-mapper change). A namespace is *touched* when one of its mapper files
/// or its interface changed, or a changed class is named there ([`namespace_touched`]): its files are checked
/// for duplicate ids (JV051) and joined to the interface. A mapper whose text names a touched namespace may
/// refer into it, so its result maps (JV054) and references are read too; each namespace read is read whole
/// (all its files), and so is every namespace their result maps name. What is left out is a namespace nothing changed and nothing changed refers to: its findings are
/// what they were before the change. A change that deletes or renames an XML file, or a file whose root
/// cannot be read at a glance, makes the run read every mapper (the change may take a result map away from
/// a namespace no remaining file shows).
struct Scope {
    /// Namespace → its files (paths), from each file's root element.
    groups: HashMap<String, Vec<Arc<str>>>,
    /// Mapper texts already read, by path.
    texts: HashMap<Arc<str>, Arc<str>>,
    touched: HashSet<String>,
    /// The touched namespaces and those whose files name one: their result maps are checked.
    reported: HashSet<String>,
}

impl Scope {
    fn of(
        cx: &RepoCtx<'_>,
        memo: Option<&precheck_core::Memo>,
        xml: &[&precheck_core::FileInfo],
        changes: &precheck_core::ChangeSet,
        classes: &[String],
    ) -> Option<Scope> {
        let gone = changes.files.iter().any(|(path, change)| match &change.kind {
            precheck_core::ChangeKind::Deleted => path.ends_with(".xml"),
            precheck_core::ChangeKind::Renamed { from } => from.ends_with(".xml"),
            _ => false,
        });
        if gone {
            return None;
        }
        let (groups, texts) = Scope::sniff(cx, memo, xml)?;
        let interfaces = Interfaces::new(cx.source, memo);
        let touched: HashSet<String> = groups
            .iter()
            .filter(|(ns, files)| {
                let paths = files.iter().map(|p| &**p);
                let texts = files.iter().filter_map(|p| texts.get(p).map(|t| &**t));
                namespace_touched(changes, classes, &interfaces, ns, paths, texts)
            })
            .map(|(ns, _)| ns.clone())
            .collect();
        let reported: HashSet<String> = groups
            .iter()
            .filter(|(ns, files)| {
                touched.contains(*ns)
                    || files
                        .iter()
                        .any(|p| texts.get(p).is_some_and(|t| touched.iter().any(|n| t.contains(n.as_str()))))
            })
            .map(|(ns, _)| ns.clone())
            .collect();
        Some(Scope { groups, texts, touched, reported })
    }

    /// The base's part of what the head looked at (`looked`, left by the head pass of the same comparison).
    fn as_on_head(
        cx: &RepoCtx<'_>,
        memo: Option<&precheck_core::Memo>,
        xml: &[&precheck_core::FileInfo],
        looked: &Looked,
    ) -> Option<Scope> {
        let (groups, texts) = Scope::sniff(cx, memo, xml)?;
        Some(Scope { groups, texts, touched: looked.touched.clone(), reported: looked.reported.clone() })
    }

    /// Each mapper's namespace and text from a glance at its root element: `None` when one cannot be read so.
    #[allow(clippy::type_complexity, reason = "two maps read together, named in the caller's Scope")]
    fn sniff(
        cx: &RepoCtx<'_>,
        memo: Option<&precheck_core::Memo>,
        xml: &[&precheck_core::FileInfo],
    ) -> Option<(HashMap<String, Vec<Arc<str>>>, HashMap<Arc<str>, Arc<str>>)> {
        let mut groups: HashMap<String, Vec<Arc<str>>> = HashMap::new();
        let mut texts = HashMap::new();
        for info in xml {
            match sniff(cx.source, memo, &info.path) {
                None => {}
                Some(Sniffed { namespace: Some(ns), text }) => {
                    groups.entry(ns).or_default().push(Arc::clone(&info.path));
                    texts.insert(Arc::clone(&info.path), text);
                }
                // A root element this glance cannot read: every mapper is read.
                Some(Sniffed { namespace: None, .. }) => return None,
            }
        }
        Some((groups, texts))
    }

    /// The mappers of the reported namespaces and of the namespaces their result maps name, in path order.
    fn mappers(
        &self,
        cx: &RepoCtx<'_>,
        memo: Option<&precheck_core::Memo>,
        xml: &[&precheck_core::FileInfo],
    ) -> Vec<Arc<Mapper>> {
        let infos: HashMap<&str, &precheck_core::FileInfo> = xml.iter().map(|i| (&*i.path, *i)).collect();
        let load = |path: &Arc<str>, into: &mut HashMap<Arc<str>, Arc<Mapper>>| {
            if into.contains_key(path) {
                return;
            }
            let Some(info) = infos.get(&**path) else { return };
            if let Some(m) = load_mapper(cx, memo, info, self.texts.get(path).map(|t| &**t)) {
                into.insert(Arc::clone(path), m);
            }
        };
        let mut read: HashMap<Arc<str>, Arc<Mapper>> = HashMap::new();
        for ns in &self.reported {
            for path in self.groups.get(ns).into_iter().flatten() {
                load(path, &mut read);
            }
        }
        let named: HashSet<String> = read.values().flat_map(|m| result_map_namespaces(m)).collect();
        for ns in named.iter().filter(|ns| !self.reported.contains(*ns)) {
            for path in self.groups.get(ns).into_iter().flatten() {
                load(path, &mut read);
            }
        }
        xml.iter().filter_map(|info| read.get(&info.path).cloned()).collect()
    }
}

/// What a glance at an XML file's root element tells: `None` for a file that is not a mapper; a mapper's
/// namespace, or no namespace when the root element is not plain enough to read without a parse.
#[derive(Clone)]
pub(crate) struct Sniffed {
    pub(crate) namespace: Option<String>,
    pub(crate) text: Arc<str>,
}

/// [`Sniffed::read`], through `memo` when there is one.
pub(crate) fn sniff(
    source: &dyn precheck_core::FileSource,
    memo: Option<&precheck_core::Memo>,
    path: &str,
) -> Option<Sniffed> {
    match (memo, source.content_id(path)) {
        (Some(memo), Some(id)) => {
            Option::clone(&memo.get_or_insert(&precheck_core::memo::blob_key("java-mapper-root", path, &id), || {
                Sniffed::read(source, path)
            }))
        }
        _ => Sniffed::read(source, path),
    }
}

impl Sniffed {
    fn read(source: &dyn precheck_core::FileSource, path: &str) -> Option<Sniffed> {
        let bytes = source.read(path).ok()?;
        if text::is_binary(&bytes) {
            return None;
        }
        let text = text::decode(&bytes).text.into_owned();
        if !text.contains("<mapper") {
            return None;
        }
        match root_namespace(&text) {
            Root::NotMapper => None,
            Root::Mapper(ns) => Some(Sniffed { namespace: Some(ns), text: Arc::from(text) }),
            Root::Unsure => Some(Sniffed { namespace: None, text: Arc::from(text) }),
        }
    }
}

enum Root {
    NotMapper,
    Mapper(String),
    Unsure,
}

/// The `namespace` of a `<mapper>` root element, read without parsing the document: the prolog (declaration,
/// comments, a DOCTYPE without an internal subset) skipped, the root's attributes read up to its `>`.
/// Anything a parse might read otherwise (an entity in the value, an internal DTD subset, a broken tag) is
/// `Unsure`; a root without a namespace is no mapper, as [`read_mapper`] has it.
fn root_namespace(text: &str) -> Root {
    let mut rest = text;
    loop {
        let Some(open) = rest.find('<') else { return Root::NotMapper };
        rest = &rest[open..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            let Some(end) = comment.find("-->") else { return Root::Unsure };
            rest = &comment[end + 3..];
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            let Some(end) = rest.find('>') else { return Root::Unsure };
            if rest[..end].contains('[') {
                return Root::Unsure;
            }
            rest = &rest[end + 1..];
        } else {
            break;
        }
    }
    let tag = &rest[1..];
    let name_end = tag.find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(tag.len());
    let name = &tag[..name_end];
    if name.rsplit(':').next() != Some("mapper") {
        return Root::NotMapper;
    }
    let mut attrs = &tag[name_end..];
    loop {
        attrs = attrs.trim_start();
        if attrs.is_empty() {
            return Root::Unsure;
        }
        if attrs.starts_with('>') || attrs.starts_with("/>") {
            return Root::NotMapper;
        }
        let Some(eq) = attrs.find('=') else { return Root::Unsure };
        let key = attrs[..eq].trim_end();
        if key.is_empty() || key.contains(|c: char| c.is_whitespace() || c == '>' || c == '<') {
            return Root::Unsure;
        }
        let value = attrs[eq + 1..].trim_start();
        let Some(quote) = value.chars().next().filter(|c| *c == '"' || *c == '\'') else { return Root::Unsure };
        let Some(close) = value[1..].find(quote) else { return Root::Unsure };
        let raw = &value[1..1 + close];
        if raw.contains(['&', '<']) {
            return Root::Unsure;
        }
        if key == "namespace" {
            let ns = raw.trim();
            return if ns.is_empty() { Root::NotMapper } else { Root::Mapper(ns.to_string()) };
        }
        attrs = &value[close + 2..];
    }
}

/// Every result map `m` references (a `<resultMap extends>`, any other element's `resultMap`, each name of a
/// comma-separated list), with its offset in the document.
fn result_map_refs(m: &Mapper) -> impl Iterator<Item = (usize, &str)> {
    m.doc.elems.iter().flat_map(|e| {
        let attr = match e.local() {
            "resultMap" => e.attr("extends"),
            _ => e.attr("resultMap"),
        };
        attr.into_iter().flat_map(|attr| {
            split_list(&attr.value).into_iter().map(move |(at, name)| (attr.value_range.start + at, name))
        })
    })
}

/// The namespaces the `resultMap` and `extends` references of `m` name (`namespace.id` ones).
fn result_map_namespaces(m: &Mapper) -> Vec<String> {
    result_map_refs(m).filter_map(|(_, name)| name.rsplit_once('.').map(|(ns, _)| ns.to_string())).collect()
}

/// Whether the join of namespace `ns` (its mappers `group`) to its interface is done: always in a full run;
/// with a change set (the pre-push path, a semantic re-run), only when one of the mappers or the interface
/// changed, or a changed Java class that a mapper or the interface names (`classes`: a parameter type, whose
/// properties JV053 reads). The join parses the interface and its parameter types — nearly all of the pass's
/// time — and a namespace nothing of which changed joins as it did before the change. A supertype changed alone
/// is not re-joined.
fn touched(cx: &RepoCtx<'_>, interfaces: &Interfaces<'_>, classes: &[String], ns: &str, group: &[&Mapper]) -> bool {
    let Some(changes) = cx.changes else { return true };
    let paths = group.iter().map(|m| &*m.src.path);
    namespace_touched(changes, classes, interfaces, ns, paths, group.iter().map(|m| m.src.text.as_str()))
}

/// Whether `changes` changed (or renamed away) the file of namespace `ns`'s interface.
pub(crate) fn interface_changed(changes: &precheck_core::ChangeSet, ns: &str) -> bool {
    let suffix = format!("{}.java", ns.replace('.', "/"));
    let interface =
        |p: &str| p.strip_suffix(suffix.as_str()).is_some_and(|folder| folder.is_empty() || folder.ends_with('/'));
    changes.files.iter().any(|(path, change)| {
        interface(path) || matches!(&change.kind, precheck_core::ChangeKind::Renamed { from } if interface(from))
    })
}

fn read_mapper(src: Source) -> Option<Mapper> {
    let doc = xml::parse(&src.text).ok()?;
    let root = doc.root()?;
    if root.local() != "mapper" {
        return None;
    }
    let ns = root.attr("namespace")?;
    let (namespace, ns_range) = (ns.value.trim().to_string(), ns.value_range.clone());
    if namespace.is_empty() {
        return None;
    }
    let mut entries = Vec::new();
    for &i in &root.children {
        let Some(e) = doc.elems.get(i) else { continue };
        let kind = e.local();
        if !(STATEMENTS.contains(&kind) || kind == "sql" || kind == "resultMap") {
            continue;
        }
        let Some(id) = e.attr("id") else { continue };
        entries.push(Entry {
            kind: kind.to_string(),
            id: id.value.trim().to_string(),
            id_range: id.value_range.clone(),
            database_id: e.attr("databaseId").map(|d| d.value.trim().to_string()),
            elem: i,
        });
    }
    Some(Mapper { src, doc, namespace, ns_range, entries })
}

/// Every `namespace.id` or local id referenced from a mapper: `<include refid>`, `select="…"` of nested
/// results, `resultMap`/`extends`.
fn references(mappers: &[Arc<Mapper>]) -> HashSet<String> {
    let mut refs = HashSet::new();
    for m in mappers {
        for e in &m.doc.elems {
            for a in &e.attrs {
                if matches!(a.name.as_str(), "refid" | "select") {
                    let v = a.value.trim();
                    if v.contains('.') {
                        refs.insert(v.to_string());
                    } else {
                        refs.insert(format!("{}.{v}", m.namespace));
                    }
                }
            }
        }
    }
    refs
}

/// JV051: the same id twice in one namespace's collection (statements, fragments, result maps).
fn duplicates(m: &Mapper, by_ns: &BTreeMap<&str, Vec<&Mapper>>, out: &mut Sink) {
    let rule = &jv051_duplicate_statement::RULE;
    if !out.enabled(rule) {
        return;
    }
    let class = |k: &str| if STATEMENTS.contains(&k) { "statement" } else { k }.to_string();
    let group = by_ns.get(m.namespace.as_str()).map_or(&[][..], Vec::as_slice);
    for (i, e) in m.entries.iter().enumerate() {
        // The first occurrence in the namespace (files in path order, then document order) is the original.
        let earlier =
            group.iter().flat_map(|other| other.entries.iter().map(move |x| (*other, x))).find(|(other, x)| {
                class(&x.kind) == class(&e.kind)
                    && x.id == e.id
                    && x.database_id == e.database_id
                    && (other.src.path < m.src.path
                        || (other.src.path == m.src.path
                            && m.entries.iter().position(|y| std::ptr::eq(y, *x)) < Some(i)))
            });
        let Some((other, first)) = earlier else { continue };
        out.push(
            Finding::new(
                rule,
                m.src.span(e.id_range.clone()),
                format!(
                    "`{}.{}` is defined twice: MyBatis fails at start-up (\"{} already contains value for {}.{}\")",
                    m.namespace,
                    e.id,
                    collection_name(&e.kind),
                    m.namespace,
                    e.id
                ),
            )
            .with_label(other.src.span(first.id_range.clone()), "first defined here")
            .with_help("rename one of them, or give them different `databaseId`s"),
        );
    }
}

/// The name MyBatis gives the collection an id is stored in, as its error message says it.
fn collection_name(kind: &str) -> &'static str {
    match kind {
        "sql" => "XML fragments parsed from previous mappers",
        "resultMap" => "Result Maps collection",
        _ => "Mapped Statements collection",
    }
}

/// JV054: `resultMap="…"` and `extends="…"` that name no result map.
fn result_maps(m: &Mapper, by_ns: &BTreeMap<&str, Vec<&Mapper>>, out: &mut Sink) {
    let rule = &jv054_unresolved_result_map::RULE;
    if !out.enabled(rule) {
        return;
    }
    for (start, name) in result_map_refs(m) {
        if name.is_empty() || name.contains("${") {
            continue;
        }
        let (ns, id) = match name.rsplit_once('.') {
            Some((ns, id)) => (ns, id),
            None => (m.namespace.as_str(), name),
        };
        // A namespace no mapper of the repository declares may come from a jar: say nothing.
        let Some(group) = by_ns.get(ns) else { continue };
        let found = group.iter().any(|g| g.entries.iter().any(|x| x.kind == "resultMap" && x.id == id));
        if found {
            continue;
        }
        out.push(
            Finding::new(
                rule,
                m.src.span(start..start + name.len()),
                format!("result map `{name}` is not defined in namespace `{ns}`"),
            )
            .with_help("define the `<resultMap>`, or correct the reference (`namespace.id` for another mapper's)"),
        );
    }
}

/// The comma-separated names of an attribute value with their offsets.
fn split_list(value: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    for part in value.split(',') {
        let lead = part.len() - part.trim_start().len();
        out.push((at + lead, part.trim()));
        at += part.len() + 1;
    }
    out
}

/// JV050, JV052, JV053 for one namespace and its interface.
fn join(
    ns: &str,
    group: &[&Mapper],
    iface: &JavaType,
    index: &JavaIndex<'_, '_>,
    referenced: &HashSet<String>,
    out: &mut Sink,
) {
    let statements: Vec<(&Mapper, &Entry)> = group
        .iter()
        .flat_map(|m| m.entries.iter().filter(|e| STATEMENTS.contains(&e.kind.as_str())).map(move |e| (*m, e)))
        .collect();
    let ids: HashSet<&str> = statements.iter().map(|(_, e)| e.id.as_str()).collect();
    // JV050: a method with neither a statement nor another binding.
    if !iface.broken && out.enabled(&jv050_missing_statement::RULE) {
        for method in &iface.methods {
            if method.bound_elsewhere || ids.contains(method.name.as_str()) {
                continue;
            }
            let first = group[0];
            out.push(
                Finding::new(
                    &jv050_missing_statement::RULE,
                    iface.src.span(method.name_range.clone()),
                    format!(
                        "`{ns}.{}` has no statement in the mapper XML: calling it fails with \"Invalid bound statement (not found)\"",
                        method.name
                    ),
                )
                .with_label(first.src.span(first.ns_range.clone()), "the mapper of this interface")
                .with_help("add a `<select|insert|update|delete id=\"…\">` with the method's name, or a SQL annotation on the method"),
            );
        }
    }
    // Every method the namespace can bind, inherited ones included; `None` when a supertype is out of reach.
    let all_methods = index.methods_with_supers(iface);
    if let Some(all) = &all_methods
        && out.enabled(&jv052_orphan_statement::RULE)
    {
        for (m, e) in &statements {
            let qualified = format!("{ns}.{}", e.id);
            if all.contains(e.id.as_str()) || referenced.contains(&qualified) {
                continue;
            }
            out.push(
                Finding::new(
                    &jv052_orphan_statement::RULE,
                    m.src.span(e.id_range.clone()),
                    format!("statement `{}` matches no method of `{ns}` and nothing refers to it", e.id),
                )
                .with_label(iface.src.span(iface_name_range(iface)), "the interface")
                .with_help(
                    "remove the statement, or add the method it was written for (a renamed method leaves it behind)",
                ),
            );
        }
    }
    if out.enabled(&jv053_unknown_parameter::RULE) {
        for (m, e) in &statements {
            let Some(method) = iface.methods.iter().find(|x| x.name == e.id) else { continue };
            // Overloads share one statement: their parameters differ, so nothing is concluded.
            if iface.methods.iter().filter(|x| x.name == e.id).count() > 1 || !method.names_known {
                continue;
            }
            parameters(m, e, method, iface, index, out);
        }
    }
}

fn iface_name_range(t: &JavaType) -> Range<usize> {
    let at = t.src.text.find("interface ").unwrap_or(0);
    at..at + "interface".len()
}

/// JV053: `#{name}` references in one statement against the method's parameters.
fn parameters(m: &Mapper, e: &Entry, method: &Method, iface: &JavaType, index: &JavaIndex<'_, '_>, out: &mut Sink) {
    let Some(elem) = m.doc.elems.get(e.elem) else { return };
    // Names the statement declares itself: `<foreach item/index>`, `<bind name>`.
    let mut local: HashSet<String> = HashSet::new();
    let mut stack = vec![e.elem];
    while let Some(i) = stack.pop() {
        let Some(x) = m.doc.elems.get(i) else { continue };
        for key in ["item", "index", "name"] {
            if (x.local() == "foreach" && key != "name") || (x.local() == "bind" && key == "name") {
                if let Some(a) = x.attr(key) {
                    local.insert(a.value.trim().to_string());
                }
            }
        }
        // `<selectKey keyProperty>` writes, it does not read.
        stack.extend(x.children.iter().copied());
    }
    let body = m.src.slice(elem.tag.end..elem.content.end.max(elem.tag.end));
    let base = elem.tag.end;
    // `#{…}` inside an XML comment is not SQL.
    let mut comments = Vec::new();
    let mut from = 0;
    while let Some(open) = body.get(from..).and_then(|s| s.find("<!--")) {
        let open = from + open;
        let close = body.get(open..).and_then(|s| s.find("-->")).map_or(body.len(), |c| open + c + 3);
        comments.push(open..close);
        from = close;
    }
    // The references to look up: (offset of the root name in `body`, the expression, its root).
    let mut wanted: Vec<(usize, &str, &str)> = Vec::new();
    let mut search = 0;
    while let Some(rel) = body.get(search..).and_then(|s| s.find("#{")) {
        let start = search + rel + 2;
        if comments.iter().any(|c| c.contains(&start)) {
            search = start;
            continue;
        }
        let Some(len) = body.get(start..).and_then(|s| s.find('}')) else { break };
        search = start + len;
        let inner = body.get(start..start + len).unwrap_or("");
        let expr = inner.split(',').next().unwrap_or("").trim();
        let root = expr.split(['.', '[']).next().unwrap_or("").trim();
        if root.is_empty() || local.contains(root) || root.starts_with('_') || is_param_n(root) {
            continue;
        }
        wanted.push((start + (inner.len() - inner.trim_start().len()), expr, root));
    }
    // Only now the parameter's type, if any reference needs it: a generated `…ByExample` statement names none
    // (its conditions come from an included fragment), and its `Example` class runs to thousands of lines.
    if wanted.is_empty() {
        return;
    }
    let Some(allowed) = Allowed::of(method, iface, index) else { return };
    for (offset, expr, root) in wanted {
        if allowed.accepts(root) {
            continue;
        }
        let at = base + offset;
        out.push(
            Finding::new(
                &jv053_unknown_parameter::RULE,
                m.src.span(at..at + root.len()),
                format!("`#{{{expr}}}` names no parameter of `{}`: {}", method.name, allowed.describe()),
            )
            .with_label(iface.src.span(method.name_range.clone()), "the method")
            .with_help("name the parameter with `@Param(\"…\")`, or correct the property name"),
        );
    }
}

fn is_param_n(name: &str) -> bool {
    ["param", "arg"]
        .iter()
        .any(|p| name.strip_prefix(p).is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())))
}

/// What `#{root}` may name for one method.
enum Allowed {
    /// Names: `@Param` values and parameter names.
    Names(HashSet<String>),
    /// The properties of the single parameter's type.
    Properties(String, HashSet<String>),
}

impl Allowed {
    fn of(method: &Method, iface: &JavaType, index: &JavaIndex<'_, '_>) -> Option<Allowed> {
        match method.params.as_slice() {
            [] => None,
            [p] if p.annotated.is_none() => {
                // One plain parameter: MyBatis takes any name for a simple value, and properties of an object.
                let ty = tree::erased(&p.ty);
                if is_simple_value(ty)
                    || p.ty.contains('[')
                    || matches!(
                        ty,
                        "List"
                            | "Collection"
                            | "Set"
                            | "Map"
                            | "HashMap"
                            | "Object"
                            | "JSONObject"
                            | "LinkedHashMap"
                            | "Iterable"
                    )
                {
                    return None;
                }
                let t = index.resolve(iface, ty)?;
                let props = index.properties_with_supers(&t)?;
                Some(Allowed::Properties(ty.to_string(), props))
            }
            params => {
                let mut names = HashSet::new();
                for p in params {
                    names.insert(p.name.clone());
                    if let Some(a) = &p.annotated {
                        names.insert(a.clone());
                    }
                    // A single `@Param` parameter's properties may be reached only through its name; a single
                    // parameter also answers to `_parameter`.
                }
                Some(Allowed::Names(names))
            }
        }
    }

    fn accepts(&self, root: &str) -> bool {
        match self {
            Allowed::Names(n) | Allowed::Properties(_, n) => n.contains(root),
        }
    }

    fn describe(&self) -> String {
        match self {
            Allowed::Names(n) => {
                let mut v: Vec<&str> = n.iter().map(String::as_str).collect();
                v.sort_unstable();
                format!("its parameters are {}", v.iter().map(|x| format!("`{x}`")).collect::<Vec<_>>().join(", "))
            }
            Allowed::Properties(t, _) => format!("`{t}` has no such property"),
        }
    }
}

fn is_simple_value(ty: &str) -> bool {
    matches!(
        ty,
        "String"
            | "Long"
            | "long"
            | "Integer"
            | "int"
            | "Short"
            | "short"
            | "Byte"
            | "byte"
            | "Boolean"
            | "boolean"
            | "Double"
            | "double"
            | "Float"
            | "float"
            | "BigDecimal"
            | "BigInteger"
            | "Date"
            | "LocalDate"
            | "LocalDateTime"
            | "Character"
            | "char"
            | "Serializable"
            | "CharSequence"
            | "Number"
            | "UUID"
            | "Timestamp"
            | "Instant"
    ) || ty.len() == 1
}

/// Java types of the repository, found by path and parsed once.
struct JavaIndex<'c, 'a> {
    cx: &'c RepoCtx<'a>,
    /// Path without `.java` → the listing's path.
    by_stem: HashMap<&'c str, &'c Arc<str>>,
    /// Simple name → the stems that end in it.
    by_simple: HashMap<&'c str, Vec<&'c str>>,
    cache: std::cell::RefCell<HashMap<String, Option<Arc<JavaType>>>>,
}

impl<'c, 'a> JavaIndex<'c, 'a> {
    fn new(cx: &'c RepoCtx<'a>, paths: &'c [precheck_core::FileInfo]) -> JavaIndex<'c, 'a> {
        let mut by_stem = HashMap::new();
        let mut by_simple: HashMap<&str, Vec<&str>> = HashMap::new();
        for info in paths {
            if let Some(stem) = info.path.strip_suffix(".java") {
                by_stem.insert(stem, &info.path);
                by_simple.entry(stem.rsplit('/').next().unwrap_or(stem)).or_default().push(stem);
            }
        }
        JavaIndex { cx, by_stem, by_simple, cache: Default::default() }
    }

    /// The top-level type of fully qualified name `fqn`, if the repository has its file.
    fn get(&self, fqn: &str) -> Option<Arc<JavaType>> {
        if let Some(hit) = self.cache.borrow().get(fqn) {
            return hit.clone();
        }
        let found = self.load(fqn);
        self.cache.borrow_mut().insert(fqn.to_string(), found.clone());
        found
    }

    fn load(&self, fqn: &str) -> Option<Arc<JavaType>> {
        let simple = fqn.rsplit('.').next()?;
        let suffix = fqn.replace('.', "/");
        let stems = self.by_simple.get(simple)?;
        // Source roots differ (`src/main/java/`, `module/src/`): the path ends with the package's folders.
        for stem in stems {
            if !(stem.ends_with(&suffix)
                && (stem.len() == suffix.len() || stem[..stem.len() - suffix.len()].ends_with('/')))
            {
                continue;
            }
            let path = self.by_stem.get(stem)?;
            // `Err`: the file cannot be read (nothing is looked for further).
            let parse = || Source::read(self.cx, path).map(|src| parse_type(src, simple).map(Arc::new)).ok_or(());
            // The interface and its parameter classes are the same blobs in every run of a semantic
            // comparison: parsed once for all of them.
            let memo = self.cx.memo();
            let t = match (&memo, self.cx.source.content_id(path)) {
                (Some(memo), Some(id)) => {
                    let what = format!("java-type {simple}");
                    Result::clone(&memo.get_or_insert(&precheck_core::memo::blob_key(&what, path, &id), parse))
                }
                _ => parse(),
            };
            let t = t.ok()?;
            if let Some(t) = t
                && (t.package.is_empty() && !fqn.contains('.') || format!("{}.{simple}", t.package) == fqn)
            {
                return Some(t);
            }
        }
        None
    }

    /// Resolves a simple type name used in `from`: an import, the same package, or `java.lang`.
    fn resolve(&self, from: &JavaType, simple: &str) -> Option<Arc<JavaType>> {
        if simple.contains('.') {
            return self.get(simple);
        }
        if let Some(import) = from.imports.iter().find(|i| i.rsplit('.').next() == Some(simple)) {
            return self.get(import);
        }
        if let Some(t) = self.get(&format!("{}.{simple}", from.package)) {
            return Some(t);
        }
        from.imports.iter().filter_map(|i| i.strip_suffix(".*")).find_map(|pkg| self.get(&format!("{pkg}.{simple}")))
    }

    /// The names of every method of `t` and its supertypes; `None` when a supertype is not in the repository.
    fn methods_with_supers(&self, t: &JavaType) -> Option<HashSet<String>> {
        let mut names = HashSet::new();
        names.extend(t.methods.iter().map(|m| m.name.clone()));
        let mut seen = 0;
        let mut pending: Vec<(Option<Arc<JavaType>>, String)> = t.supers.iter().map(|s| (None, s.clone())).collect();
        while let Some((owner, sup)) = pending.pop() {
            seen += 1;
            if seen > 64 {
                return None;
            }
            let from = owner.as_deref().unwrap_or(t);
            let parent = self.resolve(from, tree::erased(&sup))?;
            if parent.broken {
                return None;
            }
            names.extend(parent.methods.iter().map(|m| m.name.clone()));
            pending.extend(parent.supers.iter().map(|s| (Some(Arc::clone(&parent)), s.clone())));
        }
        Some(names)
    }

    /// The properties of `t` and its superclasses; `None` when a superclass is not in the repository.
    fn properties_with_supers(&self, t: &JavaType) -> Option<HashSet<String>> {
        if t.broken || t.is_interface {
            return None;
        }
        let mut props = t.properties.clone();
        let mut current: Option<Arc<JavaType>> = None;
        let mut depth = 0;
        loop {
            let from = current.as_deref().unwrap_or(t);
            let Some(sup) = from.supers.first() else { return Some(props) };
            depth += 1;
            if depth > 32 {
                return None;
            }
            let parent = self.resolve(from, tree::erased(sup))?;
            if parent.broken {
                return None;
            }
            props.extend(parent.properties.iter().cloned());
            current = Some(parent);
        }
    }
}

/// Reads the top-level type `simple` of a parsed file.
fn parse_type(src: Source, simple: &str) -> Option<JavaType> {
    // What the join reads of a type is outside its bodies (names, parameters, annotations, fields, supertypes):
    // the bodies are left out of the parse (crate::hollow; a generated `…Example` parameter class is mostly
    // bodies). So `broken` says whether the declarations read, not the bodies, failed to parse.
    let tree = match hollow::scan(src.text.as_bytes(), hollow::words()) {
        Some(scan) => {
            let bodies: Vec<Range<usize>> = scan.bodies.into_iter().map(|(range, _)| range).collect();
            tree::parse_hollowed(&src.text, &bodies, &scan.comments, &[])?
        }
        None => tree::parse(&src.text)?,
    };
    let root = tree.root_node();
    let text = |n: Node<'_>| src.text.get(n.byte_range()).unwrap_or("").to_string();
    let mut package = String::new();
    let mut imports = Vec::new();
    let mut decl = None;
    for c in tree::named_children(root) {
        match c.kind() {
            "package_declaration" => {
                package = c
                    .named_children(&mut c.walk())
                    .find(|n| matches!(n.kind(), "scoped_identifier" | "identifier"))
                    .map(text)
                    .unwrap_or_default();
            }
            "import_declaration" => {
                let t = text(c);
                let body = t.trim_start_matches("import").trim().trim_end_matches(';').trim();
                if !body.starts_with("static ") {
                    imports.push(body.replace(' ', ""));
                }
            }
            "class_declaration" | "interface_declaration" | "record_declaration" | "enum_declaration"
                if c.child_by_field_name("name").is_some_and(|n| text(n) == simple) =>
            {
                decl = Some(c);
            }
            _ => {}
        }
    }
    let decl = decl?;
    let is_interface = decl.kind() == "interface_declaration";
    let mut supers = Vec::new();
    for field in ["superclass", "interfaces"] {
        if let Some(s) = decl.child_by_field_name(field) {
            for t in list_types(s) {
                supers.push(text(t));
            }
        }
    }
    // `interface X extends A, B`: the `extends_interfaces` child.
    for c in tree::named_children(decl) {
        if c.kind() == "extends_interfaces" {
            for t in list_types(c) {
                supers.push(text(t));
            }
        }
    }
    let mut methods = Vec::new();
    let mut properties = HashSet::new();
    if let Some(body) = decl.child_by_field_name("body") {
        for m in tree::named_children(body) {
            match m.kind() {
                "method_declaration" => {
                    if let Some(method) = read_method(&src, m, is_interface) {
                        if let Some(p) = property_of_getter(&method.name) {
                            if method.params.is_empty() {
                                properties.insert(p);
                            }
                        }
                        methods.push(method);
                    }
                }
                "field_declaration" if !tree::has_modifier(m, "static") => {
                    let mut cursor = m.walk();
                    for d in m.children_by_field_name("declarator", &mut cursor) {
                        if let Some(n) = d.child_by_field_name("name") {
                            properties.insert(text(n));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    if decl.kind() == "record_declaration"
        && let Some(params) = decl.child_by_field_name("parameters")
    {
        for p in tree::named_children(params) {
            if let Some(n) = p.child_by_field_name("name") {
                properties.insert(text(n));
            }
        }
    }
    let broken = decl.has_error();
    Some(JavaType { src, package, imports, is_interface, methods, properties, supers, broken })
}

/// The type nodes of a `superclass`/`super_interfaces`/`extends_interfaces` node.
fn list_types(node: Node<'_>) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    for c in tree::named_children(node) {
        if c.kind() == "type_list" {
            out.extend(tree::named_children(c));
        } else {
            out.push(c);
        }
    }
    out
}

fn property_of_getter(name: &str) -> Option<String> {
    let rest = name.strip_prefix("get").or_else(|| name.strip_prefix("is"))?;
    let mut chars = rest.chars();
    let first = chars.next()?;
    first.is_ascii_uppercase().then(|| format!("{}{}", first.to_ascii_lowercase(), chars.as_str()))
}

fn read_method(src: &Source, m: Node<'_>, is_interface: bool) -> Option<Method> {
    let text = |n: Node<'_>| src.text.get(n.byte_range()).unwrap_or("").to_string();
    let name = m.child_by_field_name("name")?;
    let mut bound_elsewhere = tree::has_modifier(m, "default") || tree::has_modifier(m, "static") || (!is_interface);
    if let Some(mods) = tree::modifiers(m) {
        for a in tree::named_children(mods) {
            if matches!(a.kind(), "annotation" | "marker_annotation")
                && let Some(n) = a.child_by_field_name("name")
            {
                let full = text(n);
                if SQL_ANNOTATIONS.contains(&tree::simple(&full)) {
                    bound_elsewhere = true;
                }
            }
        }
    }
    // A method with a body in an interface (Java 8 default or private) is bound by its code.
    if m.child_by_field_name("body").is_some() {
        bound_elsewhere = true;
    }
    let mut params = Vec::new();
    let mut names_known = true;
    if let Some(list) = m.child_by_field_name("parameters") {
        for p in tree::named_children(list) {
            let (pname, ty) = match p.kind() {
                "formal_parameter" => {
                    (p.child_by_field_name("name").map(text), p.child_by_field_name("type").map(text))
                }
                "spread_parameter" => {
                    names_known = false;
                    continue;
                }
                _ => continue,
            };
            let mut annotated = None;
            if let Some(mods) = tree::modifiers(p) {
                for a in tree::named_children(mods) {
                    let is_param = a.kind() == "annotation"
                        && a.child_by_field_name("name").is_some_and(|n| tree::simple(&text(n)) == "Param");
                    if !is_param {
                        continue;
                    }
                    let value = a.child_by_field_name("arguments").and_then(|args| args.named_child(0));
                    match value {
                        Some(v) if v.kind() == "string_literal" => {
                            annotated = Some(text(v).trim_matches('"').to_string());
                        }
                        Some(v) if v.kind() == "element_value_pair" => match v.child_by_field_name("value") {
                            Some(s) if s.kind() == "string_literal" => {
                                annotated = Some(text(s).trim_matches('"').to_string())
                            }
                            _ => names_known = false,
                        },
                        _ => names_known = false,
                    }
                }
            }
            params.push(Param { name: pname.unwrap_or_default(), annotated, ty: ty.unwrap_or_default() });
        }
    }
    Some(Method { name: text(name), name_range: name.byte_range(), bound_elsewhere, params, names_known })
}

#[cfg(test)]
mod tests {
    use super::{Root, changes_input, root_namespace};

    #[test]
    fn a_root_namespace_is_read_at_a_glance_or_left_to_a_parse() {
        let ns = |text: &str| match root_namespace(text) {
            Root::Mapper(ns) => format!("mapper {ns}"),
            Root::NotMapper => "not a mapper".to_string(),
            Root::Unsure => "unsure".to_string(),
        };
        let prolog = "<?xml version=\"1.0\"?>\n<!-- a > comment -->\n<!DOCTYPE mapper PUBLIC \"-//x//EN\" \"m.dtd\">\n";
        assert_eq!(ns(&format!("{prolog}<mapper namespace=\"a.B\">")), "mapper a.B");
        assert_eq!(ns("<m:mapper xmlns:m='u' namespace = ' a.B '/>"), "mapper a.B");
        assert_eq!(ns("<mapper\n  id=\"x>y\"\n  namespace=\"a.B\">"), "mapper a.B");
        assert_eq!(ns("<configuration><mappers><mapper namespace=\"a.B\"/></mappers></configuration>"), "not a mapper");
        assert_eq!(ns("<mapper>"), "not a mapper");
        assert_eq!(ns("<mapper namespace=\" \">"), "not a mapper");
        assert_eq!(ns("<mapper namespace=\"a&#46;B\">"), "unsure");
        assert_eq!(ns("<!DOCTYPE mapper [ <!ENTITY n \"a.B\"> ]><mapper namespace=\"&n;\">"), "unsure");
        assert_eq!(ns("<mapper namespace=a.B>"), "unsure");
        assert_eq!(ns("<mapper namespace=\"a.B"), "unsure");
        assert_eq!(ns("<!-- never closed <mapper namespace=\"a.B\">"), "unsure");
    }

    use precheck_core::{ChangeKind, ChangeSet};
    use precheck_runner::MemorySource;

    fn changed(paths: &[&str]) -> ChangeSet {
        ChangeSet::of_paths(paths.iter().map(|p| (*p, ChangeKind::Modified)))
    }

    #[test]
    fn mappers_interfaces_and_the_classes_they_name_are_inputs_of_the_mapper_pass() {
        let tree = MemorySource::new([
            ("pom.xml".to_string(), b"<project><dependencies/></project>".to_vec()),
            ("src/UserMapper.xml".to_string(), b"<mapper namespace=\"x.UserMapper\"/>".to_vec()),
            ("src/x/UserMapper.java".to_string(), b"package x;\npublic interface UserMapper {}\n".to_vec()),
            (
                "src/x/UserService.java".to_string(),
                b"package x;\n/** Not an @interface. */\nclass UserService {}\n".to_vec(),
            ),
            ("src/x/Audit.java".to_string(), b"package x;\npublic @interface Audit {}\n".to_vec()),
        ]);
        // A POM, a service class or an annotation type alone: the join finds what it found before.
        assert!(!changes_input(&changed(&["pom.xml"]), &tree, None));
        // A class a mapper or an interface names may be a parameter type: it counts.
        let named = MemorySource::new([
            ("src/UserMapper.xml".to_string(), b"<mapper namespace=\"x.UserMapper\"/>".to_vec()),
            ("src/x/UserMapper.java".to_string(), b"package x;\ninterface UserMapper { int save(User u); }\n".to_vec()),
            ("src/x/User.java".to_string(), b"package x;\nclass User { String name; }\n".to_vec()),
            ("src/x/UserAudit.java".to_string(), b"package x;\nclass UserAudit {}\n".to_vec()),
        ]);
        assert!(changes_input(&changed(&["src/x/User.java"]), &named, None));
        assert!(!changes_input(&changed(&["src/x/UserAudit.java"]), &named, None));
        assert!(!changes_input(&changed(&["src/x/UserService.java", "src/x/Audit.java", "pom.xml"]), &tree, None));
        assert!(changes_input(&changed(&["pom.xml", "src/UserMapper.xml"]), &tree, None));
        assert!(changes_input(&changed(&["src/x/UserMapper.java"]), &tree, None));
        // A deleted mapper or interface (unreadable) counts, to be safe.
        assert!(changes_input(&changed(&["src/Gone.xml"]), &tree, None));
        // Without any XML in the tree, no Java file can be bound: none is read.
        let no_xml = MemorySource::new([("a/I.java".to_string(), b"interface I {}\n".to_vec())]);
        assert!(!changes_input(&changed(&["a/I.java"]), &no_xml, None));
    }
}
