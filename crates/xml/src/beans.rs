//! The Spring bean model (zdal.md §3): beans with `id`, `class`, `parent`, `abstract`, and property values
//! (`value=`, `<value>`, `ref=`, `<ref>`, `<list>`/`<set>`, `<map>`/`<props>`, `<null/>`, inline `<bean>`),
//! every one with its place in the file; and the walks over it that follow `parent=` ([`chain`],
//! [`setting`]) and `ref` ([`Index`], [`refs`]).
//!
//! The Zdal model (precheck-zdal) collects the top-level beans of each file it recognises ([`collect`]); the
//! SQL routing wiring (precheck-sql) collects every bean of any Spring file, wherever it is nested
//! ([`collect_all`]), and resolves `ref`s and `parent=` across the repository through an [`Index`].

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::reader::{Doc, Elem};

/// Index of a file in the caller's list of files (the Zdal model's `files`, the wiring's XML files).
pub type FileId = usize;
/// Index of a bean in the caller's list of beans, into which [`collect`] pushes.
pub type BeanId = usize;

/// A place: a file and a byte range of its decoded text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Loc {
    pub file: FileId,
    pub range: Range<usize>,
}

/// Nested collections deeper than this are not followed (a hostile file cannot exhaust the stack).
const MAX_DEPTH: usize = 48;

/// A property or collection value.
#[derive(Clone, Debug)]
pub enum Value {
    /// A string (`value=` as written, `<value>` trimmed).
    Text {
        text: String,
        loc: Loc,
    },
    Ref {
        bean: String,
        loc: Loc,
    },
    /// `<list>`, `<set>` or `<array>`.
    List {
        items: Vec<Value>,
        loc: Loc,
    },
    /// `<map>` or `<props>`.
    Map {
        entries: Vec<Entry>,
        loc: Loc,
    },
    Null {
        loc: Loc,
    },
    Bean {
        bean: BeanId,
        loc: Loc,
    },
    /// No value, or a shape we do not model.
    Other {
        loc: Loc,
    },
}

impl Value {
    pub fn loc(&self) -> &Loc {
        match self {
            Value::Text { loc, .. }
            | Value::Ref { loc, .. }
            | Value::List { loc, .. }
            | Value::Map { loc, .. }
            | Value::Null { loc }
            | Value::Bean { loc, .. }
            | Value::Other { loc } => loc,
        }
    }

    pub fn text(&self) -> Option<&str> {
        match self {
            Value::Text { text, .. } => Some(text),
            _ => None,
        }
    }
}

/// A map entry.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The key, trimmed.
    pub key: String,
    /// The key as Spring passes it on: the attribute or `<value>` text as written, spaces kept (Zdal appends
    /// `_r`/`_w` to it untrimmed: RUNTIME-SEMANTICS.md 2.6).
    pub raw_key: String,
    pub key_loc: Loc,
    pub value: Value,
}

/// A `<property>`.
#[derive(Clone, Debug)]
pub struct Prop {
    pub name: String,
    /// The `name` attribute's value.
    pub loc: Loc,
    pub value: Value,
}

/// The Zdal (and wiring) classes the rules know.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    ZdalApp,
    AppDs,
    Physical,
    AppRule,
    ShardRule,
    TableRule,
    ZdalDataSource,
    SqlMapClientFactory,
    Other,
}

impl Kind {
    pub fn of_class(class: &str) -> Kind {
        let simple = class.rsplit('.').next().unwrap_or(class);
        match simple {
            "ZdalAppBean" => Kind::ZdalApp,
            "AppDataSourceBean" => Kind::AppDs,
            "PhysicalDataSourceBean" => Kind::Physical,
            "AppRule" => Kind::AppRule,
            "ShardRule" => Kind::ShardRule,
            "TableRule" => Kind::TableRule,
            "ZdalDataSource" => Kind::ZdalDataSource,
            "SqlMapClientFactoryBean" => Kind::SqlMapClientFactory,
            _ => Kind::Other,
        }
    }

    /// Whether the class is one of Zdal's configuration beans (ZD008 judges their properties).
    pub fn is_config_bean(self) -> bool {
        matches!(self, Kind::ZdalApp | Kind::AppDs | Kind::Physical | Kind::AppRule | Kind::ShardRule | Kind::TableRule)
    }
}

/// One `<bean>`.
#[derive(Clone, Debug)]
pub struct Bean {
    pub file: FileId,
    pub id: Option<(String, Loc)>,
    pub class: Option<(String, Loc)>,
    pub parent: Option<(String, Loc)>,
    pub is_abstract: bool,
    /// The start tag.
    pub tag: Loc,
    pub props: Vec<Prop>,
    /// Values of `<constructor-arg>` (only followed for references).
    pub args: Vec<Value>,
    /// Defined inside a property or collection (not in the bean namespace).
    pub inline: bool,
    pub kind: Kind,
    /// `init-method`, else the file's `default-init-method` (RUNTIME-SEMANTICS.md 5.7, 4.14: `TableRule.init`
    /// and, in the zone-aware loader, `AppRule.init` run only through it).
    pub init_method: Option<String>,
}

impl Bean {
    pub fn id(&self) -> Option<&str> {
        self.id.as_ref().map(|(s, _)| s.as_str())
    }

    /// The place to report the bean at: its id, else its start tag.
    pub fn at(&self) -> &Loc {
        self.id.as_ref().map_or(&self.tag, |(_, l)| l)
    }
}

/// Collects the beans of `doc` (a `<beans>` document of file `file`) into `out`; returns the top-level ids.
pub fn collect(doc: &Doc, src: &str, file: FileId, out: &mut Vec<Bean>) -> Vec<BeanId> {
    let mut top = Vec::new();
    let Some(root) = doc.root() else { return top };
    let first = out.len();
    for e in doc.children(root) {
        if e.local() == "bean" {
            top.push(bean(doc, src, file, e, false, out, 0));
        }
    }
    if let Some(default) = root.attr("default-init-method").map(|a| a.value.trim().to_string()) {
        for b in out[first..].iter_mut().filter(|b| b.init_method.is_none()) {
            b.init_method = Some(default.clone());
        }
    }
    top
}

/// Collects every `<bean>` of `doc`, wherever it is nested (in the root, in nested `<beans>` profiles, in
/// other namespaces' elements), into `out`; returns the outermost ones. Inline beans of values are collected
/// with their owner, as [`collect`] does. For documents read leniently: walks with its own stack.
pub fn collect_all(doc: &Doc, src: &str, file: FileId, out: &mut Vec<Bean>) -> Vec<BeanId> {
    let mut top = Vec::new();
    let Some(root) = doc.root() else { return top };
    let mut todo = vec![root];
    while let Some(e) = todo.pop() {
        if e.local() == "bean" {
            top.push(bean(doc, src, file, e, false, out, 0));
            continue;
        }
        // Children in reverse so that they are taken in document order.
        let at = todo.len();
        todo.extend(doc.children(e));
        todo[at..].reverse();
    }
    top
}

/// The bean and its `parent=` ancestors, nearest first; `find` names the bean a parent id means for a bean
/// (the file's last top-level bean of that id, or the repository's). Cycles and chains past 64 are cut.
pub fn chain(beans: &[Bean], b: BeanId, find: impl Fn(&str, &Bean) -> Option<BeanId>) -> Vec<BeanId> {
    let mut out = vec![b];
    let mut seen = HashSet::from([b]);
    let mut cur = b;
    while let Some((parent, _)) = &beans[cur].parent {
        let Some(next) = find(parent, &beans[cur]) else { break };
        if !seen.insert(next) || out.len() > 64 {
            break;
        }
        out.push(next);
        cur = next;
    }
    out
}

/// A string property through a [`chain`] (the nearest definition wins); a non-text value gives `""`.
pub fn setting(beans: &[Bean], chain: &[BeanId], name: &str) -> Option<(String, Loc)> {
    chain.iter().find_map(|&c| {
        let p = beans[c].props.iter().rev().find(|p| p.name == name)?;
        match &p.value {
            Value::Text { text, loc } => Some((text.trim().to_string(), loc.clone())),
            other => Some((String::new(), other.loc().clone())),
        }
    })
}

/// The class of a bean through its [`chain`]: the nearest `class=`.
pub fn class_of<'b>(beans: &'b [Bean], chain: &[BeanId]) -> Option<&'b str> {
    chain.iter().find_map(|&c| beans[c].class.as_ref().map(|(class, _)| class.as_str()))
}

/// Whether `class` (qualified or not) is the class named `simple`.
pub fn is_class(class: &str, simple: &str) -> bool {
    class.rsplit('.').next() == Some(simple)
}

/// Every text of a value, in document order: the value itself, or the items of a list (nested lists too),
/// or the values of a map's entries.
pub fn texts(v: &Value) -> Vec<&str> {
    let mut out = Vec::new();
    walk(v, &mut |v| {
        if let Value::Text { text, .. } = v {
            out.push(text.as_str());
        }
    });
    out
}

/// Every bean a value refers to, in document order: `ref`s by id and inline beans by place.
pub fn refs(v: &Value) -> Vec<Target<'_>> {
    let mut out = Vec::new();
    walk(v, &mut |v| match v {
        Value::Ref { bean, .. } => out.push(Target::Id(bean.as_str())),
        Value::Bean { bean, .. } => out.push(Target::Inline(*bean)),
        _ => {}
    });
    out
}

/// What a reference names: a bean id, or an inline bean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target<'a> {
    Id(&'a str),
    Inline(BeanId),
}

/// Visits `v` and the values inside it, in document order, with an explicit stack.
fn walk<'v>(v: &'v Value, visit: &mut impl FnMut(&'v Value)) {
    let mut todo = vec![v];
    while let Some(v) = todo.pop() {
        visit(v);
        let at = todo.len();
        match v {
            Value::List { items, .. } => todo.extend(items.iter()),
            Value::Map { entries, .. } => todo.extend(entries.iter().map(|e| &e.value)),
            _ => {}
        }
        todo[at..].reverse();
    }
}

/// The beans of a repository by id: the last bean (in the order given) of each id or `name=` alias wins, as
/// a later definition overrides an earlier one in one Spring context.
#[derive(Debug, Default)]
pub struct Index {
    by_id: HashMap<String, BeanId>,
}

impl Index {
    pub fn new(beans: &[Bean]) -> Index {
        let by_id = beans.iter().enumerate().filter_map(|(i, b)| b.id().map(|id| (id.to_string(), i))).collect();
        Index { by_id }
    }

    pub fn get(&self, id: &str) -> Option<BeanId> {
        self.by_id.get(id).copied()
    }

    /// The bean a reference names.
    pub fn resolve(&self, target: Target<'_>) -> Option<BeanId> {
        match target {
            Target::Id(id) => self.get(id.trim()),
            Target::Inline(b) => Some(b),
        }
    }

    /// The bean's `parent=` chain, parents looked up by id in the whole index.
    pub fn chain(&self, beans: &[Bean], b: BeanId) -> Vec<BeanId> {
        chain(beans, b, |parent, _| self.get(parent.trim()))
    }
}

fn loc(file: FileId, range: Range<usize>) -> Loc {
    Loc { file, range }
}

fn bean(doc: &Doc, src: &str, file: FileId, e: &Elem, inline: bool, out: &mut Vec<Bean>, depth: usize) -> BeanId {
    let attr = |n: &str| e.attr(n).map(|a| (a.value.trim().to_string(), loc(file, a.value_range.clone())));
    // `name=` gives aliases; the first one serves as the id when there is no `id`.
    let id = attr("id").or_else(|| {
        e.attr("name").map(|a| {
            let first = a.value.split([',', ';', ' ']).find(|s| !s.is_empty()).unwrap_or("").to_string();
            (first, loc(file, a.value_range.clone()))
        })
    });
    let class = attr("class");
    let kind = class.as_ref().map_or(Kind::Other, |(c, _)| Kind::of_class(c));
    let at = out.len();
    out.push(Bean {
        file,
        id,
        class,
        parent: attr("parent"),
        is_abstract: e.attr("abstract").is_some_and(|a| a.value.trim() == "true"),
        tag: loc(file, e.tag.clone()),
        props: Vec::new(),
        args: Vec::new(),
        inline,
        kind,
        init_method: e.attr("init-method").map(|a| a.value.trim().to_string()).filter(|m| !m.is_empty()),
    });
    let mut props = Vec::new();
    let mut args = Vec::new();
    for c in doc.children(e) {
        match c.local() {
            "property" => {
                let Some(name) = c.attr("name") else { continue };
                let value = element_value(doc, src, file, c, out, depth + 1);
                props.push(Prop {
                    name: name.value.trim().to_string(),
                    loc: loc(file, name.value_range.clone()),
                    value,
                });
            }
            "constructor-arg" => args.push(element_value(doc, src, file, c, out, depth + 1)),
            _ => {}
        }
    }
    out[at].props = props;
    out[at].args = args;
    at
}

/// The value of a `<property>`, `<constructor-arg>` or `<entry>`: its `value`/`ref` attribute or its child.
fn element_value(doc: &Doc, src: &str, file: FileId, e: &Elem, out: &mut Vec<Bean>, depth: usize) -> Value {
    if let Some(a) = e.attr("value") {
        return Value::Text { text: a.value.clone(), loc: loc(file, a.value_range.clone()) };
    }
    for name in ["ref", "value-ref"] {
        if let Some(a) = e.attr(name) {
            return Value::Ref { bean: a.value.trim().to_string(), loc: loc(file, a.value_range.clone()) };
        }
    }
    match doc.children(e).find(|c| !matches!(c.local(), "description" | "key" | "meta")) {
        Some(c) => value(doc, src, file, c, out, depth),
        None => Value::Other { loc: loc(file, e.tag.clone()) },
    }
}

fn value(doc: &Doc, src: &str, file: FileId, e: &Elem, out: &mut Vec<Bean>, depth: usize) -> Value {
    let here = loc(file, e.tag.clone());
    if depth > MAX_DEPTH {
        return Value::Other { loc: here };
    }
    match e.local() {
        "value" | "idref" => {
            let text = if e.local() == "idref" {
                e.attr("bean").or_else(|| e.attr("local")).map(|a| a.value.clone()).unwrap_or_default()
            } else {
                e.text.trim().to_string()
            };
            Value::Text { text, loc: loc(file, e.text_range(src)) }
        }
        "ref" => match e.attr("bean").or_else(|| e.attr("local")).or_else(|| e.attr("parent")) {
            Some(a) => Value::Ref { bean: a.value.trim().to_string(), loc: loc(file, a.value_range.clone()) },
            None => Value::Other { loc: here },
        },
        "null" => Value::Null { loc: here },
        "bean" => Value::Bean { bean: bean(doc, src, file, e, true, out, depth + 1), loc: here },
        "list" | "set" | "array" => {
            let items = doc
                .children(e)
                .filter(|c| c.local() != "description")
                .map(|c| value(doc, src, file, c, out, depth + 1))
                .collect();
            Value::List { items, loc: here }
        }
        "map" | "props" => {
            let mut entries = Vec::new();
            for c in doc.children(e) {
                if !matches!(c.local(), "entry" | "prop") {
                    continue;
                }
                let (raw_key, key_loc) = match c.attr("key").or_else(|| c.attr("key-ref")) {
                    Some(a) => (a.value.clone(), loc(file, a.value_range.clone())),
                    None => match doc.children(c).find(|k| k.local() == "key") {
                        Some(k) => match doc.children(k).next() {
                            Some(v) => (v.text.clone(), loc(file, v.text_range(src))),
                            None => (k.text.clone(), loc(file, k.text_range(src))),
                        },
                        None => (String::new(), loc(file, c.tag.clone())),
                    },
                };
                let value = if c.local() == "prop" {
                    Value::Text { text: c.text.trim().to_string(), loc: loc(file, c.text_range(src)) }
                } else {
                    element_value(doc, src, file, c, out, depth + 1)
                };
                entries.push(Entry { key: raw_key.trim().to_string(), raw_key, key_loc, value });
            }
            Value::Map { entries, loc: here }
        }
        _ => Value::Other { loc: here },
    }
}
