//! The one parse of a Java file, shared by every rule through `FileCtx::parsed`, and the one walk that hands
//! each node to the rules that asked for its kind.
//!
//! tree-sitter gives a tree for any input, with `ERROR` and missing nodes where the text does not parse. The
//! walk never enters an `ERROR` node, and a node whose subtree holds one is handed to no rule (its children
//! that parsed still are): a rule that judges a class by what it lacks (no `hashCode`, no `default`) cannot be
//! fooled by a member the parser lost. JV000 says once per file where the first error is.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use precheck_core::text::LineIndex;
use precheck_core::{FileCtx, Finding, RuleMeta, Sink};
use tree_sitter::{Language, Node, Parser, Tree};

use crate::config::Settings;
use crate::hollow::{self, Compiled};
use crate::rules::{self, Run};

/// A file's parse: the tree, or none when tree-sitter gave up (it does not on any input we feed it, but the
/// API says it may).
pub struct Parsed {
    pub tree: Option<Tree>,
}

thread_local! {
    /// One parser per worker thread: a parser holds allocations worth keeping between files.
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

/// The Java grammar.
pub fn language() -> Language {
    tree_sitter_java::LANGUAGE.into()
}

/// Parses `text` on this thread's parser.
pub fn parse(text: &str) -> Option<Tree> {
    parse_ranges(text, &[])
}

/// Parses the `included` ranges of `text` (all of it when empty) on this thread's parser; positions are those
/// of `text`.
pub fn parse_ranges(text: &str, included: &[tree_sitter::Range]) -> Option<Tree> {
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let mut parser = Parser::new();
            parser.set_language(&language()).ok()?;
            *slot = Some(parser);
        }
        let parser = slot.as_mut()?;
        if included.is_empty() {
            return parser.parse(text, None);
        }
        if parser.set_included_ranges(included).is_err() {
            return parser.parse(text, None);
        }
        let tree = parser.parse(text, None);
        // The parser is reused for the next file, which is parsed whole unless told otherwise.
        let _ = parser.set_included_ranges(&[]);
        tree
    })
}

/// The parse of `cx`'s file for the rules run on it: the bodies in `left_out` are parsed as `{}`, and the
/// `comments` between members and the `imports` are left out with them ([`crate::hollow`]). When what is left
/// does not parse, or a range is not what the scan took it for, the whole file is parsed, so that JV000 and the
/// rules see every error where it is.
pub fn parsed(
    cx: &FileCtx<'_>,
    left_out: &[Range<usize>],
    comments: &[Range<usize>],
    imports: &[Range<usize>],
) -> Arc<Parsed> {
    cx.parsed(|| Parsed { tree: parse_hollowed(cx.text(), left_out, comments, imports) })
}

/// `text` parsed with the bodies in `left_out` as `{}` and the `comments` and `imports` left out with them;
/// parsed whole when what is left does not parse or a range is not what the scan took it for (see [`parsed`]).
pub fn parse_hollowed(
    text: &str,
    left_out: &[Range<usize>],
    comments: &[Range<usize>],
    imports: &[Range<usize>],
) -> Option<Tree> {
    if !left_out.is_empty() || !imports.is_empty() {
        let mut all: Vec<Range<usize>> = left_out.iter().chain(comments).chain(imports).cloned().collect();
        all.sort_by_key(|r| r.start);
        let included = hollow::included(text.as_bytes(), &all);
        if let Some(tree) = parse_ranges(text, &included)
            && !tree.root_node().has_error()
            && left_out.iter().all(|r| is_member_body(tree.root_node(), r))
            && comments.iter().all(|r| is_comment_range(text, r))
            && imports.iter().all(|r| is_imports_range(text, r))
        {
            return Some(tree);
        }
    }
    parse(text)
}

/// Kinds between a member's body and the file: a body left out must be one of a named type's members, not a
/// block inside another body or an anonymous class, whatever the scan thought ([`crate::hollow`]).
const MEMBER_PATH: &[&str] = &[
    "method_declaration",
    "constructor_declaration",
    "compact_constructor_declaration",
    "static_initializer",
    "class_body",
    "interface_body",
    "enum_body",
    "enum_body_declarations",
    "annotation_type_body",
    "class_declaration",
    "interface_declaration",
    "enum_declaration",
    "record_declaration",
    "annotation_type_declaration",
    "program",
];

/// Whether `range` of `text` is a whole comment (`//…` or `/*…*/`): what the scan leaves out besides bodies.
fn is_comment_range(text: &str, range: &Range<usize>) -> bool {
    text.get(range.clone()).is_some_and(|c| c.starts_with("//") || (c.starts_with("/*") && c.ends_with("*/")))
}

/// Whether `range` of `text` is `import` declarations (`import …;`, perhaps several).
fn is_imports_range(text: &str, range: &Range<usize>) -> bool {
    text.get(range.clone()).is_some_and(|c| c.starts_with("import") && c.ends_with(';'))
}

/// Whether the inside of `{` … `}` at `range` is, in the tree, the body of a member of a named type.
pub(crate) fn is_member_body(root: Node<'_>, range: &Range<usize>) -> bool {
    let (Some(open), Some(close)) = (range.start.checked_sub(1), range.end.checked_add(1)) else { return false };
    let Some(body) = root.descendant_for_byte_range(open, close) else { return false };
    if body.start_byte() != open || body.end_byte() != close || !matches!(body.kind(), "block" | "constructor_body") {
        return false;
    }
    let mut at = body.parent();
    while let Some(n) = at {
        if !MEMBER_PATH.contains(&n.kind()) {
            return false;
        }
        at = n.parent();
    }
    true
}

/// What a rule sees of the file besides the node it is handed.
pub struct Cx<'a> {
    pub path: &'a Arc<str>,
    pub lines: &'a LineIndex,
    pub text: &'a str,
    pub settings: &'a Settings,
    /// Whether the file is test code: under a `src/test/` (Maven's layout) or `test/` folder.
    pub is_test: bool,
    /// The run's repository, for the few rules that read a type declared in another file (JV002, JV003).
    pub repo: Option<&'a precheck_core::RepoCtx<'a>>,
}

impl<'a> Cx<'a> {
    /// The source text of `node`.
    pub fn text(&self, node: Node<'_>) -> &'a str {
        self.text.get(node.byte_range()).unwrap_or("")
    }

    /// Reports `rule` over `range` of the file with `message` and `help`.
    pub fn report(&self, out: &mut Sink, rule: &'static RuleMeta, range: Range<usize>, message: String, help: &str) {
        out.emit(rule, || {
            let finding = Finding::new(rule, self.lines.span(self.path, self.text, range), message);
            if help.is_empty() { finding } else { finding.with_help(help) }
        });
    }
}

/// For each node kind id, the indices into [`rules::DISPATCH`] of the rules that want it.
fn table() -> &'static [Vec<u16>] {
    static TABLE: OnceLock<Vec<Vec<u16>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let lang = language();
        let count = lang.node_kind_count();
        let mut table = vec![Vec::new(); count];
        for (i, (_, run)) in rules::DISPATCH.iter().enumerate() {
            let Run::Node(kinds, _) = run else { continue };
            // A kind may have several ids (aliases, the same name in two places of the grammar): take them all.
            for (id, slot) in table.iter_mut().enumerate() {
                let id = u16::try_from(id).unwrap_or(u16::MAX);
                if lang.node_kind_is_named(id) && lang.node_kind_for_id(id).is_some_and(|k| kinds.contains(&k)) {
                    slot.push(u16::try_from(i).unwrap_or(u16::MAX));
                }
            }
        }
        table
    })
}

/// Whether `path` is test code by the usual layouts.
fn is_test_path(path: &str) -> bool {
    path.contains("src/test/") || path.starts_with("test/") || path.contains("/test/java/")
}

/// For each rule of [`rules::DISPATCH`], its anchors ([`hollow::anchors`]) as masks, or `None` when it has none.
fn compiled() -> &'static [Option<Compiled>] {
    static COMPILED: OnceLock<Vec<Option<Compiled>>> = OnceLock::new();
    COMPILED.get_or_init(|| {
        let words = hollow::words();
        rules::DISPATCH.iter().map(|(rule, _)| hollow::anchors(rule.code).map(|a| words.compile(&a))).collect()
    })
}

/// Whether the file's text holds what the configuration makes a rule need, beyond its anchors: JV014 reports an
/// import named in `[java] banned-logging-imports` exactly, so without one of those names in the text it has
/// nothing to say, and the imports (which only it and JV005 read) are left out of the parse.
fn met_by_config(cx: &Cx<'_>, rule: usize) -> bool {
    match rules::DISPATCH.get(rule) {
        Some((r, _)) if r.code == "JV014" => cx
            .settings
            .config
            .banned_logging_imports
            .iter()
            .any(|b| memchr::memmem::find(cx.text.as_bytes(), b.as_bytes()).is_some()),
        _ => true,
    }
}

/// Runs every enabled Java file rule on `cx`'s file.
pub fn check(file: &FileCtx<'_>, settings: &Settings, out: &mut Sink) {
    let cx = Cx {
        path: file.path(),
        lines: file.lines(),
        text: file.text(),
        settings,
        is_test: is_test_path(file.path()),
        repo: file.repo(),
    };
    let enabled: Vec<bool> = rules::DISPATCH.iter().map(|(rule, _)| out.enabled(rule)).collect();
    for (i, (_, run)) in rules::DISPATCH.iter().enumerate() {
        if let (Run::Text(f), true) = (run, enabled[i]) {
            f(&cx, out);
        }
    }
    let is_node = |i: usize| matches!(rules::DISPATCH.get(i), Some((_, Run::Node(..))));
    let syntax = out.enabled(&rules::jv000_syntax_error::RULE);
    let any_node = (0..enabled.len()).any(|i| enabled[i] && is_node(i));
    if !any_node && !syntax {
        return;
    }
    // Which rules can find anything in this file, and which bodies none of them reads (crate::hollow). With
    // JV000 alone nothing is left out: the syntax is then what was asked about.
    let compiled = compiled();
    let scan = if any_node && hollow::ENABLED.load(std::sync::atomic::Ordering::Relaxed) {
        hollow::scan(file.text().as_bytes(), hollow::words())
    } else {
        None
    };
    let live: Vec<bool> = (0..enabled.len())
        .map(|i| {
            enabled[i]
                && match (compiled.get(i).and_then(Option::as_ref), &scan) {
                    (Some(c), Some(s)) => c.met_file(s.file) && met_by_config(&cx, i),
                    _ => true,
                }
        })
        .collect();
    let any_live = (0..live.len()).any(|i| live[i] && is_node(i));
    // A file none of the enabled rules can report in is not parsed at all: JV000, like the rules, says nothing
    // about a part no rule reads (crate::hollow). Without the scan (JV000 alone, or a file the scan cannot
    // follow) it is parsed whole.
    if !any_live && (!syntax || scan.is_some()) {
        return;
    }
    let mut left_out: Vec<Range<usize>> = Vec::new();
    // Whether every rule run on the node tree has anchors and none of them `reads` (a property of its code).
    let anchored_and_none = |reads: fn(&str) -> bool| {
        (0..live.len()).all(|i| {
            !live[i]
                || !is_node(i)
                || (compiled.get(i).is_some_and(Option::is_some)
                    && !reads(rules::DISPATCH.get(i).map_or("", |(r, _)| r.code)))
        })
    };
    if let Some(scan) = &scan
        && anchored_and_none(hollow::reads_every_body)
    {
        for (range, found) in &scan.bodies {
            // A short body costs the parse less than the range switch.
            let read = (0..live.len()).any(|i| {
                live[i]
                    && is_node(i)
                    && compiled.get(i).and_then(Option::as_ref).is_some_and(|c| c.met_body(*found, scan.skeleton))
            });
            if !read && range.len() >= 16 {
                left_out.push(range.clone());
            }
        }
    }
    // With bodies left out, the comments between members go too (alone, they are not worth the ranges).
    let comments = match &scan {
        Some(scan) if !left_out.is_empty() => scan.comments.as_slice(),
        _ => &[],
    };
    // The imports go whenever no rule run on the file reads them (JV005, JV014).
    let imports = match &scan {
        Some(scan) if anchored_and_none(hollow::reads_imports) => scan.imports.as_slice(),
        _ => &[],
    };
    let parsed = parsed(file, &left_out, comments, imports);
    let Some(tree) = parsed.tree.as_ref() else { return };
    let root = tree.root_node();
    if root.has_error() && syntax {
        rules::jv000_syntax_error::check(&cx, root, out);
    }
    if !any_live {
        return;
    }
    let enabled = live;
    // A rule is not handed a node in a kept body (kept for another rule) that lacks its anchors either.
    let no_body: &[(Range<usize>, hollow::Bits)] = &[];
    let (bodies, skeleton) = scan.as_ref().map_or((no_body, 0), |s| (s.bodies.as_slice(), s.skeleton));
    let body_of = |at: usize| {
        let k = bodies.partition_point(|(r, _)| r.start <= at);
        k.checked_sub(1).and_then(|k| bodies.get(k)).filter(|(r, _)| r.contains(&at)).map(|(_, found)| *found)
    };
    let table = table();
    let mut cursor = tree.walk();
    loop {
        let node = cursor.node();
        if !(node.is_error() || node.is_missing()) {
            if !node.has_error()
                && let Some(wanted) = table.get(usize::from(node.kind_id()))
            {
                let mut body = None;
                for &i in wanted {
                    let i = usize::from(i);
                    if !enabled[i] {
                        continue;
                    }
                    if let Some(c) = compiled.get(i).and_then(Option::as_ref) {
                        let found = *body.get_or_insert_with(|| body_of(node.start_byte()));
                        if found.is_some_and(|found| !c.met_body(found, skeleton)) {
                            continue;
                        }
                    }
                    if let Some((_, Run::Node(_, f))) = rules::DISPATCH.get(i) {
                        f(&cx, node, out);
                    }
                }
            }
            if cursor.goto_first_child() {
                continue;
            }
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

// ---- helpers the rules share -------------------------------------------------------------------------------

/// The named children of `node`.
pub fn named_children<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).collect()
}

/// The `modifiers` child of a declaration.
pub fn modifiers<'t>(node: Node<'t>) -> Option<Node<'t>> {
    let mut cursor = node.walk();
    node.children(&mut cursor).find(|c| c.kind() == "modifiers")
}

/// Whether a declaration has the keyword modifier `word` (`static`, `final`, `abstract`, …).
pub fn has_modifier(node: Node<'_>, word: &str) -> bool {
    modifiers(node).is_some_and(|m| {
        let mut cursor = m.walk();
        m.children(&mut cursor).any(|c| c.kind() == word)
    })
}

/// The simple names of a declaration's annotations (`Transactional` for `@org.x.Transactional(...)`).
pub fn annotation_names<'a>(cx: &Cx<'a>, node: Node<'_>) -> Vec<(&'a str, Range<usize>)> {
    let Some(m) = modifiers(node) else { return Vec::new() };
    let mut found = Vec::new();
    let mut cursor = m.walk();
    for c in m.children(&mut cursor) {
        if matches!(c.kind(), "annotation" | "marker_annotation")
            && let Some(name) = c.child_by_field_name("name")
        {
            let full = cx.text(name);
            let simple = full.rsplit('.').next().unwrap_or(full);
            found.push((simple, c.byte_range()));
        }
    }
    found
}

/// Whether a declaration carries an annotation of simple name `name`.
pub fn has_annotation(cx: &Cx<'_>, node: Node<'_>, name: &str) -> bool {
    annotation_names(cx, node).iter().any(|(n, ..)| *n == name)
}

/// The nearest ancestor of `node` whose kind is one of `kinds`.
pub fn ancestor<'t>(node: Node<'t>, kinds: &[&str]) -> Option<Node<'t>> {
    let mut at = node.parent();
    while let Some(n) = at {
        if kinds.contains(&n.kind()) {
            return Some(n);
        }
        at = n.parent();
    }
    None
}

/// Kinds that declare a type.
pub const TYPE_DECLS: &[&str] = &[
    "class_declaration",
    "interface_declaration",
    "enum_declaration",
    "record_declaration",
    "annotation_type_declaration",
];

/// Kinds that hold code run when called.
pub const BODIES: &[&str] = &[
    "method_declaration",
    "constructor_declaration",
    "lambda_expression",
    "static_initializer",
    "compact_constructor_declaration",
];

/// The name of the type `node` is declared in (its nearest type declaration).
pub fn enclosing_type_name<'a>(cx: &Cx<'a>, node: Node<'_>) -> Option<&'a str> {
    ancestor(node, TYPE_DECLS).and_then(|t| t.child_by_field_name("name")).map(|n| cx.text(n))
}

/// A call's receiver and method name (`Thread.sleep(…)`: `Thread`, `sleep`); `None` for an unqualified call.
pub fn qualified_call(node: Node<'_>) -> Option<(Node<'_>, Node<'_>)> {
    Some((node.child_by_field_name("object")?, node.child_by_field_name("name")?))
}

/// The name of the class a field declaration belongs to, when that class is a POJO by the `[java]` suffixes
/// (JV026, JV039, JV040); `None` for a field of an interface, enum or record, or of another class.
pub fn pojo_of_field<'a>(cx: &Cx<'a>, field: Node<'_>) -> Option<&'a str> {
    let class = field.parent().and_then(|b| b.parent()).filter(|c| c.kind() == "class_declaration")?;
    let name = class.child_by_field_name("name").map_or("", |n| cx.text(n));
    cx.settings.is_pojo(name).then_some(name)
}

/// Whether `node` is in test code: a test source folder, or a class with `@Test` methods.
pub fn in_test(cx: &Cx<'_>, node: Node<'_>) -> bool {
    cx.is_test || ancestor(node, &["class_declaration"]).is_some_and(|c| class_has_test_methods(cx, c))
}

/// Whether `node` is inside a `static … main(…)` method: a command-line program, where printing and exiting
/// are the program's job (JV013, JV028).
pub fn in_static_main(cx: &Cx<'_>, node: Node<'_>) -> bool {
    ancestor(node, &["method_declaration"]).is_some_and(|m| {
        m.child_by_field_name("name").is_some_and(|n| cx.text(n) == "main") && has_modifier(m, "static")
    })
}

/// Whether a class declares a method annotated `@Test` (JUnit 4/5, TestNG).
pub fn class_has_test_methods(cx: &Cx<'_>, class: Node<'_>) -> bool {
    let Some(body) = class.child_by_field_name("body") else { return false };
    let mut cursor = body.walk();
    body.named_children(&mut cursor).any(|m| {
        m.kind() == "method_declaration"
            && annotation_names(cx, m).iter().any(|(n, ..)| matches!(*n, "Test" | "ParameterizedTest" | "RepeatedTest"))
    })
}

/// The declared type (as written, generics included) of the variable `name` visible at `at`: a local or a
/// parameter of the enclosing bodies, else a field of the enclosing types. Syntax only: a name declared in a
/// sibling block is found too, which is why callers use it only to decide that something is of a type.
pub fn declared_type<'a>(cx: &Cx<'a>, at: Node<'_>, name: &str) -> Option<&'a str> {
    let kinds = decl_kinds();
    let mut scope = at.parent();
    while let Some(s) = scope {
        match kinds.get(usize::from(s.kind_id())) {
            Some(Decl::Body | Decl::Lambda) => {
                if let Some(t) = find_declaration(cx, s, name, false) {
                    return Some(t);
                }
            }
            Some(Decl::Type) => {
                if let Some(t) = find_declaration(cx, s, name, true) {
                    return Some(t);
                }
            }
            _ => {}
        }
        scope = s.parent();
    }
    None
}

/// What a node kind is to [`find_declaration`], by kind id: `kind()` goes through a C string each time, and the
/// search visits every node of a body once per look-up (JV002 looks up both sides of every `==`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Decl {
    /// A kind of [`BODIES`] but a lambda: a scope searched whole.
    Body,
    /// A lambda: a scope, not entered from outside.
    Lambda,
    /// A kind of [`TYPE_DECLS`]: a scope whose fields are searched; not entered from a body.
    Type,
    /// `class_body` (an anonymous class): not entered.
    ClassBody,
    /// Declares variables with declarators (`local_variable_declaration`, `field_declaration`, …).
    Variables,
    /// Declares one variable with a `name` field (`formal_parameter`, `catch_formal_parameter`, a for-each).
    Named,
    /// A statement or expression that declares nothing inside unless it holds a `switch` expression (whose
    /// blocks may), or a lambda or anonymous class (never entered).
    Expression,
    Other,
}

fn decl_kinds() -> &'static [Decl] {
    static KINDS: OnceLock<Vec<Decl>> = OnceLock::new();
    KINDS.get_or_init(|| {
        let lang = language();
        (0..lang.node_kind_count())
            .map(|id| {
                let id = u16::try_from(id).unwrap_or(u16::MAX);
                let Some(kind) = lang.node_kind_for_id(id).filter(|_| lang.node_kind_is_named(id)) else {
                    return Decl::Other;
                };
                match kind {
                    "lambda_expression" => Decl::Lambda,
                    k if BODIES.contains(&k) => Decl::Body,
                    k if TYPE_DECLS.contains(&k) => Decl::Type,
                    "class_body" => Decl::ClassBody,
                    "local_variable_declaration" | "field_declaration" | "constant_declaration" => Decl::Variables,
                    "formal_parameter" | "catch_formal_parameter" | "enhanced_for_statement" => Decl::Named,
                    "expression_statement" | "return_statement" | "throw_statement" | "parenthesized_expression" => {
                        Decl::Expression
                    }
                    _ => Decl::Other,
                }
            })
            .collect()
    })
}

fn decl_of(n: Node<'_>) -> Decl {
    decl_kinds().get(usize::from(n.kind_id())).copied().unwrap_or(Decl::Other)
}

/// Searches `scope` (a body, or a type's direct fields when `fields_only`) for a declaration of `name`.
fn find_declaration<'a>(cx: &Cx<'a>, scope: Node<'_>, name: &str, fields_only: bool) -> Option<&'a str> {
    if fields_only {
        let body = scope.child_by_field_name("body")?;
        let mut members = named_children(body);
        if let Some(decls) = members.iter().find(|m| m.kind() == "enum_body_declarations").copied() {
            members.extend(named_children(decls));
        }
        return members.into_iter().find_map(|n| declares(cx, n, name, true)).flatten();
    }
    // Without a `switch` in the scope's text, no expression holds a block, so a declaration is never inside one.
    let switch = memchr::memmem::find(cx.text.get(scope.byte_range()).unwrap_or("").as_bytes(), b"switch").is_some();
    // What `descendants(scope, true)` lists, in its order, without collecting it.
    let mut cursor = scope.walk();
    if cursor.goto_first_child() {
        'walk: loop {
            let n = cursor.node();
            let mut enter = false;
            if n.is_named() {
                if let Some(found) = declares(cx, n, name, false) {
                    return found;
                }
                enter = match decl_of(n) {
                    Decl::Lambda | Decl::Type | Decl::ClassBody => false,
                    Decl::Variables | Decl::Expression => switch,
                    _ => true,
                };
            }
            if enter && cursor.goto_first_child() {
                continue;
            }
            loop {
                if cursor.goto_next_sibling() {
                    continue 'walk;
                }
                if !cursor.goto_parent() || cursor.node() == scope {
                    break 'walk;
                }
            }
        }
    }
    let params = scope.child_by_field_name("parameters")?;
    named_children(params).into_iter().find_map(|n| declares(cx, n, name, false)).flatten()
}

/// Whether `n` declares `name`: `Some` with its type as written (`Some(None)` for a parameter without one),
/// `None` when it does not.
fn declares<'a>(cx: &Cx<'a>, n: Node<'_>, name: &str, fields_only: bool) -> Option<Option<&'a str>> {
    match decl_of(n) {
        Decl::Variables => {
            let ty = n.child_by_field_name("type")?;
            let mut cursor = n.walk();
            let hit = n
                .children_by_field_name("declarator", &mut cursor)
                .any(|d| d.child_by_field_name("name").is_some_and(|x| cx.text(x) == name));
            hit.then(|| Some(cx.text(ty)))
        }
        Decl::Named if !fields_only && n.child_by_field_name("name").is_some_and(|x| cx.text(x) == name) => {
            Some(n.child_by_field_name("type").map(|t| cx.text(t)))
        }
        _ => None,
    }
}

/// Whether `name` looks like a constant (`MAX_SIZE`, `ORDER`): upper-case letters, digits and `_`.
pub fn is_constant_name(name: &str) -> bool {
    name.chars().any(|c| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// The last segment of a dotted name (`Executors` for `java.util.concurrent.Executors`).
pub fn simple(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

/// A type as written without its generic arguments and annotations (`List` for `List<String>`).
pub fn erased(ty: &str) -> &str {
    let ty = ty.split('<').next().unwrap_or(ty).trim();
    simple(ty.rsplit(' ').next().unwrap_or(ty))
}

/// The statements that follow `node` in its block, in order.
pub fn following_siblings<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    let mut at = node.next_named_sibling();
    while let Some(n) = at {
        if !matches!(n.kind(), "line_comment" | "block_comment") {
            out.push(n);
        }
        at = n.next_named_sibling();
    }
    out
}

/// Every descendant of `node` (pre-order, iterative), not entering nested type declarations and lambdas
/// when `same_body`.
pub fn descendants<'t>(node: Node<'t>, same_body: bool) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n != node {
            out.push(n);
            if same_body
                && (TYPE_DECLS.contains(&n.kind()) || n.kind() == "lambda_expression" || n.kind() == "class_body")
            {
                continue;
            }
        }
        let mut cursor = n.walk();
        let kids: Vec<Node<'t>> = n.named_children(&mut cursor).collect();
        stack.extend(kids.into_iter().rev());
    }
    out
}
