//! MyBatis `<mapper>` and iBatis `<sqlMap>` extraction (sql.md §6).
//!
//! The XML is read through precheck-xml into a small tree that keeps byte offsets into the file text; each
//! statement is rendered in a bounded set of variants (all conditions on, all off, one per extra
//! `<choose>` branch), each with an offset map from every rendered byte back to the XML, so findings point
//! at the mapper line. `#{x}` / `#x#` become `?`; `${x}` / `$x$` become a stand-in and are reported.

use std::collections::HashMap;

use precheck_core::text::floor_char_boundary;
use precheck_xml::RunKind;

use crate::exclusive::Test;

/// How deep elements may nest before the mapper is reported instead of rendered.
const MAX_DEPTH: usize = 64;
/// How much work (bytes of text and of the attributes written out, plus 16 per element visited) one rendering
/// of a statement may do before it is reported instead of reviewed: each `<foreach>` renders its body twice and
/// a fragment may be included many times, so nesting doubles the text (30 nested `<foreach>` would be
/// gigabytes; a 22-level chain of `<sql>` fragments each including the next twice took 3.8 GB).
const MAX_RENDERED: usize = 256 << 10;
/// How much work all the renderings of one statement may do together: past it, no further `<choose>` branch is
/// rendered (the full and the empty renderings always are).
const MAX_STATEMENT_RENDERED: usize = 1 << 20;
/// `${x}` substitutions per rendering that look back up to [`LOOK_BACK`] bytes for the clause they sit in;
/// later ones look back [`LOOK_BACK_MANY`] bytes, so that a statement of many thousands stays linear.
const LOOK_BACK_FULL: usize = 256;
const LOOK_BACK: usize = 4096;
const LOOK_BACK_MANY: usize = 256;

/// A node of the mapper tree.
#[derive(Debug)]
enum Node {
    Elem(Elem),
    /// Raw text in the file (`cdata`: no entity decoding).
    Text {
        start: usize,
        end: usize,
        cdata: bool,
    },
}

#[derive(Debug, Default)]
struct Elem {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
    start: usize,
}

impl Elem {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// Rendered SQL with a map back to the file.
#[derive(Clone, Debug, Default)]
pub struct Buf {
    pub s: String,
    /// (output offset, file offset, fixed): from `out` on, bytes map to `file + (p - out)`, or to `file`
    /// itself when `fixed` (synthesised text such as `WHERE`).
    segs: Vec<(usize, usize, bool)>,
}

impl Buf {
    fn push_raw(&mut self, text: &str, file: usize) {
        if text.is_empty() {
            return;
        }
        let contiguous = self.segs.last().is_some_and(|&(o, f, fixed)| !fixed && f + (self.s.len() - o) == file);
        if !contiguous {
            self.segs.push((self.s.len(), file, false));
        }
        self.s.push_str(text);
    }

    fn push_fixed(&mut self, text: &str, file: usize) {
        self.segs.push((self.s.len(), file, true));
        self.s.push_str(text);
    }

    fn append(&mut self, other: Buf) {
        let base = self.s.len();
        self.segs.extend(other.segs.into_iter().map(|(o, f, x)| (o + base, f, x)));
        self.s.push_str(&other.s);
    }

    /// The file offset of output byte `p`.
    pub fn map(&self, p: usize) -> usize {
        let i = self.segs.partition_point(|s| s.0 <= p);
        match i.checked_sub(1).map(|i| self.segs[i]) {
            Some((o, f, false)) => f + (p - o),
            Some((_, f, true)) => f,
            None => self.segs.first().map_or(0, |s| s.1),
        }
    }

    #[allow(
        clippy::string_slice,
        reason = "callers cut where `trim_*`, `strip_suffix` or an ASCII-uppercased copy's `starts_with`/`ends_with` \
                  matched, and `to_ascii_uppercase` keeps every byte where it is"
    )]
    fn slice(&self, from: usize, to: usize) -> Buf {
        let mut out = Buf { s: self.s[from..to].to_string(), segs: Vec::new() };
        let i = self.segs.partition_point(|s| s.0 <= from);
        if let Some(&(o, f, x)) = i.checked_sub(1).map(|i| &self.segs[i]) {
            out.segs.push((0, if x { f } else { f + (from - o) }, x));
        }
        out.segs.extend(self.segs[i..].iter().filter(|s| s.0 < to).map(|&(o, f, x)| (o - from, f, x)));
        out
    }

    fn trimmed(&self) -> Buf {
        let start = self.s.len() - self.s.trim_start().len();
        let end = self.s.trim_end().len().max(start);
        self.slice(start, end)
    }
}

/// A `${x}` / `$x$` substitution found while rendering.
#[derive(Clone, Debug)]
pub struct Dollar {
    pub name: String,
    /// Range in the file text.
    pub start: usize,
    pub end: usize,
    pub identifier: bool,
}

/// One rendering of a statement.
#[derive(Debug)]
pub struct Variant {
    pub buf: Buf,
    /// True for the all-off rendering.
    pub min: bool,
}

/// A `<foreach>` / iBatis `<iterate>` that renders even when every optional piece is off (SQL110).
#[derive(Clone, Debug)]
pub struct BareForeach {
    /// File range of the tag's `<name`.
    pub start: usize,
    pub end: usize,
    pub tag: String,
    pub collection: String,
    /// Whether it builds the list of an `IN (…)`.
    pub in_list: bool,
}

/// A `<choose>` without `<otherwise>`.
#[derive(Clone, Debug)]
pub struct OpenChoose {
    /// File range of the tag's `<choose`.
    pub start: usize,
    pub end: usize,
    /// Whether it renders inside a WHERE clause (`<where>`, `<trim prefix="WHERE">`, or after `WHERE`).
    pub in_where: bool,
}

/// A mapper statement with its renderings.
#[derive(Debug)]
pub struct MapperStmt {
    pub id: String,
    pub kind: String,
    /// MyBatis `databaseId`: the database this statement is for, when the mapper has one per database.
    pub database_id: Option<String>,
    /// Offset of the statement element in the file.
    pub start: usize,
    pub variants: Vec<Variant>,
    pub dollars: Vec<Dollar>,
    /// Unguarded `<foreach>` / `<iterate>` elements, by file position.
    pub bare_foreach: Vec<BareForeach>,
    /// `<foreach>` / `<iterate>` elements that build the list of an `IN (…)` (SQL082), by file position.
    pub in_lists: Vec<BareForeach>,
    /// `<choose>` elements without `<otherwise>`, with whether they render inside a WHERE (SQL111).
    pub open_chooses: Vec<OpenChoose>,
    /// The statement's `resultType` / `resultClass` attribute: (name, value, file range of the value).
    pub result_attr: Option<(String, String, usize, usize)>,
    /// True when the full rendering is nothing but substitutions (nothing to parse), or the statement is not
    /// reviewed (see `errors`).
    pub opaque: bool,
    /// What kept it from being reviewed whole: an include cycle or an include from another file, a rendering
    /// over the bounds.
    pub errors: Vec<MapperError>,
}

/// A problem with the mapper itself: malformed XML, an include cycle.
#[derive(Clone, Debug)]
pub struct MapperError {
    pub message: String,
    pub at: usize,
    /// What to do, when it is not "fix the mapper XML".
    pub help: Option<&'static str>,
    /// A bound of precheck's was hit (the statement renders too large, includes nest too deep): the statement
    /// is not checked, which is said whatever rules are on (PC003), not a fault of the mapper.
    pub bound: bool,
    /// The `refid` of an `<include>` this file does not define (the caller may know the other mappers).
    pub include: Option<String>,
}

/// The result of extracting one mapper file.
#[derive(Debug, Default)]
pub struct Mapper {
    pub statements: Vec<MapperStmt>,
    pub errors: Vec<MapperError>,
}

/// Whether the first KB of `text` has a `<mapper>` or `<sqlMap>` root element. The root's name is read, not
/// searched for: iBatis's `<sqlMapConfig>` starts with `<sqlMap`, and a MyBatis `<configuration>` or a Spring
/// file lists `<mapper resource=…>` children, and neither is a mapper.
pub fn sniff(text: &str) -> bool {
    let head = text.get(..floor_char_boundary(text, 1024)).unwrap_or_default();
    matches!(root_name(head), Some("mapper" | "sqlMap"))
}

/// The name of the first start tag in `head`, past the XML declaration, comments and the DOCTYPE (whose
/// internal subset's `<!ENTITY …>` declarations are skipped one by one).
#[allow(clippy::string_slice, reason = "every offset is a `find` of an ASCII delimiter, or one past it")]
fn root_name(head: &str) -> Option<&str> {
    let mut rest = head;
    loop {
        rest = &rest[rest.find('<')?..];
        if let Some(r) = rest.strip_prefix("<!--") {
            rest = &r[r.find("-->")? + 3..];
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            rest = &rest[rest.find('>')? + 1..];
        } else {
            let name = &rest[1..];
            let end = name.find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(name.len());
            return Some(&name[..end]);
        }
    }
}

#[allow(clippy::string_slice, reason = "offsets are `find`s of ASCII `&` and `;` in the same str, or one past them")]
fn unescape(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        // An entity is short: look for its `;` in the next bytes only (a search to the end of the value for
        // every `&` was quadratic on a value of many `&`).
        match semicolon_near(after).and_then(|k| entity(&after[1..k]).map(|c| (c, k))) {
            Some((c, k)) => {
                out.push(c);
                rest = &after[k + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The offset of a `;` within the 11 bytes that start `s` (an entity's end), if any.
fn semicolon_near(s: &str) -> Option<usize> {
    s.as_bytes().iter().take(11).position(|&c| c == b';')
}

/// The last `n` bytes of `s` or fewer, cut at a character boundary.
fn tail(s: &str, n: usize) -> &str {
    let from = s.len().saturating_sub(n);
    let from = precheck_core::text::ceil_char_boundary(s, from);
    s.get(from..).unwrap_or_default()
}

/// The character of an entity: precheck-xml's one table, plus `&#X…;` with an upper-case X, which the mapper
/// reader has always accepted.
fn entity(name: &str) -> Option<char> {
    precheck_xml::reader::entity(name).or_else(|| {
        let hex = name.strip_prefix("#X")?;
        char::from_u32(u32::from_str_radix(hex, 16).ok()?)
    })
}

fn malformed(message: String, at: usize) -> MapperError {
    MapperError { message, at, help: None, bound: false, include: None }
}

/// Parses the XML into a tree: the first `<mapper>` or `<sqlMap>` element at the top.
///
/// The XML layer reads it as an event reader does ([`precheck_xml::Options::events`]), so a mapper reads, and
/// fails, as it did when the reader was quick-xml; text nodes are its text runs and references, so every
/// rendered byte maps back to the file as before.
fn tree(text: &str) -> Result<Elem, MapperError> {
    let (doc, error) = precheck_xml::parse_with(text, precheck_xml::Options::events(false));
    let parents = doc.parents();
    let mut depth = vec![0usize; doc.elems.len()];
    // Nesting deeper than MAX_DEPTH comes before the layer's error: the element was read before it.
    for (i, e) in doc.elems.iter().enumerate() {
        depth[i] = parents[i].map_or(0, |p| depth[p] + 1);
        if depth[i] >= MAX_DEPTH && !e.self_closing(text) {
            return Err(malformed(format!("mapper XML nests deeper than {MAX_DEPTH} elements"), e.tag.start));
        }
    }
    match error {
        None | Some(precheck_xml::XmlError { kind: precheck_xml::ErrorKind::NoRoot, .. }) => {}
        Some(precheck_xml::XmlError { kind: precheck_xml::ErrorKind::Unclosed { .. }, offset, .. }) => {
            return Err(malformed("malformed mapper XML: element is not closed".into(), offset));
        }
        Some(e) => {
            return Err(malformed(
                format!("malformed mapper XML: {}", e.event_message(text)),
                e.offset.min(text.len()),
            ));
        }
    }
    let top = (0..doc.elems.len()).filter(|&i| parents[i].is_none()).find(|&i| {
        let name = precheck_xml::reader::event_local_name(&doc.elems[i].name);
        name == "mapper" || name == "sqlMap"
    });
    top.map(|i| node(text, &doc, i)).ok_or_else(|| malformed("no `<mapper>` or `<sqlMap>` root element".into(), 0))
}

/// The mapper element of `doc.elems[i]`: its children and text runs in document order (at most
/// [`MAX_DEPTH`] deep: [`tree`] saw to that).
fn node(text: &str, doc: &precheck_xml::Doc, i: usize) -> Elem {
    let e = &doc.elems[i];
    let attrs = e
        .attrs
        .iter()
        .map(|a| {
            // The value as written, with the entities this reader has always resolved.
            let raw = text.get(a.value_range.clone()).unwrap_or_default();
            (precheck_xml::reader::event_local_name(&a.name).to_string(), unescape(raw))
        })
        .collect();
    let mut children = Vec::with_capacity(e.children.len() + e.runs.len());
    let mut kids = e.children.iter().peekable();
    for run in &e.runs {
        while let Some(&&c) = kids.peek().filter(|&&&c| doc.elems[c].tag.start < run.range.start) {
            children.push(Node::Elem(node(text, doc, c)));
            kids.next();
        }
        let r = &run.range;
        match run.kind {
            RunKind::Text | RunKind::Ref => children.push(Node::Text { start: r.start, end: r.end, cdata: false }),
            RunKind::CData => children.push(Node::Text { start: r.start + 9, end: r.end - 3, cdata: true }),
            RunKind::Comment | RunKind::Doctype => {}
        }
    }
    children.extend(kids.map(|&c| Node::Elem(node(text, doc, c))));
    Elem { name: precheck_xml::reader::event_local_name(&e.name).to_string(), attrs, children, start: e.tag.start }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Max,
    Min,
}

struct Render<'a> {
    text: &'a str,
    ibatis: bool,
    fragments: &'a HashMap<String, &'a Elem>,
    namespace: &'a str,
    mode: Mode,
    /// `(choose index, branch)` flipped in this variant.
    flip: Option<(usize, usize)>,
    chooses: Vec<usize>,
    dollars: Vec<Dollar>,
    bare_foreach: Vec<BareForeach>,
    includes: Vec<String>,
    props: Vec<HashMap<String, String>>,
    errors: Vec<MapperError>,
    /// `<include>`s whose fragment is not in this file, with their offsets.
    unresolved: Vec<(String, usize)>,
    depth: usize,
    /// Work done so far in this rendering; past [`MAX_RENDERED`] elements are skipped.
    rendered: usize,
    /// Elements were skipped because `<include>`s nest deeper than [`MAX_DEPTH`].
    too_deep: bool,
    /// `${x}` substitutions placed in this rendering (see [`LOOK_BACK_FULL`]).
    substitutions: usize,
    /// File offsets of the bare `<foreach>` elements recorded, to record each once.
    bare_seen: std::collections::HashSet<usize>,
    /// File offsets of the substitutions recorded, to record each once.
    dollar_seen: std::collections::HashSet<usize>,
    /// Where the last `${x}` rendered as a value (`?`) ended in its output (see `after_value_stand_in`).
    value_stand_in_end: Option<usize>,
    /// `<foreach>` elements building IN lists, recorded by the full rendering.
    in_lists: Vec<BareForeach>,
    /// `<choose>` elements without `<otherwise>`, recorded by the full rendering.
    open_chooses: Vec<OpenChoose>,
    /// How many `<where>` / `<trim prefix="WHERE">` bodies are being rendered.
    where_depth: usize,
}

const IBATIS_CONDITIONS: &[&str] = &[
    "isNull",
    "isNotNull",
    "isEmpty",
    "isNotEmpty",
    "isEqual",
    "isNotEqual",
    "isGreaterThan",
    "isGreaterEqual",
    "isLessThan",
    "isLessEqual",
    "isPropertyAvailable",
    "isNotPropertyAvailable",
    "isParameterPresent",
    "isNotParameterPresent",
];

/// Whether a `${x}` at the end of `so_far` stands where an identifier is expected.
fn identifier_position(so_far: &str) -> bool {
    let t = so_far.trim_end();
    if t.ends_with('.') {
        return true;
    }
    let up = t.to_ascii_uppercase();
    let last = up.rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).next().unwrap_or("");
    if ["FROM", "JOIN", "INTO", "UPDATE", "TABLE", "BY"].contains(&last) {
        return true;
    }
    let pos = |kw: &str| up.rfind(kw);
    let clause = ["ORDER BY", "GROUP BY"].iter().filter_map(|k| pos(k)).max();
    if let Some(c) = clause {
        let later = ["WHERE", "LIMIT", "HAVING", " SET ", "VALUES"].iter().filter_map(|k| pos(k)).max();
        if later.is_none_or(|l| l < c) {
            return true;
        }
    }
    match (pos("SELECT"), pos("FROM")) {
        (Some(s), f) => f.is_none_or(|f| f < s),
        _ => false,
    }
}

/// Whether the clause that `so_far` ends in is a WHERE: its last clause keyword is `WHERE`.
fn after_where(so_far: &str) -> bool {
    const CLAUSES: &[&str] =
        &["WHERE", "SET", "VALUES", "FROM", "SELECT", "UPDATE", "ORDER", "GROUP", "LIMIT", "HAVING"];
    let mut last = "";
    for w in so_far.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
        if let Some(k) = CLAUSES.iter().find(|k| w.eq_ignore_ascii_case(k)) {
            last = k;
        }
    }
    last == "WHERE"
}

/// Words after which SQL expects an operand: a substitution there is one, not a clause.
const EXPECTS_OPERAND: &[&str] = &[
    "SELECT", "DISTINCT", "FROM", "JOIN", "INTO", "UPDATE", "TABLE", "BY", "WHERE", "AND", "OR", "NOT", "ON", "SET",
    "WHEN", "THEN", "ELSE", "CASE", "AS", "IN", "LIKE", "IS", "LIMIT", "OFFSET", "VALUES", "HAVING", "BETWEEN",
    "EXISTS", "USING", "INTERVAL", "DELETE", "INSERT", "REPLACE", "ALL", "ANY", "UNION", "DIV", "MOD", "XOR", "REGEXP",
    "RLIKE", "ESCAPE",
];

/// Whether `so_far` ends with a whole operand (a name, a literal, a parameter, a closing parenthesis) rather
/// than an operator, a comma or a keyword that wants one.
fn after_operand(so_far: &str) -> bool {
    let t = so_far.trim_end();
    let Some(last) = t.chars().next_back() else { return false };
    if matches!(last, ')' | '\'' | '"' | '?' | '`') {
        return true;
    }
    if !(last.is_alphanumeric() || last == '_') {
        return false;
    }
    let word = t.rsplit(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or("");
    !EXPECTS_OPERAND.iter().any(|k| word.eq_ignore_ascii_case(k))
}

impl Render<'_> {
    #[allow(
        clippy::string_slice,
        reason = "`start..end` is a text run of the XML layer, which ends at ASCII markup (`<`, `&`, `;`, `]]>`); inside, \
                  every cut is at or just past an ASCII byte (`&`, `;`, `#`, `$`, `{`, `}`) found in `raw`"
    )]
    fn text(&mut self, out: &mut Buf, start: usize, end: usize, cdata: bool) {
        self.rendered += end - start;
        let raw = &self.text[start..end];
        let b = raw.as_bytes();
        let mut run = 0;
        let mut i = 0;
        // The next `}` at or after a position, found once for every `#{` before it (a search per `#{` was
        // quadratic on text of many `#{` without one).
        let mut close: Option<(usize, Option<usize>)> = None;
        while i < b.len() {
            let c = b[i];
            let flush = |out: &mut Buf, run: usize, i: usize| out.push_raw(&raw[run..i], start + run);
            if c == b'&' && !cdata {
                if let Some(k) = semicolon_near(&raw[i..]) {
                    if let Some(ch) = entity(&raw[i + 1..i + k]) {
                        flush(out, run, i);
                        out.push_fixed(ch.encode_utf8(&mut [0; 4]), start + i);
                        i += k + 1;
                        run = i;
                        continue;
                    }
                }
            }
            let mybatis_param = (c == b'#' || c == b'$') && b.get(i + 1) == Some(&b'{');
            if mybatis_param {
                let next = match close {
                    Some((from, found)) if from <= i && found.is_none_or(|p| p >= i) => found,
                    _ => {
                        let found = memchr::memchr(b'}', &b[i..]).map(|k| i + k);
                        close = Some((i, found));
                        found
                    }
                };
                if let Some(k) = next.map(|p| p - i) {
                    flush(out, run, i);
                    let inner = &raw[i + 2..i + k];
                    self.param(out, c == b'$', inner, start + i, start + i + k + 1);
                    i += k + 1;
                    run = i;
                    continue;
                }
            }
            if self.ibatis && (c == b'#' || c == b'$') {
                if let Some(k) = raw[i + 1..].find(c as char) {
                    let inner = &raw[i + 1..i + 1 + k];
                    if !inner.is_empty() && inner.chars().all(|ch| ch.is_alphanumeric() || "_.:[]".contains(ch)) {
                        flush(out, run, i);
                        self.param(out, c == b'$', inner, start + i, start + i + k + 2);
                        i += k + 2;
                        run = i;
                        continue;
                    }
                }
            }
            i += 1;
        }
        out.push_raw(&raw[run..], start + run);
    }

    fn param(&mut self, out: &mut Buf, dollar: bool, inner: &str, s: usize, e: usize) {
        let name = inner.split([',', ':']).next().unwrap_or("").trim().to_string();
        if !dollar {
            // `${criterion.condition} #{criterion.value}` (MyBatis Generator's criteria): the substitution is
            // a column and its operator, which a bare stand-in cannot be; `= ?` keeps the predicate whole.
            if self.after_value_stand_in(out) {
                out.push_fixed(" = ", s);
            }
            out.push_fixed("?", s);
            return;
        }
        if let Some(v) = self.props.iter().rev().find_map(|p| p.get(&name)) {
            let v = v.clone();
            self.rendered += v.len();
            out.push_fixed(&v, s);
            return;
        }
        // What precedes, as far back as the clause it sits in can matter.
        self.substitutions += 1;
        let look_back = if self.substitutions <= LOOK_BACK_FULL { LOOK_BACK } else { LOOK_BACK_MANY };
        let before = tail(&out.s, look_back);
        let identifier = identifier_position(before);
        // Right after a whole operand (`ORDER BY col ${dir}`, `WHERE 1=1 ${permissionSql}`, `FROM t
        // ${ew.customSqlSegment}`), the substitution is a clause or a modifier: it renders as nothing.
        let stand_in = if after_operand(before) {
            String::new()
        } else if !identifier {
            "?".to_string()
        } else {
            let clean: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
            format!("__mb_{clean}__")
        };
        out.push_fixed(&stand_in, s);
        if stand_in == "?" {
            self.value_stand_in_end = Some(out.s.len());
        }
        // Every rendering records its substitutions: a later `<choose>` branch, an `<otherwise>` and the
        // conditions left off by an exclusive sibling render only in their own variant.
        if self.dollar_seen.insert(s) {
            self.dollars.push(Dollar { name, start: s, end: e, identifier });
        }
    }

    /// Whether `out` ends (but for spaces) with the `?` a `${x}` in value position just rendered to.
    fn after_value_stand_in(&self, out: &Buf) -> bool {
        let end = out.s.trim_end().len();
        self.value_stand_in_end == Some(end) && out.s.get(..end).is_some_and(|s| s.ends_with('?'))
    }

    fn children(&mut self, out: &mut Buf, e: &Elem) {
        let skip = self.exclusive_skips(e);
        // Text the reader split (at entity references) is one node to MyBatis: only an element's edges join.
        let mut after_elem = false;
        for (i, n) in e.children.iter().enumerate() {
            // MyBatis joins what each node appends with a space (`DynamicContext.appendSql`): `a = 1<if>AND b`
            // is `a = 1 AND b`.
            let joined = |out: &mut Buf| {
                if out.s.ends_with(|c: char| !c.is_whitespace()) {
                    out.push_fixed(" ", e.start);
                }
            };
            match n {
                Node::Text { start, end, cdata } => {
                    if after_elem {
                        joined(out);
                    }
                    after_elem = false;
                    self.text(out, *start, *end, *cdata);
                }
                Node::Elem(_) if skip.get(i).copied().unwrap_or(false) => {}
                Node::Elem(c) => {
                    joined(out);
                    after_elem = true;
                    self.elem(out, c);
                }
            }
        }
    }

    /// Which children this rendering leaves off because a sibling condition that excludes them is on
    /// (see [`crate::exclusive`]): each group of mutually exclusive conditions is a `<choose>` of its own,
    /// the first on in the full rendering, each other one on in a variant of its own.
    fn exclusive_skips(&mut self, e: &Elem) -> Vec<bool> {
        if self.mode != Mode::Max {
            return Vec::new();
        }
        let conditions: Vec<(usize, Test)> = e
            .children
            .iter()
            .enumerate()
            .filter_map(|(i, n)| match n {
                Node::Elem(c) if c.name == "if" => Some((i, Test::mybatis(c.attr("test").unwrap_or("")))),
                Node::Elem(c) if IBATIS_CONDITIONS.contains(&c.name.as_str()) => {
                    Some((i, Test::ibatis(&c.name, c.attr("property"), c.attr("compareValue"))))
                }
                _ => None,
            })
            .collect();
        if conditions.len() < 2 {
            return Vec::new();
        }
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for (k, (_, t)) in conditions.iter().enumerate() {
            match groups.iter_mut().find(|g| g.iter().all(|&m| conditions[m].1.excludes(t))) {
                Some(g) => g.push(k),
                None => groups.push(vec![k]),
            }
        }
        let mut skip = vec![false; e.children.len()];
        for g in groups.into_iter().filter(|g| g.len() > 1) {
            let idx = self.chooses.len();
            self.chooses.push(g.len());
            let on = match self.flip {
                Some((c, b)) if c == idx => b,
                _ => 0,
            };
            for (m, &k) in g.iter().enumerate() {
                skip[conditions[k].0] = m != on;
            }
        }
        skip
    }

    fn sub(&mut self, e: &Elem) -> Buf {
        let mut b = Buf::default();
        self.children(&mut b, e);
        b.trimmed()
    }

    fn elem(&mut self, out: &mut Buf, e: &Elem) {
        if self.rendered > MAX_RENDERED {
            return;
        }
        if self.depth > MAX_DEPTH {
            // Only `<include>` chains get here (the XML itself nests at most MAX_DEPTH deep).
            self.too_deep = true;
            return;
        }
        // Attributes are searched and some are written out (`open`, `separator`, `prefix`…).
        self.rendered += 16 + e.attrs.iter().map(|(k, v)| k.len() + v.len()).sum::<usize>();
        self.depth += 1;
        self.elem_inner(out, e);
        self.depth -= 1;
    }

    fn elem_inner(&mut self, out: &mut Buf, e: &Elem) {
        let name = e.name.as_str();
        match name {
            "if" => {
                if self.mode == Mode::Max {
                    self.children(out, e);
                }
            }
            _ if IBATIS_CONDITIONS.contains(&name) => {
                if self.mode == Mode::Max {
                    let body = self.sub(e);
                    if let Some(p) = e.attr("prepend").filter(|_| !body.s.is_empty()) {
                        out.push_fixed(&format!(" {p} "), e.start);
                    }
                    out.push_fixed(" ", e.start);
                    out.append(body);
                }
            }
            "where" => {
                self.where_depth += 1;
                let body = self.sub(e);
                self.where_depth -= 1;
                let up = body.s.to_ascii_uppercase();
                let cut = ["AND", "OR"]
                    .iter()
                    .find(|k| {
                        up.strip_prefix(**k).is_some_and(|r| r.starts_with(|c: char| c.is_whitespace() || c == '('))
                    })
                    .map_or(0, |k| k.len());
                let body = body.slice(cut, body.s.len()).trimmed();
                if !body.s.is_empty() {
                    out.push_fixed(" WHERE ", e.start);
                    out.append(body);
                }
            }
            "set" => {
                let body = self.sub(e);
                let body = match body.s.strip_suffix(',') {
                    Some(s) => body.slice(0, s.len()),
                    None => body,
                };
                if !body.s.is_empty() {
                    out.push_fixed(" SET ", e.start);
                    out.append(body);
                }
            }
            "trim" => {
                let is_where = e.attr("prefix").is_some_and(|p| p.trim().eq_ignore_ascii_case("WHERE"));
                self.where_depth += usize::from(is_where);
                let mut body = self.sub(e);
                self.where_depth -= usize::from(is_where);
                let up = body.s.to_ascii_uppercase();
                if let Some(po) = e.attr("prefixOverrides") {
                    if let Some(k) = po
                        .split('|')
                        .map(|k| k.trim().to_ascii_uppercase())
                        .find(|k| !k.is_empty() && up.starts_with(k.as_str()))
                    {
                        body = body.slice(k.len(), body.s.len()).trimmed();
                    }
                }
                if let Some(so) = e.attr("suffixOverrides") {
                    let up = body.s.to_ascii_uppercase();
                    if let Some(k) = so
                        .split('|')
                        .map(|k| k.trim().to_ascii_uppercase())
                        .find(|k| !k.is_empty() && up.ends_with(k.as_str()))
                    {
                        body = body.slice(0, body.s.len() - k.len()).trimmed();
                    }
                }
                if !body.s.is_empty() {
                    out.push_fixed(&format!(" {} ", e.attr("prefix").unwrap_or("")), e.start);
                    out.append(body);
                    out.push_fixed(&format!(" {} ", e.attr("suffix").unwrap_or("")), e.start);
                }
            }
            "foreach" | "iterate" => {
                self.note_bare(out, e);
                self.note_in_list(out, e);
                let sep = e.attr("separator").or_else(|| e.attr("conjunction")).unwrap_or("");
                if let Some(p) = e.attr("prepend") {
                    out.push_fixed(&format!(" {p} "), e.start);
                }
                let open = e.attr("open").unwrap_or("");
                // `${criterion.condition} <foreach open="(">`: the substitution is a column and `IN`.
                if open.trim_start().starts_with('(') && self.after_value_stand_in(out) {
                    out.push_fixed(" IN ", e.start);
                }
                out.push_fixed(&format!(" {open}"), e.start);
                let one = self.sub(e);
                out.append(one.clone());
                if self.mode == Mode::Max && self.rendered <= MAX_RENDERED {
                    self.rendered += one.s.len();
                    out.push_fixed(&format!(" {sep} "), e.start);
                    out.append(one);
                }
                out.push_fixed(&format!("{} ", e.attr("close").unwrap_or("")), e.start);
            }
            "choose" => {
                let idx = self.chooses.len();
                let branches: Vec<&Elem> = e
                    .children
                    .iter()
                    .filter_map(|n| match n {
                        Node::Elem(c) if c.name == "when" || c.name == "otherwise" => Some(c),
                        _ => None,
                    })
                    .collect();
                self.chooses.push(branches.len());
                // MyBatis Generator's criteria `<choose>` (`criterion.noValue` / `singleValue` / `betweenValue` /
                // `listValue`) covers every kind of criterion: it needs no `<otherwise>`.
                let generated = branches.iter().all(|b| b.attr("test").is_some_and(|t| t.contains("criterion.")));
                if self.mode == Mode::Max
                    && self.flip.is_none()
                    && !generated
                    && !branches.iter().any(|b| b.name == "otherwise")
                {
                    let in_where = self.where_depth > 0 || after_where(tail(&out.s, LOOK_BACK));
                    let start = e.start.min(self.text.len());
                    let end = (start + "<choose".len()).min(self.text.len());
                    self.open_chooses.push(OpenChoose { start, end, in_where });
                }
                let pick = match (self.flip, self.mode) {
                    (Some((c, b)), _) if c == idx => branches.get(b).copied(),
                    (_, Mode::Max) => branches.first().copied(),
                    (_, Mode::Min) => branches.iter().find(|b| b.name == "otherwise").copied(),
                };
                if let Some(b) = pick {
                    self.children(out, b);
                }
            }
            "dynamic" => {
                let mut body = Buf::default();
                let mut first = true;
                let skip = self.exclusive_skips(e);
                for (i, n) in e.children.iter().enumerate() {
                    match n {
                        Node::Text { start, end, cdata } => self.text(&mut body, *start, *end, *cdata),
                        Node::Elem(_) if skip.get(i).copied().unwrap_or(false) => {}
                        Node::Elem(c) => {
                            let mut part = Buf::default();
                            if IBATIS_CONDITIONS.contains(&c.name.as_str()) || c.name == "iterate" {
                                if self.mode == Mode::Min && c.name != "iterate" {
                                    continue;
                                }
                                if c.name == "iterate" {
                                    self.note_bare(&body, c);
                                    self.note_in_list(&body, c);
                                }
                                let inner = self.sub(c);
                                if inner.s.is_empty() {
                                    continue;
                                }
                                if let Some(p) = c.attr("prepend").filter(|_| !first) {
                                    part.push_fixed(&format!(" {p} "), c.start);
                                }
                                part.push_fixed(" ", c.start);
                                part.append(inner);
                                first = false;
                            } else {
                                self.elem(&mut part, c);
                            }
                            body.append(part);
                        }
                    }
                }
                let body = body.trimmed();
                if !body.s.is_empty() {
                    out.push_fixed(&format!(" {} ", e.attr("prepend").unwrap_or("")), e.start);
                    out.append(body);
                }
            }
            "include" => self.include(out, e),
            "bind" | "selectKey" | "property" => {}
            _ => self.children(out, e),
        }
    }

    /// Records a `<foreach>` / `<iterate>` reached by the MIN rendering: no `<if>` / `isXxx` guards it.
    fn note_bare(&mut self, out: &Buf, e: &Elem) {
        if self.mode != Mode::Min || self.flip.is_some() || !self.bare_seen.insert(e.start) {
            return;
        }
        let f = self.loop_of(out, e);
        self.bare_foreach.push(f);
    }

    /// Records a `<foreach>` / `<iterate>` that builds an IN list, once, from the full rendering (SQL082).
    fn note_in_list(&mut self, out: &Buf, e: &Elem) {
        if self.mode != Mode::Max || self.flip.is_some() {
            return;
        }
        let f = self.loop_of(out, e);
        if f.in_list && !self.in_lists.iter().any(|g| g.start == f.start) {
            self.in_lists.push(f);
        }
    }

    /// A loop element as recorded, with whether it builds the list of an `IN (…)`.
    fn loop_of(&self, out: &Buf, e: &Elem) -> BareForeach {
        let before = tail(&out.s, LOOK_BACK_MANY).trim_end().to_ascii_uppercase();
        let prepend = e.attr("prepend").unwrap_or("").trim().to_ascii_uppercase();
        let open = e.attr("open").unwrap_or("").trim().to_ascii_uppercase();
        let in_list = before.ends_with(" IN")
            || before == "IN"
            || prepend.ends_with("IN")
            || open.starts_with("IN ")
            || open.starts_with("IN(")
            || open.contains(" IN (")
            || open.contains(" IN(");
        let collection = e.attr("collection").or_else(|| e.attr("property")).unwrap_or("").to_string();
        let start = e.start.min(self.text.len());
        let end = (start + 1 + e.name.len()).min(self.text.len());
        BareForeach { start, end, tag: e.name.clone(), collection, in_list }
    }

    fn include(&mut self, out: &mut Buf, e: &Elem) {
        let raw = e.attr("refid").unwrap_or("");
        let mut refid = raw.to_string();
        if refid.contains("${") {
            for p in self.props.iter().rev() {
                self.rendered += p.len() * refid.len();
                for (k, v) in p {
                    refid = refid.replace(&format!("${{{k}}}"), v);
                }
            }
        }
        let local = refid.strip_prefix(self.namespace).and_then(|r| r.strip_prefix('.')).unwrap_or(&refid).to_string();
        if self.includes.contains(&local) {
            if self.mode == Mode::Max && self.flip.is_none() {
                self.errors.push(MapperError {
                    message: format!("`<include refid=\"{raw}\">` includes itself (cycle)"),
                    at: e.start,
                    help: None,
                    bound: false,
                    include: None,
                });
            }
            return;
        }
        let Some(frag) = self.fragments.get(&local).copied() else {
            // A fragment of another mapper file: rendering without it would review a statement that does not
            // exist (a lost WHERE, a broken SELECT list), so the statement is left unreviewed, and says so.
            if self.mode == Mode::Max && self.flip.is_none() {
                self.unresolved.push((raw.to_string(), e.start));
            }
            return;
        };
        self.rendered += 16 * e.children.len();
        let props: HashMap<String, String> = e
            .children
            .iter()
            .filter_map(|n| match n {
                Node::Elem(p) if p.name == "property" => {
                    Some((p.attr("name")?.to_string(), p.attr("value").unwrap_or("").to_string()))
                }
                _ => None,
            })
            .collect();
        self.includes.push(local);
        self.props.push(props);
        out.push_fixed(" ", e.start);
        self.children(out, frag);
        out.push_fixed(" ", e.start);
        self.props.pop();
        self.includes.pop();
    }
}

const STATEMENTS: &[&str] = &["select", "insert", "update", "delete", "statement", "procedure"];

/// Extracts the statements of a mapper file with their renderings (at most `max_variants` each), all at once.
pub fn extract(text: &str, max_variants: usize) -> Mapper {
    let mut statements = Vec::new();
    let mut errors = Vec::new();
    let head = extract_each(text, max_variants, |mut ms| {
        errors.append(&mut ms.errors);
        statements.push(ms);
    });
    errors.splice(0..0, head);
    Mapper { statements, errors }
}

/// Extracts the statements of a mapper file one at a time: `each` gets a statement with its renderings (and its
/// own errors: an include cycle, an include from another file, a rendering over the bounds) before the next
/// is rendered, so a file costs the memory of its largest statement. Returns the errors of the file itself
/// (malformed XML, no root element), when there is no statement.
pub fn extract_each(text: &str, max_variants: usize, mut each: impl FnMut(MapperStmt)) -> Vec<MapperError> {
    let root = match tree(text) {
        Ok(r) => r,
        Err(e) => return vec![e],
    };
    let ibatis = root.name == "sqlMap";
    let namespace = root.attr("namespace").unwrap_or("").to_string();
    let mut fragments: HashMap<String, &Elem> = HashMap::new();
    for n in &root.children {
        if let Node::Elem(e) = n {
            if e.name == "sql" {
                if let Some(id) = e.attr("id") {
                    fragments.insert(id.to_string(), e);
                }
            }
        }
    }
    for n in &root.children {
        let Node::Elem(e) = n else { continue };
        if !STATEMENTS.contains(&e.name.as_str()) {
            continue;
        }
        each(render_statement(text, ibatis, &fragments, &namespace, e, max_variants));
    }
    Vec::new()
}

/// Renders one statement element in its variants.
fn render_statement(
    text: &str,
    ibatis: bool,
    fragments: &HashMap<String, &Elem>,
    namespace: &str,
    e: &Elem,
    max_variants: usize,
) -> MapperStmt {
    let mut r = Render {
        text,
        ibatis,
        fragments,
        namespace,
        mode: Mode::Max,
        flip: None,
        chooses: Vec::new(),
        dollars: Vec::new(),
        bare_foreach: Vec::new(),
        includes: Vec::new(),
        props: Vec::new(),
        errors: Vec::new(),
        unresolved: Vec::new(),
        depth: 0,
        rendered: 0,
        too_deep: false,
        substitutions: 0,
        bare_seen: std::collections::HashSet::new(),
        value_stand_in_end: None,
        dollar_seen: std::collections::HashSet::new(),
        in_lists: Vec::new(),
        open_chooses: Vec::new(),
        where_depth: 0,
    };
    let name = || format!("`<{} id=\"{}\">`", e.name, e.attr("id").unwrap_or(""));
    let mut max = Buf::default();
    r.children(&mut max, e);
    let mut too_big = r.rendered > MAX_RENDERED;
    let mut total = r.rendered;
    let chooses = std::mem::take(&mut r.chooses);

    let mut errors = std::mem::take(&mut r.errors);
    let unresolved = std::mem::take(&mut r.unresolved);
    for (raw, at) in &unresolved {
        errors.push(MapperError {
            message: format!("{} not reviewed: `<include refid=\"{raw}\">` is defined in another mapper file", name()),
            at: *at,
            help: Some("precheck renders includes within one mapper file; review this statement by hand"),
            bound: false,
            include: Some(raw.clone()),
        });
    }
    let mut opaque = !unresolved.is_empty()
        || max.s.trim().chars().all(|c| c == '?' || c.is_whitespace())
        || max.s.trim().starts_with("__mb_") && !max.s.trim().contains(' ');
    let mut variants = vec![Variant { buf: max, min: false }];
    // The empty rendering also finds the unguarded `<foreach>` elements (SQL110), reported even when the
    // statement is not reviewed.
    r.mode = Mode::Min;
    r.rendered = 0;
    r.substitutions = 0;
    let mut min = Buf::default();
    r.children(&mut min, e);
    too_big |= r.rendered > MAX_RENDERED;
    total += r.rendered;
    variants.push(Variant { buf: min, min: true });
    let bare_foreach = std::mem::take(&mut r.bare_foreach);
    r.mode = Mode::Max;
    'flips: for (c, &n) in chooses.iter().enumerate() {
        for b in 1..n {
            if too_big || variants.len() >= max_variants.max(2) || total > MAX_STATEMENT_RENDERED {
                break 'flips;
            }
            r.flip = Some((c, b));
            r.chooses.clear();
            r.rendered = 0;
            r.substitutions = 0;
            let mut v = Buf::default();
            r.children(&mut v, e);
            too_big |= r.rendered > MAX_RENDERED;
            total += r.rendered;
            variants.push(Variant { buf: v, min: false });
        }
    }
    variants.truncate(max_variants.max(1));
    let mut dollars = std::mem::take(&mut r.dollars);
    dollars.sort_by_key(|d| d.start);
    let in_lists = std::mem::take(&mut r.in_lists);
    let open_chooses = std::mem::take(&mut r.open_chooses);
    let result_attr = ["resultType", "resultClass"].iter().find_map(|k| e.attr(k).map(|v| (*k, v))).map(|(k, v)| {
        let (a, b) = attr_value_span(text, e.start, k).unwrap_or((e.start, e.start + 1 + e.name.len()));
        (k.to_string(), v.to_string(), a, b)
    });
    if too_big || r.too_deep {
        // A cut rendering would be reviewed as if it were the statement: report it instead.
        opaque = true;
        variants.clear();
        let message = if r.too_deep {
            format!("{} not reviewed: its `<include>`s nest deeper than {MAX_DEPTH} levels", name())
        } else {
            format!(
                "{} not reviewed: it renders to over {} KiB (nested `<foreach>` or `<include>`)",
                name(),
                MAX_RENDERED / 1024
            )
        };
        errors.push(MapperError {
            message,
            at: e.start,
            help: Some("review this statement by hand"),
            bound: true,
            include: None,
        });
    }
    MapperStmt {
        id: e.attr("id").unwrap_or("").to_string(),
        kind: e.name.clone(),
        database_id: e.attr("databaseId").map(str::to_string),
        start: e.start,
        variants,
        dollars,
        bare_foreach,
        in_lists,
        open_chooses,
        result_attr,
        opaque,
        errors,
    }
}

/// The file range of the value of attribute `key` in the start tag at `tag_start` (without its quotes).
fn attr_value_span(text: &str, tag_start: usize, key: &str) -> Option<(usize, usize)> {
    let rest = text.get(tag_start..)?;
    let tag = rest.get(..rest.find('>')?)?;
    let mut from = 0;
    while let Some(k) = tag.get(from..)?.find(key) {
        let at = from + k;
        from = at + key.len();
        let before_ok = at > 0 && tag.as_bytes()[at - 1].is_ascii_whitespace();
        let after = tag.get(from..)?.trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let value = after.get(1..)?.trim_start();
        let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let v_start = tag.len() - value.len() + 1;
        let v_len = value.get(1..)?.find(quote)?;
        return Some((tag_start + v_start, tag_start + v_start + v_len));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn renders_max_min_and_choose_variants() {
        let xml = r#"<mapper namespace="m">
<sql id="cols">id, name</sql>
<update id="u">UPDATE t <set><if test="a">a = #{a},</if></set>
<where><if test="id">AND id = #{id}</if><choose><when test="x">AND x = 1</when><otherwise>AND y = 2</otherwise></choose></where></update>
<select id="s">SELECT <include refid="cols"/> FROM t WHERE a &lt; 3 ORDER BY ${col}</select>
</mapper>"#;
        let m = extract(xml, 16);
        assert!(m.errors.is_empty());
        let u = &m.statements[0];
        // Joined as MyBatis joins nodes: with a space (`?AND` before).
        assert_eq!(norm(&u.variants[0].buf.s), "UPDATE t SET a = ? WHERE id = ? AND x = 1");
        assert_eq!(norm(&u.variants[1].buf.s), "UPDATE t WHERE y = 2");
        assert_eq!(u.variants.len(), 3);
        let s = &m.statements[1];
        assert_eq!(norm(&s.variants[0].buf.s), "SELECT id, name FROM t WHERE a < 3 ORDER BY __mb_col__");
        assert!(s.dollars[0].identifier);
        // `<` maps back to the `&lt;` in the file.
        let lt = s.variants[0].buf.s.find('<').unwrap_or(0);
        assert_eq!(xml.get(s.variants[0].buf.map(lt)..s.variants[0].buf.map(lt) + 4), Some("&lt;"));
    }

    #[test]
    fn sniff_cuts_the_head_at_a_char_boundary() {
        // Byte 1024 falls inside a CJK character: the head ends before it.
        let text = format!("<mapper>{}档案", "a".repeat(1024 - "<mapper>".len() - 1));
        assert!(!text.is_char_boundary(1024));
        assert!(sniff(&text));
        assert!(!sniff(&format!("<!-- {} --><mapper>", "档".repeat(400))));
    }

    #[test]
    fn sniff_reads_the_root_element() {
        let dtd = r#"<!DOCTYPE mapper PUBLIC "-//mybatis.org//DTD Mapper 3.0//EN" "http://mybatis.org/dtd/mybatis-3-mapper.dtd">"#;
        assert!(sniff(&format!("<?xml version=\"1.0\"?>\n<!-- <beans> -->\n{dtd}\n<mapper namespace=\"a.B\">")));
        assert!(sniff("<!DOCTYPE sqlMap [ <!ENTITY x \"y\"> ]>\n<sqlMap namespace=\"a\"/>"));
        // iBatis's configuration file, MyBatis's, and a Spring file naming mappers.
        assert!(!sniff("<?xml version=\"1.0\"?><sqlMapConfig><sqlMap resource=\"a.xml\"/></sqlMapConfig>"));
        assert!(!sniff("<configuration><mappers><mapper resource=\"a.xml\"/></mappers></configuration>"));
        assert!(!sniff("<beans><bean class=\"x\"><property name=\"mapper\"/></bean></beans>"));
        assert!(!sniff("<!-- <mapper> only in a comment"));
    }

    #[test]
    fn cjk_text_around_parameters_renders() {
        let xml = "<mapper namespace=\"m\"><select id=\"s\">SELECT * FROM t WHERE a = #{a}，b = ${档案} 中</select>\
<update id=\"u\">UPDATE t <where>AND 名 = #{名}</where></update></mapper>";
        let m = extract(xml, 16);
        assert!(m.errors.is_empty(), "{:?}", m.errors);
        assert_eq!(norm(&m.statements[0].variants[0].buf.s), "SELECT * FROM t WHERE a = ?，b = ? 中");
        assert_eq!(norm(&m.statements[1].variants[0].buf.s), "UPDATE t WHERE 名 = ?");
        let xml = "<sqlMap namespace=\"m\"><select id=\"s\">SELECT * FROM t WHERE a = #a# 中 AND b = #名#，</select></sqlMap>";
        let m = extract(xml, 16);
        assert_eq!(norm(&m.statements[0].variants[0].buf.s), "SELECT * FROM t WHERE a = ? 中 AND b = ?，");
    }

    #[test]
    fn include_cycles_and_malformed_xml_are_errors() {
        let m = extract(
            r#"<mapper namespace="m"><sql id="a"><include refid="a"/></sql><select id="s">SELECT 1 <include refid="a"/></select></mapper>"#,
            16,
        );
        assert_eq!(m.errors.len(), 1);
        let m = extract("<mapper><select id='x'>SELECT 1</mapper>", 16);
        assert_eq!(m.errors.len(), 1);
    }

    fn mapper(body: &str) -> String {
        format!("<mapper namespace=\"m\">{body}</mapper>")
    }

    #[test]
    fn exponential_renderings_are_cut_and_reported() {
        // 40 nested `<foreach>` (each renders its body twice in the full rendering).
        let mut inner = "#{x}".to_string();
        for i in 0..40 {
            inner = format!("<foreach collection=\"c{i}\" item=\"x\" separator=\",\">{inner}</foreach>");
        }
        let m = extract(&mapper(&format!("<select id=\"s\">SELECT * FROM t WHERE a IN ({inner})</select>")), 16);
        assert!(m.statements[0].opaque && m.statements[0].variants.is_empty());
        assert!(m.errors.iter().any(|e| e.message.contains("renders to over")), "{:?}", m.errors);
        // A chain of 44 `<sql>` fragments, each including the next twice.
        let mut frags = String::from("<sql id=\"f44\">a = #{a}</sql>");
        for i in (0..44).rev() {
            let next = i + 1;
            frags.push_str(&format!(
                "<sql id=\"f{i}\"><include refid=\"f{next}\"/> AND <include refid=\"f{next}\"/></sql>"
            ));
        }
        let xml = mapper(&format!("{frags}<select id=\"s\">SELECT * FROM t WHERE <include refid=\"f0\"/></select>"));
        let m = extract(&xml, 16);
        assert!(m.statements[0].opaque);
        assert_eq!(m.errors.len(), 1, "{:?}", m.errors);
    }

    #[test]
    fn includes_nested_past_the_depth_bound_are_reported() {
        let mut frags = String::from("<sql id=\"f100\">a = 1</sql>");
        for i in (0..100).rev() {
            frags.push_str(&format!("<sql id=\"f{i}\"><include refid=\"f{}\"/></sql>", i + 1));
        }
        let xml = mapper(&format!("{frags}<select id=\"s\">SELECT * FROM t WHERE <include refid=\"f0\"/></select>"));
        let m = extract(&xml, 16);
        assert!(m.statements[0].opaque);
        assert!(m.errors.iter().any(|e| e.message.contains("nest deeper than 64")), "{:?}", m.errors);
        // Within the bound: rendered whole.
        let xml = xml.replace("refid=\"f0\"", "refid=\"f60\"");
        let m = extract(&xml, 16);
        assert!(m.errors.is_empty(), "{:?}", m.errors);
        assert_eq!(norm(&m.statements[0].variants[0].buf.s), "SELECT * FROM t WHERE a = 1");
    }

    #[test]
    fn many_attributes_ampersands_and_unclosed_parameters_render() {
        let mut attrs: String = (0..20_000).map(|i| format!(" a{i}=\"v{i} &amp;\"")).collect();
        attrs.push_str(&format!(" open=\"{}\"", "&".repeat(20_000)));
        let body = format!("SELECT 1 {} WHERE a = #{{a}} {}", "&amp;".repeat(20_000), "#{".repeat(20_000));
        let m = extract(&mapper(&format!("<select id=\"s\"{attrs}>{body}</select>")), 16);
        assert!(m.errors.is_empty(), "{:?}", m.errors);
        assert!(m.statements[0].variants[0].buf.s.contains("&& WHERE a = ? #{#{"));
        // `${x}` far into a long statement still knows its clause nearby.
        let cols: String = (0..3000).map(|i| format!("c{i}, ")).collect();
        let xml = mapper(&format!("<select id=\"s\">SELECT {cols} a FROM ${{table}} ORDER BY ${{col}}</select>"));
        let m = extract(&xml, 16);
        assert!(m.statements[0].dollars.iter().all(|d| d.identifier), "{:?}", m.statements[0].dollars);
    }

    #[test]
    fn statements_come_one_at_a_time() {
        let xml = mapper("<select id=\"a\">SELECT 1</select><select id=\"b\">SELECT 2</select>");
        let mut ids = Vec::new();
        let errors = extract_each(&xml, 16, |ms| ids.push((ms.id, ms.variants.len())));
        assert!(errors.is_empty());
        assert_eq!(ids, [("a".to_string(), 2), ("b".to_string(), 2)]);
        assert_eq!(extract_each("<mapper><select>", 16, |_| {}).len(), 1);
    }
}
