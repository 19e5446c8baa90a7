//! The one visitor pass behind every RS rule: it tracks the context a construct sits in (test code,
//! `cfg(debug_assertions)`, clippy `allow`/`expect` of enclosing items, the enclosing function) and turns
//! macro calls, method calls, attributes and `unsafe` into [`Hit`]s for the rules in `rules/rust/`.

use proc_macro2::{Delimiter, Group, LineColumn, TokenStream, TokenTree};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};
use syn::{Attribute, Expr, Meta, Signature, Stmt, Token, Visibility};

use super::Hit;
use crate::config::CodeConfig;
use crate::rules::rust as rs;

/// Lints of clippy's `restriction` group among those mirrored; `pedantic` holds the others.
const PEDANTIC: &[&str] = &["missing_panics_doc", "ignore_without_reason"];

#[derive(Default, Clone)]
struct Scope {
    /// Inside `#[cfg(test)]`.
    cfg_test: bool,
    /// Test code: `#[cfg(test)]` or a `#[test]` function.
    test: bool,
    debug_only: bool,
    /// Clippy lints allowed or expected here (`unwrap_used`, or a group name).
    allowed: Vec<String>,
    /// Always evaluated at compile time (a `const` or `static` item, a `const { … }` block): a panic there is
    /// a compile error, not a run-time one, so clippy's panic and unwrap lints do not apply.
    const_ctx: bool,
}

struct FnScope {
    name: String,
    at: (LineColumn, LineColumn),
    returns_result: bool,
    /// Returns `Option<…>` (clippy's `unwrap_in_result` covers these too).
    returns_option: bool,
    is_pub: bool,
    panics_doc: bool,
    test: bool,
    unwraps: Vec<(LineColumn, LineColumn, String)>,
    panics: Vec<(LineColumn, LineColumn, String)>,
}

struct Visitor<'a> {
    text: &'a str,
    config: &'a CodeConfig,
    path_test: bool,
    build_script: bool,
    main_file: bool,
    exit_imported: bool,
    /// Line start offsets, built on the first `unsafe` (RS018 reads the comment lines above it).
    line_starts: Vec<usize>,
    scopes: Vec<Scope>,
    fns: Vec<FnScope>,
    hits: Vec<Hit>,
    /// Inside an `impl Debug for …`, where `{:?}` is the point (clippy's `use_debug` exempts it).
    in_debug_impl: usize,
    /// Inside a `macro_rules!` arm, whose expansion site (a test module, often) is not known here.
    in_macro_rules: usize,
}

/// Runs every RS rule's visitor logic over a parsed file.
pub fn run(file: &syn::File, text: &str, path: &str, config: &CodeConfig) -> Vec<Hit> {
    let dirs: Vec<&str> = path.split('/').collect();
    let dirs = &dirs[..dirs.len().saturating_sub(1)];
    let path_test = dirs.iter().any(|d| matches!(*d, "tests" | "benches" | "examples"));
    let main_file = path.ends_with("src/main.rs") || path == "main.rs" || path.contains("src/bin/");
    let build_script = path.rsplit('/').next() == Some("build.rs");
    let mut v = Visitor {
        text,
        config,
        path_test,
        build_script,
        main_file,
        exit_imported: false,
        line_starts: Vec::new(),
        scopes: vec![Scope::default()],
        fns: Vec::new(),
        in_debug_impl: 0,
        in_macro_rules: 0,
        hits: Vec::new(),
    };
    v.visit_file(file);
    v.hits
}

fn span_of(s: &impl Spanned) -> (LineColumn, LineColumn) {
    let span = s.span();
    (span.start(), span.end())
}

fn path_name(path: &syn::Path) -> String {
    path.segments.iter().map(|s| s.ident.to_string()).collect::<Vec<_>>().join("::")
}

fn tokens_mention(tokens: &TokenStream, word: &str) -> bool {
    tokens.clone().into_iter().any(|t| match t {
        TokenTree::Ident(i) => i == word,
        TokenTree::Group(g) => tokens_mention(&g.stream(), word),
        _ => false,
    })
}

/// Lint names of an `allow(…)`/`expect(…)` list.
fn lint_list(meta: &Meta) -> Vec<String> {
    let Meta::List(list) = meta else { return Vec::new() };
    let Ok(items) = list.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated) else { return Vec::new() };
    items
        .iter()
        .filter_map(|m| match m {
            Meta::Path(p) => Some(path_name(p)),
            _ => None,
        })
        .collect()
}

fn scope_of(attrs: &[Attribute]) -> Scope {
    let mut scope = Scope::default();
    for attr in attrs {
        let path = attr.path();
        let last = path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
        if path.is_ident("cfg") {
            if let Meta::List(list) = &attr.meta
                && !tokens_mention(&list.tokens, "not")
            {
                if tokens_mention(&list.tokens, "test") {
                    scope.cfg_test = true;
                    scope.test = true;
                }
                if tokens_mention(&list.tokens, "debug_assertions") {
                    scope.debug_only = true;
                }
            }
        } else if path.is_ident("allow") || path.is_ident("expect") {
            scope.allowed.extend(lint_list(&attr.meta));
        } else if path.is_ident("cfg_attr") {
            if let Ok(items) = attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated) {
                for item in items.iter().skip(1) {
                    if item.path().is_ident("allow") || item.path().is_ident("expect") {
                        scope.allowed.extend(lint_list(item));
                    }
                }
            }
        } else if last == "test" {
            scope.test = true;
        }
    }
    scope
}

fn is_test_fn(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| a.path().segments.last().is_some_and(|s| s.ident == "test") && !a.path().is_ident("cfg"))
}

fn returns_result(sig: &Signature) -> bool {
    returns(sig, "Result")
}

/// Whether the declared return type's last path segment is `name` (`Result`, `io::Result`, `Option`).
fn returns(sig: &Signature, name: &str) -> bool {
    match &sig.output {
        syn::ReturnType::Type(_, ty) => match &**ty {
            syn::Type::Path(p) => p.path.segments.last().is_some_and(|s| s.ident == name),
            _ => false,
        },
        syn::ReturnType::Default => false,
    }
}

/// The outer attributes of an expression (`#[allow(…)] { … }`, `#[expect(…)] call()`).
fn expr_attrs(e: &Expr) -> &[Attribute] {
    match e {
        Expr::Array(x) => &x.attrs,
        Expr::Assign(x) => &x.attrs,
        Expr::Async(x) => &x.attrs,
        Expr::Await(x) => &x.attrs,
        Expr::Binary(x) => &x.attrs,
        Expr::Block(x) => &x.attrs,
        Expr::Break(x) => &x.attrs,
        Expr::Call(x) => &x.attrs,
        Expr::Cast(x) => &x.attrs,
        Expr::Closure(x) => &x.attrs,
        Expr::Const(x) => &x.attrs,
        Expr::Continue(x) => &x.attrs,
        Expr::Field(x) => &x.attrs,
        Expr::ForLoop(x) => &x.attrs,
        Expr::Group(x) => &x.attrs,
        Expr::If(x) => &x.attrs,
        Expr::Index(x) => &x.attrs,
        Expr::Let(x) => &x.attrs,
        Expr::Lit(x) => &x.attrs,
        Expr::Loop(x) => &x.attrs,
        Expr::Macro(x) => &x.attrs,
        Expr::Match(x) => &x.attrs,
        Expr::MethodCall(x) => &x.attrs,
        Expr::Paren(x) => &x.attrs,
        Expr::Path(x) => &x.attrs,
        Expr::Range(x) => &x.attrs,
        Expr::Reference(x) => &x.attrs,
        Expr::Repeat(x) => &x.attrs,
        Expr::Return(x) => &x.attrs,
        Expr::Struct(x) => &x.attrs,
        Expr::Try(x) => &x.attrs,
        Expr::TryBlock(x) => &x.attrs,
        Expr::Tuple(x) => &x.attrs,
        Expr::Unary(x) => &x.attrs,
        Expr::Unsafe(x) => &x.attrs,
        Expr::While(x) => &x.attrs,
        Expr::Yield(x) => &x.attrs,
        _ => &[],
    }
}

fn has_panics_doc(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("doc")
            && matches!(&a.meta, Meta::NameValue(nv) if matches!(&nv.value,
                Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) if s.value().contains("# Panics")))
    })
}

/// Whether a format string uses Debug formatting (`{:?}`, `{x:#?}`).
#[allow(clippy::string_slice, reason = "offsets are `find`s of ASCII `{` and `}` in the same str, or one past one")]
fn uses_debug(fmt: &str) -> bool {
    let mut rest = fmt;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        if let Some(stripped) = after.strip_prefix('{') {
            rest = stripped;
            continue;
        }
        let Some(close) = after.find('}') else { return false };
        let inner = &after[..close];
        if let Some((_, spec)) = inner.split_once(':')
            && spec.ends_with('?')
        {
            return true;
        }
        rest = &after[close + 1..];
    }
    false
}

/// A `macro_rules!` arm body as ordinary tokens: `$x` becomes `x` (the metavariable's name stands in for
/// whatever the caller passes) and a repetition `$( … ),*` is written once without its separator, keeping
/// every token's span so that findings point into the macro definition.
fn demacro(tokens: TokenStream) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let is_op =
        |t: Option<&TokenTree>| matches!(t, Some(TokenTree::Punct(p)) if matches!(p.as_char(), '*' | '+' | '?'));
    let mut out: Vec<TokenTree> = Vec::with_capacity(trees.len());
    let mut i = 0;
    while i < trees.len() {
        match (&trees[i], trees.get(i + 1)) {
            (TokenTree::Punct(p), Some(TokenTree::Ident(name))) if p.as_char() == '$' => {
                out.push(TokenTree::Ident(name.clone()));
                i += 2;
            }
            (TokenTree::Punct(p), Some(TokenTree::Group(g)))
                if p.as_char() == '$' && g.delimiter() == Delimiter::Parenthesis =>
            {
                out.extend(demacro(g.stream()));
                i += 2;
                if is_op(trees.get(i)) {
                    i += 1;
                } else if is_op(trees.get(i + 1)) {
                    i += 2;
                }
            }
            (TokenTree::Group(g), _) => {
                let mut group = Group::new(g.delimiter(), demacro(g.stream()));
                group.set_span(g.span());
                out.push(TokenTree::Group(group));
                i += 1;
            }
            (tree, _) => {
                out.push(tree.clone());
                i += 1;
            }
        }
    }
    out.into_iter().collect()
}

fn is_debug_cfg(e: &Expr) -> bool {
    matches!(e, Expr::Macro(m) if m.mac.path.is_ident("cfg")
        && tokens_mention(&m.mac.tokens, "debug_assertions")
        && !tokens_mention(&m.mac.tokens, "not"))
}

impl Visitor<'_> {
    fn in_test(&self) -> bool {
        self.path_test || self.scopes.iter().any(|s| s.test)
    }

    fn debug_only(&self) -> bool {
        self.scopes.iter().any(|s| s.debug_only)
    }

    /// Inside a const context, where a panic is a compile error (clippy skips these).
    fn in_const(&self) -> bool {
        self.scopes.iter().any(|s| s.const_ctx)
    }

    /// Visits `f` inside a scope with `attrs` (an expression's or an arm's `#[allow]`/`#[expect]`).
    fn with_attrs(&mut self, attrs: &[Attribute], f: impl FnOnce(&mut Self)) {
        if attrs.is_empty() {
            return f(self);
        }
        self.scopes.push(scope_of(attrs));
        f(self);
        self.scopes.pop();
    }

    /// Visits `f` in a const context.
    fn in_const_ctx(&mut self, f: impl FnOnce(&mut Self)) {
        self.scopes.push(Scope { const_ctx: true, ..Scope::default() });
        f(self);
        self.scopes.pop();
    }

    /// An `unwrap`/`expect` for RS015: recorded on the function and reported at the call, as clippy does, when
    /// the function returns `Result` or `Option`.
    fn unwrap_in_fn(&mut self, name: &str, at: (LineColumn, LineColumn)) {
        let Some(f) = self.fns.last_mut() else { return };
        f.unwraps.push((at.0, at.1, format!("`{name}` here")));
        let kind = if f.returns_result {
            "Result"
        } else if f.returns_option {
            "Option"
        } else {
            return;
        };
        if f.test && self.config.allow_unwrap_in_tests {
            return;
        }
        let message = format!("`{name}` in `{}`, which returns `{kind}`", f.name);
        self.hit(
            &rs::rs015_unwrap_in_result::RULE,
            rs::rs015_unwrap_in_result::CLIPPY,
            at,
            message,
            "propagate the error with `?` instead of panicking",
        );
    }

    fn allowed(&self, lint: &str) -> bool {
        let group = if PEDANTIC.contains(&lint) { "clippy::pedantic" } else { "clippy::restriction" };
        let full = format!("clippy::{lint}");
        self.scopes.iter().any(|s| s.allowed.iter().any(|a| *a == full || a == group))
    }

    /// An `expect`/`expect_err`, as a method or a path call: recorded for RS015 and reported as RS010.
    fn expect_call(&mut self, name: &str, at: (LineColumn, LineColumn)) {
        if self.in_const() {
            return;
        }
        self.unwrap_in_fn(name, at);
        if !(self.in_test() && self.config.allow_expect_in_tests) {
            self.hit(
                &rs::rs010_expect_used::RULE,
                rs::rs010_expect_used::CLIPPY,
                at,
                format!("`.{name}(…)` call"),
                "handle the `None`/`Err`, or propagate it with `?`",
            );
        }
    }

    fn hit(
        &mut self,
        rule: &'static precheck_core::RuleMeta,
        clippy: Option<&str>,
        at: (LineColumn, LineColumn),
        message: String,
        help: &'static str,
    ) {
        self.hit_with(rule, clippy, at, message, help, Vec::new());
    }

    fn hit_with(
        &mut self,
        rule: &'static precheck_core::RuleMeta,
        clippy: Option<&str>,
        at: (LineColumn, LineColumn),
        message: String,
        help: &'static str,
        labels: Vec<(LineColumn, LineColumn, String)>,
    ) {
        if clippy.is_some_and(|lint| self.allowed(lint)) {
            return;
        }
        self.hits.push(Hit { rule, start: at.0, end: at.1, message, help, labels });
    }

    /// A panic for RS016/RS017. `todo!` and `unimplemented!` mark unfinished code rather than a documented
    /// failure, and clippy leaves them out of `missing_panics_doc` and `panic_in_result_fn`.
    fn record_panic(&mut self, at: (LineColumn, LineColumn), what: String) {
        if what.starts_with("`todo!") || what.starts_with("`unimplemented!") {
            return;
        }
        if let Some(f) = self.fns.last_mut() {
            f.panics.push((at.0, at.1, what));
        }
    }

    /// A macro call by its last path segment.
    fn on_macro(&mut self, name: &str, at: (LineColumn, LineColumn)) {
        let test = self.in_test();
        let c = self.config;
        match name {
            "dbg" if !(test && c.allow_dbg_in_tests) => self.hit(
                &rs::rs001_dbg_macro::RULE,
                rs::rs001_dbg_macro::CLIPPY,
                at,
                "`dbg!` call".into(),
                "remove the `dbg!`; use a `tracing` call if the value should be logged",
            ),
            "todo" | "unimplemented" | "panic" | "unreachable" | "assert" | "assert_eq" | "assert_ne"
                if self.in_const() => {}
            "todo" | "unimplemented" | "panic" | "unreachable" => {
                self.record_panic(at, format!("`{name}!` here"));
                if test && c.allow_panic_in_tests {
                    return;
                }
                let (rule, clippy, help) = match name {
                    "todo" => (&rs::rs002_todo::RULE, rs::rs002_todo::CLIPPY, "finish the code, or return an error"),
                    "unimplemented" => (
                        &rs::rs003_unimplemented::RULE,
                        rs::rs003_unimplemented::CLIPPY,
                        "return an error the caller can handle",
                    ),
                    "panic" => {
                        (&rs::rs004_panic::RULE, rs::rs004_panic::CLIPPY, "return an error instead of panicking")
                    }
                    _ => (
                        &rs::rs005_unreachable::RULE,
                        rs::rs005_unreachable::CLIPPY,
                        "make the case impossible in the types, or return an error",
                    ),
                };
                self.hit(rule, clippy, at, format!("`{name}!` call"), help);
            }
            "assert" | "assert_eq" | "assert_ne" => self.record_panic(at, format!("`{name}!` here")),
            "print" | "println" | "eprint" | "eprintln" => {
                if self.build_script || (self.main_file && c.allow_print_in_main) || (test && c.allow_print_in_tests) {
                    return;
                }
                let help = "use a logging call (`tracing::info!`, `log::warn!`) instead of printing";
                if self.debug_only() {
                    self.hit(
                        &rs::rs020_debug_only_print::RULE,
                        None,
                        at,
                        format!("`{name}!` in code that only runs in debug builds"),
                        help,
                    );
                } else if name.starts_with('e') {
                    self.hit(
                        &rs::rs007_print_stderr::RULE,
                        rs::rs007_print_stderr::CLIPPY,
                        at,
                        format!("`{name}!` call"),
                        help,
                    );
                } else {
                    self.hit(
                        &rs::rs006_print_stdout::RULE,
                        rs::rs006_print_stdout::CLIPPY,
                        at,
                        format!("`{name}!` call"),
                        help,
                    );
                }
            }
            _ => {}
        }
    }

    /// Nested macro calls inside opaque tokens: `ident ! (group)`.
    fn scan_tokens(&mut self, tokens: TokenStream) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        for (i, tree) in trees.iter().enumerate() {
            match tree {
                TokenTree::Ident(ident) => {
                    if let (Some(TokenTree::Punct(p)), Some(TokenTree::Group(g))) = (trees.get(i + 1), trees.get(i + 2))
                        && p.as_char() == '!'
                    {
                        self.on_macro(&ident.to_string(), (ident.span().start(), g.span().end()));
                    }
                }
                TokenTree::Group(g) => self.scan_tokens(g.stream()),
                _ => {}
            }
        }
    }

    /// The arms of a `macro_rules!`: each body (the group after `=>`) is parsed as statements, or else as items,
    /// with its metavariables made plain (see [`demacro`]) and visited as code at its place in the file; a body
    /// that parses as neither (it builds fragments of syntax) is searched for macro calls only.
    fn visit_macro_rules(&mut self, tokens: TokenStream) {
        use syn::parse::Parser;
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        for (i, tree) in trees.iter().enumerate() {
            let TokenTree::Group(body) = tree else { continue };
            let after_arrow = i >= 2
                && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == '>')
                && matches!(&trees[i - 2], TokenTree::Punct(p) if p.as_char() == '=');
            if !after_arrow {
                continue;
            }
            let plain = demacro(body.stream());
            self.in_macro_rules += 1;
            if let Ok(stmts) = syn::Block::parse_within.parse2(plain.clone()) {
                for stmt in &stmts {
                    self.visit_stmt(stmt);
                }
            } else if let Ok(file) = syn::parse2::<syn::File>(plain) {
                for item in &file.items {
                    self.visit_item(item);
                }
            } else {
                self.scan_tokens(body.stream());
            }
            self.in_macro_rules -= 1;
        }
    }

    fn enter_fn(&mut self, attrs: &[Attribute], is_pub: bool, sig: &Signature) {
        let mut scope = scope_of(attrs);
        let test_fn = is_test_fn(attrs);
        let in_cfg_test = self.scopes.iter().any(|s| s.cfg_test) || scope.cfg_test;
        self.scopes.push(scope.clone());
        if test_fn && !self.path_test && !in_cfg_test && self.in_macro_rules == 0 {
            self.hit(
                &rs::rs014_test_outside_test_module::RULE,
                rs::rs014_test_outside_test_module::CLIPPY,
                span_of(&sig.ident),
                format!("test `{}` is not inside a `#[cfg(test)]` module", sig.ident),
                "move the test into a `#[cfg(test)] mod tests { … }`",
            );
        }
        for attr in attrs {
            if matches!(&attr.meta, Meta::Path(p) if p.is_ident("ignore")) {
                self.hit(
                    &rs::rs019_ignore_without_reason::RULE,
                    rs::rs019_ignore_without_reason::CLIPPY,
                    span_of(attr),
                    format!("`#[ignore]` on `{}` without a reason", sig.ident),
                    "give the reason: `#[ignore = \"why\"]`",
                );
            }
        }
        scope.test |= test_fn;
        if let Some(last) = self.scopes.last_mut() {
            last.test |= test_fn;
        }
        let test = self.in_test();
        self.fns.push(FnScope {
            name: sig.ident.to_string(),
            at: span_of(&sig.ident),
            returns_result: returns_result(sig),
            returns_option: returns(sig, "Option"),
            is_pub,
            panics_doc: has_panics_doc(attrs),
            test,
            unwraps: Vec::new(),
            panics: Vec::new(),
        });
    }

    fn exit_fn(&mut self) {
        let Some(f) = self.fns.pop() else { return };
        let c = self.config;
        let panics: Vec<_> = f.panics.iter().filter(|p| !p.2.starts_with("`unreachable")).cloned().collect();
        if f.returns_result && !panics.is_empty() && !(f.test && c.allow_panic_in_tests) {
            self.hit_with(
                &rs::rs016_panic_in_result_fn::RULE,
                rs::rs016_panic_in_result_fn::CLIPPY,
                f.at,
                format!("`{}` returns `Result` but can panic", f.name),
                "return an `Err` instead of panicking",
                panics.clone(),
            );
        }
        if f.is_pub && !f.panics_doc && !f.test && (!f.unwraps.is_empty() || !panics.is_empty()) {
            let labels: Vec<_> = f.unwraps.iter().chain(&panics).take(5).cloned().collect();
            self.hit_with(
                &rs::rs017_missing_panics_doc::RULE,
                rs::rs017_missing_panics_doc::CLIPPY,
                f.at,
                format!("public function `{}` can panic but its docs have no `# Panics` section", f.name),
                "add a `# Panics` section to the doc comment saying when it panics",
                labels,
            );
        }
        self.scopes.pop();
    }

    fn check_safety_comment(&mut self, at: (LineColumn, LineColumn), what: &str) {
        if self.line_starts.is_empty() {
            self.line_starts =
                std::iter::once(0).chain(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1)).collect();
        }
        let line_at = |n: usize| -> &str {
            let start = self.line_starts.get(n.saturating_sub(1)).copied().unwrap_or(self.text.len());
            let end = self.line_starts.get(n).map_or(self.text.len(), |e| e.saturating_sub(1));
            self.text.get(start..end.max(start)).unwrap_or("").trim_end_matches('\r')
        };
        let current = line_at(at.0.line);
        let before: String = current.chars().take(at.0.column).collect();
        if before.contains("SAFETY:") {
            return;
        }
        for n in (1..at.0.line).rev() {
            let l = line_at(n).trim();
            let comment = l.starts_with("//") || l.starts_with("/*") || l.starts_with('*') || l.ends_with("*/");
            if comment && l.contains("SAFETY:") {
                return;
            }
            if !(comment || l.starts_with("#[")) {
                break;
            }
        }
        self.hit(
            &rs::rs018_undocumented_unsafe::RULE,
            rs::rs018_undocumented_unsafe::CLIPPY,
            at,
            format!("`unsafe` {what} without a `// SAFETY:` comment"),
            "explain above it, in a `// SAFETY:` comment, why the invariants hold",
        );
    }
}

impl<'ast> Visit<'ast> for Visitor<'_> {
    fn visit_file(&mut self, f: &'ast syn::File) {
        self.scopes.push(scope_of(&f.attrs));
        visit::visit_file(self, f);
        self.scopes.pop();
    }

    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs: &[Attribute] = match item {
            syn::Item::Fn(_) => return visit::visit_item(self, item),
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Trait(t) => &t.attrs,
            syn::Item::Const(c) => &c.attrs,
            syn::Item::Static(s) => &s.attrs,
            syn::Item::Struct(s) => &s.attrs,
            syn::Item::Enum(e) => &e.attrs,
            syn::Item::Macro(m) => &m.attrs,
            syn::Item::Use(u) => &u.attrs,
            _ => &[],
        };
        let mut scope = scope_of(attrs);
        scope.const_ctx = matches!(item, syn::Item::Const(_) | syn::Item::Static(_));
        self.scopes.push(scope);
        visit::visit_item(self, item);
        self.scopes.pop();
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.enter_fn(&f.attrs, matches!(f.vis, Visibility::Public(_)), &f.sig);
        visit::visit_item_fn(self, f);
        self.exit_fn();
    }

    fn visit_impl_item(&mut self, item: &'ast syn::ImplItem) {
        let attrs: &[Attribute] = match item {
            syn::ImplItem::Fn(_) => return visit::visit_impl_item(self, item),
            syn::ImplItem::Const(c) => &c.attrs,
            _ => &[],
        };
        let mut scope = scope_of(attrs);
        scope.const_ctx = matches!(item, syn::ImplItem::Const(_));
        self.scopes.push(scope);
        visit::visit_impl_item(self, item);
        self.scopes.pop();
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.enter_fn(&f.attrs, matches!(f.vis, Visibility::Public(_)), &f.sig);
        visit::visit_impl_item_fn(self, f);
        self.exit_fn();
    }

    fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
        self.enter_fn(&f.attrs, false, &f.sig);
        visit::visit_trait_item_fn(self, f);
        self.exit_fn();
    }

    fn visit_item_impl(&mut self, i: &'ast syn::ItemImpl) {
        if let Some(unsafety) = &i.unsafety {
            self.check_safety_comment(span_of(unsafety), "impl");
        }
        let debug =
            i.trait_.as_ref().is_some_and(|(_, path, _)| path.segments.last().is_some_and(|s| s.ident == "Debug"));
        self.in_debug_impl += usize::from(debug);
        visit::visit_item_impl(self, i);
        self.in_debug_impl -= usize::from(debug);
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        fn imports_exit(tree: &syn::UseTree, parent: Option<&syn::Ident>) -> bool {
            match tree {
                syn::UseTree::Path(p) => imports_exit(&p.tree, Some(&p.ident)),
                syn::UseTree::Name(n) => n.ident == "exit" && parent.is_some_and(|p| p == "process"),
                syn::UseTree::Group(g) => g.items.iter().any(|t| imports_exit(t, parent)),
                _ => false,
            }
        }
        if imports_exit(&u.tree, None) {
            self.exit_imported = true;
        }
        visit::visit_item_use(self, u);
    }

    fn visit_stmt(&mut self, s: &'ast Stmt) {
        let attrs: &[Attribute] = match s {
            Stmt::Local(l) => &l.attrs,
            Stmt::Macro(m) => &m.attrs,
            // An expression statement's attributes are the expression's: `visit_expr` takes them.
            _ => &[],
        };
        if attrs.is_empty() {
            return visit::visit_stmt(self, s);
        }
        self.scopes.push(scope_of(attrs));
        visit::visit_stmt(self, s);
        self.scopes.pop();
    }

    fn visit_expr(&mut self, e: &'ast Expr) {
        let attrs = expr_attrs(e);
        self.with_attrs(attrs, |v| visit::visit_expr(v, e));
    }

    fn visit_arm(&mut self, arm: &'ast syn::Arm) {
        self.with_attrs(&arm.attrs, |v| visit::visit_arm(v, arm));
    }

    fn visit_field_value(&mut self, field: &'ast syn::FieldValue) {
        self.with_attrs(&field.attrs, |v| visit::visit_field_value(v, field));
    }

    fn visit_expr_const(&mut self, e: &'ast syn::ExprConst) {
        self.in_const_ctx(|v| visit::visit_expr_const(v, e));
    }

    fn visit_trait_item_const(&mut self, c: &'ast syn::TraitItemConst) {
        self.scopes.push(Scope { const_ctx: true, ..scope_of(&c.attrs) });
        visit::visit_trait_item_const(self, c);
        self.scopes.pop();
    }

    /// Array lengths (`[u8; N.unwrap()]`, `[0; LEN]`) are evaluated at compile time.
    fn visit_type_array(&mut self, t: &'ast syn::TypeArray) {
        self.visit_type(&t.elem);
        self.in_const_ctx(|v| v.visit_expr(&t.len));
    }

    fn visit_expr_repeat(&mut self, e: &'ast syn::ExprRepeat) {
        self.with_attrs(&e.attrs, |v| {
            v.visit_expr(&e.expr);
            v.in_const_ctx(|v| v.visit_expr(&e.len));
        });
    }

    fn visit_expr_if(&mut self, e: &'ast syn::ExprIf) {
        if !is_debug_cfg(&e.cond) {
            return visit::visit_expr_if(self, e);
        }
        self.visit_expr(&e.cond);
        self.scopes.push(Scope { debug_only: true, ..Scope::default() });
        self.visit_block(&e.then_branch);
        self.scopes.pop();
        if let Some((_, els)) = &e.else_branch {
            self.visit_expr(els);
        }
    }

    fn visit_attribute(&mut self, attr: &'ast Attribute) {
        let path = attr.path();
        if (path.is_ident("allow") || path.is_ident("expect"))
            && let Meta::List(list) = &attr.meta
        {
            let has_reason = list.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated).is_ok_and(|items| {
                items.iter().any(|m| matches!(m, Meta::NameValue(nv) if nv.path.is_ident("reason")))
            });
            if !has_reason {
                let kind = if path.is_ident("allow") { "allow" } else { "expect" };
                self.hit(
                    &rs::rs013_allow_without_reason::RULE,
                    rs::rs013_allow_without_reason::CLIPPY,
                    span_of(attr),
                    format!("`#[{kind}(…)]` without a reason"),
                    "say why: `reason = \"…\"` after the lint names",
                );
            }
        }
        visit::visit_attribute(self, attr);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let name = mac.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
        self.on_macro(&name, span_of(mac));
        if name == "macro_rules" {
            self.visit_macro_rules(mac.tokens.clone());
            return;
        }
        match mac.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated) {
            Ok(args) => {
                let fmt_index = match name.as_str() {
                    "print" | "println" | "eprint" | "eprintln" | "format" | "format_args" => Some(0),
                    "write" | "writeln" => Some(1),
                    _ => None,
                };
                if let Some(Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. })) =
                    fmt_index.and_then(|i| args.iter().nth(i))
                    && uses_debug(&s.value())
                    && !self.in_test()
                    && self.in_debug_impl == 0
                {
                    self.hit(
                        &rs::rs008_use_debug::RULE,
                        rs::rs008_use_debug::CLIPPY,
                        span_of(s),
                        format!("Debug formatting (`{{:?}}`) in `{name}!`"),
                        "format with `Display` (implement it for the type) for output people read",
                    );
                }
                for arg in &args {
                    self.visit_expr(arg);
                }
            }
            Err(_) => self.scan_tokens(mac.tokens.clone()),
        }
        visit::visit_macro(self, mac);
    }

    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        let name = m.method.to_string();
        let at = (m.method.span().start(), m.paren_token.span.close().end());
        let test = self.in_test();
        let c = self.config;
        // clippy's `unwrap_used`/`expect_used` cover `unwrap_err`/`expect_err` too.
        if (name == "unwrap" || name == "unwrap_err") && m.args.is_empty() && !self.in_const() {
            self.unwrap_in_fn(&name, at);
            if !(test && c.allow_unwrap_in_tests) {
                let get = name == "unwrap"
                    && matches!(&*m.receiver, Expr::MethodCall(inner) if (inner.method == "get" || inner.method == "get_mut") && inner.args.len() == 1);
                if get {
                    self.hit(
                        &rs::rs011_get_unwrap::RULE,
                        rs::rs011_get_unwrap::CLIPPY,
                        at,
                        "`.get(…).unwrap()` panics like indexing".into(),
                        "index directly (`v[i]`), or handle the `None`",
                    );
                }
                self.hit(
                    &rs::rs009_unwrap_used::RULE,
                    rs::rs009_unwrap_used::CLIPPY,
                    at,
                    format!("`.{name}()` call"),
                    "handle the `None`/`Err`, or propagate it with `?`",
                );
            }
        } else if (name == "expect" || name == "expect_err") && m.args.len() == 1 {
            self.expect_call(&name, at);
        }
        visit::visit_expr_method_call(self, m);
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if let Expr::Path(p) = &*call.func {
            let segments: Vec<String> = p.path.segments.iter().map(|s| s.ident.to_string()).collect();
            let names: Vec<&str> = segments.iter().map(String::as_str).collect();
            let at = span_of(call);
            let test = self.in_test();
            // The same calls written as paths: `Option::unwrap(x)`, `Result::expect(r, "…")`.
            match (names.as_slice(), call.args.len()) {
                ([.., "Option" | "Result", m @ ("unwrap" | "unwrap_err")], 1) if !self.in_const() => {
                    let m = (*m).to_string();
                    self.unwrap_in_fn(&m, at);
                    if !(test && self.config.allow_unwrap_in_tests) {
                        self.hit(
                            &rs::rs009_unwrap_used::RULE,
                            rs::rs009_unwrap_used::CLIPPY,
                            at,
                            format!("`{}` call", names.join("::")),
                            "handle the `None`/`Err`, or propagate it with `?`",
                        );
                    }
                }
                ([.., "Option" | "Result", m @ ("expect" | "expect_err")], 2) => {
                    let m = (*m).to_string();
                    self.expect_call(&m, at);
                }
                ([.., "panic", "panic_any"] | ["panic_any"], 1) if !self.in_const() => {
                    self.record_panic(at, "`panic_any` here".into());
                    if !(test && self.config.allow_panic_in_tests) {
                        self.hit(
                            &rs::rs004_panic::RULE,
                            rs::rs004_panic::CLIPPY,
                            at,
                            "`panic_any` call".into(),
                            "return an error instead of panicking",
                        );
                    }
                }
                _ => {}
            }
            let exit = match names.as_slice() {
                [.., "process", "exit"] => true,
                ["exit"] => self.exit_imported,
                _ => false,
            };
            let in_main = self.fns.last().is_some_and(|f| f.name == "main");
            if exit && !in_main {
                self.hit(
                    &rs::rs012_process_exit::RULE,
                    rs::rs012_process_exit::CLIPPY,
                    span_of(call),
                    "`process::exit` outside `main`".into(),
                    "return an error to `main` and exit there, so destructors run",
                );
            }
        }
        visit::visit_expr_call(self, call);
    }

    fn visit_expr_unsafe(&mut self, u: &'ast syn::ExprUnsafe) {
        self.check_safety_comment(span_of(&u.unsafe_token), "block");
        visit::visit_expr_unsafe(self, u);
    }
}

#[cfg(test)]
mod tests {
    use super::uses_debug;

    #[test]
    fn debug_format_specs() {
        assert!(uses_debug("{:?}"));
        assert!(uses_debug("x = {x:#?}"));
        assert!(!uses_debug("{{:?}} {}"));
        assert!(!uses_debug("{x} {:>8}"));
    }
}
