//! The declared types of members (getters and fields) of the repository's own classes, for the rules that ask
//! what a value is (JV002 boxed `==`, JV003 `new BigDecimal(double)`).
//!
//! Syntax only: `other.getId()` is typed when `other` is declared (a local, parameter or field) as a class whose
//! source is in this file or in the repository, and that class (or a superclass found the same way, a few
//! levels up) declares `getId()` without parameters, or a field `id` with Lombok's `@Data`/`@Getter`. Another
//! file is found by the class's simple name: the path an explicit import names, else the same folder (the same
//! package), else the one file of that name in the repository. It is read and parsed only when a rule asks, once
//! per run ([`Index`], a run-wide fact), so a run that compares no getters reads no other file.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use tree_sitter::{Node, Parser};

use crate::tree::{self, Cx};

/// How many superclasses a member is looked for in.
const MAX_SUPERS: usize = 4;

/// The declared type of the member `node` reads, when its class is known (see the module doc): a call without
/// arguments (`getId()`, `this.getId()`, `other.getId()`) gives the method's return type, a field access
/// (`other.id`) the field's type.
pub fn member_type<'a>(cx: &Cx<'a>, node: Node<'_>) -> Option<Cow<'a, str>> {
    let (member, is_call) = match node.kind() {
        "method_invocation" => {
            let args = node.child_by_field_name("arguments")?;
            if args.named_child_count() > 0 {
                return None;
            }
            (cx.text(node.child_by_field_name("name")?), true)
        }
        "field_access" => (cx.text(node.child_by_field_name("field")?), false),
        _ => return None,
    };
    let class = match node.child_by_field_name("object") {
        None => tree::ancestor(node, &["class_declaration"])?,
        Some(o) if o.kind() == "this" => tree::ancestor(node, &["class_declaration"])?,
        Some(o) if o.kind() == "identifier" => {
            let ty = tree::erased(tree::declared_type(cx, node, cx.text(o))?);
            match class_named(cx, node, ty) {
                Some(c) => c,
                None => return other_file(cx, ty, member, is_call).map(Cow::Owned),
            }
        }
        Some(_) => return None,
    };
    let members = Members::of(cx.text, class);
    if let Some(t) = members.find(member, is_call) {
        return Some(Cow::Owned(t));
    }
    // Inherited: the superclass named in this file's `extends`, found as any other class.
    let sup = members.superclass.as_deref()?;
    match class_named(cx, node, sup) {
        Some(c) => Members::of(cx.text, c).find(member, is_call).map(Cow::Owned),
        None => other_file(cx, sup, member, is_call).map(Cow::Owned),
    }
}

/// The member's type in the class `name` declared in another file of the repository, following superclasses.
fn other_file(cx: &Cx<'_>, name: &str, member: &str, is_call: bool) -> Option<String> {
    let repo = cx.repo?;
    let index = repo.fact(Index::default);
    let mut from = (cx.path.to_string(), imports(cx.text));
    let mut class = name.to_string();
    for _ in 0..MAX_SUPERS {
        let path = index.locate(repo, &from.0, &from.1, &class)?;
        let members = index.members(repo, &path, &class)?;
        if let Some(t) = members.find(member, is_call) {
            return Some(t);
        }
        class = members.superclass.clone()?;
        from = (path.to_string(), members.imports.clone());
    }
    None
}

/// What a class declares that the rules ask about.
#[derive(Debug, Default)]
pub struct Members {
    /// Fields: name → type as written.
    fields: HashMap<String, String>,
    /// Methods without parameters: name → return type as written.
    methods: HashMap<String, String>,
    /// Whether Lombok writes its getters (`@Data`, `@Value` or `@Getter` on the class).
    lombok_getters: bool,
    /// The simple name of the class it extends.
    superclass: Option<String>,
    /// The imports of its file (for finding the superclass).
    imports: Vec<String>,
}

impl Members {
    fn of(text: &str, class: Node<'_>) -> Members {
        let at = |n: Node<'_>| text.get(n.byte_range()).unwrap_or("").to_string();
        let mut m = Members::default();
        if let Some(modifiers) = tree::modifiers(class) {
            let names: Vec<String> = tree::named_children(modifiers)
                .into_iter()
                .filter_map(|a| a.child_by_field_name("name"))
                .map(|n| tree::simple(&at(n)).to_string())
                .collect();
            m.lombok_getters = names.iter().any(|n| matches!(n.as_str(), "Data" | "Value" | "Getter"));
        }
        m.superclass = class
            .child_by_field_name("superclass")
            .and_then(|s| s.named_child(0))
            .map(|t| tree::erased(&at(t)).to_string());
        let Some(body) = class.child_by_field_name("body") else { return m };
        for member in tree::named_children(body) {
            match member.kind() {
                "method_declaration" => {
                    let no_params =
                        member.child_by_field_name("parameters").is_some_and(|p| p.named_child_count() == 0);
                    if let (true, Some(name), Some(ty)) =
                        (no_params, member.child_by_field_name("name"), member.child_by_field_name("type"))
                    {
                        m.methods.insert(at(name), at(ty));
                    }
                }
                "field_declaration" if !tree::has_modifier(member, "static") => {
                    let Some(ty) = member.child_by_field_name("type") else { continue };
                    let mut cursor = member.walk();
                    for d in member.children_by_field_name("declarator", &mut cursor) {
                        // `long[] ids` and `long ids[]` are arrays: not the element's type.
                        if let (Some(name), None) = (d.child_by_field_name("name"), d.child_by_field_name("dimensions"))
                        {
                            m.fields.insert(at(name), at(ty));
                        }
                    }
                }
                _ => {}
            }
        }
        m
    }

    /// The type of the getter or field `member`; a getter Lombok writes has its field's type.
    fn find(&self, member: &str, is_call: bool) -> Option<String> {
        if !is_call {
            return self.fields.get(member).cloned();
        }
        if let Some(t) = self.methods.get(member) {
            return Some(t.clone());
        }
        if !self.lombok_getters {
            return None;
        }
        let property = member.strip_prefix("get").or_else(|| member.strip_prefix("is"))?;
        let mut chars = property.chars();
        let first = chars.next()?;
        let field = format!("{}{}", first.to_ascii_lowercase(), chars.as_str());
        self.fields.get(&field).cloned()
    }
}

/// The repository's Java files by simple class name, and the members of the classes read so far.
#[derive(Default)]
pub struct Index {
    /// `OrderDO` → every path ending in `/OrderDO.java`.
    by_name: OnceLock<HashMap<String, Vec<Arc<str>>>>,
    /// (path, class) → its members; `None` when the file could not be read or does not declare it.
    read: Mutex<HashMap<ClassKey, Option<Arc<Members>>>>,
}

/// A class by the file that declares it and its simple name.
type ClassKey = (Arc<str>, String);

impl Index {
    /// The file that declares `class` as seen from the file at `from` with `imports`.
    fn locate(
        &self,
        repo: &precheck_core::RepoCtx<'_>,
        from: &str,
        imports: &[String],
        class: &str,
    ) -> Option<Arc<str>> {
        let by_name = self.by_name.get_or_init(|| {
            let mut map: HashMap<String, Vec<Arc<str>>> = HashMap::new();
            for f in repo.source.paths() {
                let path: &str = &f.path;
                if let Some(stem) = path.strip_suffix(".java") {
                    let name = stem.rsplit('/').next().unwrap_or(stem);
                    map.entry(name.to_string()).or_default().push(Arc::clone(&f.path));
                }
            }
            map
        });
        let candidates = by_name.get(class)?;
        // An explicit import names the package: the path ends with it.
        let suffix = format!(".{class}");
        if let Some(import) = imports.iter().find(|i| i.ends_with(&suffix)) {
            let want = format!("/{}.java", import.replace('.', "/"));
            return candidates.iter().find(|p| format!("/{p}").ends_with(&want)).cloned();
        }
        // The same package: the same folder.
        let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
        if let Some(p) = candidates.iter().find(|p| p.rsplit_once('/').map_or("", |(d, _)| d) == dir) {
            return Some(Arc::clone(p));
        }
        // A wildcard import or an unknown package: only a name that is unique in the repository.
        match candidates.as_slice() {
            [one] => Some(Arc::clone(one)),
            _ => None,
        }
    }

    /// The members of `class` in the file at `path`, read and parsed on first ask.
    fn members(&self, repo: &precheck_core::RepoCtx<'_>, path: &Arc<str>, class: &str) -> Option<Arc<Members>> {
        let key = (Arc::clone(path), class.to_string());
        if let Some(known) = self.read.lock().ok()?.get(&key) {
            return known.clone();
        }
        let found = read_members(repo, path, class).map(Arc::new);
        self.read.lock().ok()?.insert(key, found.clone());
        found
    }
}

/// Reads and parses the file at `path` (its own parser: the walk's may be set up for the file being
/// checked) and takes the members of its class `class`.
fn read_members(repo: &precheck_core::RepoCtx<'_>, path: &str, class: &str) -> Option<Members> {
    let bytes = repo.source.read(path).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let mut parser = Parser::new();
    parser.set_language(&tree::language()).ok()?;
    let parsed = parser.parse(text.as_ref(), None)?;
    let root = parsed.root_node();
    let decl = find_class(&text, root, class)?;
    let mut members = Members::of(&text, decl);
    members.imports = imports(&text);
    Some(members)
}

/// The `import` names of a file's text (`com.x.OrderDO`), static and wildcard imports left out.
fn imports(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .take_while(|l| !l.contains(" class ") && !l.starts_with("public ") && !l.starts_with('@'))
        .filter_map(|l| l.strip_prefix("import "))
        .filter(|l| !l.starts_with("static ") && !l.contains('*'))
        .map(|l| l.trim_end_matches(';').trim().to_string())
        .collect()
}

/// The class of simple name `name` declared anywhere in the file of `node`.
pub fn class_named<'t>(cx: &Cx<'_>, node: Node<'t>, name: &str) -> Option<Node<'t>> {
    let mut root = node;
    while let Some(p) = root.parent() {
        root = p;
    }
    find_class(cx.text, root, name)
}

/// The class declaration named `name` under `root` (types are declared at the top and in type bodies).
fn find_class<'t>(text: &str, root: Node<'t>, name: &str) -> Option<Node<'t>> {
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if n.kind() == "class_declaration"
            && n.child_by_field_name("name").is_some_and(|x| text.get(x.byte_range()) == Some(name))
        {
            return Some(n);
        }
        for c in tree::named_children(n) {
            if matches!(
                c.kind(),
                "class_declaration"
                    | "class_body"
                    | "interface_declaration"
                    | "interface_body"
                    | "enum_declaration"
                    | "enum_body"
                    | "enum_body_declarations"
            ) {
                stack.push(c);
            }
        }
    }
    None
}
