//! The Rust engine: one `syn` parse per file, on a thread with a large stack (syn, its visitor and the
//! drop of its tree recurse with the nesting of the code), after a lexical pre-scan that turns pathological
//! nesting into RS021 instead of a stack overflow. The parse and one visitor pass produce plain data
//! ([`RustFacts`]) that is shared through `FileCtx::parsed`; the rule files under `rules/rust/` hold each
//! rule's metadata and the clippy lint it mirrors.

mod blank;
mod depth;
#[cfg(test)]
mod proptests;
mod tokens;
mod visit;

use precheck_core::{FileCtx, Finding, RuleMeta, Sink, Span};
use proc_macro2::LineColumn;

use crate::config::{CodeConfig, Settings};
use crate::rules::rust as rs;

/// Stack for the parse thread: syn's recursion per nesting level is a few KiB, and the pre-scan bounds the
/// nesting, so this is ample; only the pages actually touched are committed.
const STACK: usize = 256 * 1024 * 1024;

/// One finding of the visitor, in proc-macro2 positions (1-based line, 0-based column in characters).
#[derive(Debug, Clone)]
pub struct Hit {
    pub rule: &'static RuleMeta,
    pub start: LineColumn,
    pub end: LineColumn,
    pub message: String,
    pub help: &'static str,
    pub labels: Vec<(LineColumn, LineColumn, String)>,
}

/// What the Rust rules found in one file.
#[derive(Debug, Default)]
pub struct RustFacts {
    pub hits: Vec<Hit>,
    /// Byte offset and message of a parse failure (RS021).
    pub failure: Option<(usize, String)>,
}

/// The lexical pre-scans on `text` (blanking, then the depth scan): the blanked text if any, and whether syn
/// may parse it. For the fuzz targets only; not part of the API.
#[doc(hidden)]
pub fn prescan(text: &str) -> (Option<String>, bool) {
    (blank::blank(text), depth::measure(text).is_ok())
}

/// Whether any RS rule is on.
fn any_enabled(out: &Sink) -> bool {
    crate::rules::rust::RULES.iter().any(|r| out.enabled(r))
}

/// Parses and visits `text` on the calling thread; [`analyse`] decides which thread that is. syn parses the
/// text with its irrelevant groups blanked ([`blank`]); positions and the `// SAFETY:` comments are read from
/// `text` itself, which has the same lines and character columns.
fn analyse_here(text: &str, path: &str, config: &CodeConfig) -> RustFacts {
    let blanked = blank::blank(text);
    parse_and_visit(blanked.as_deref().unwrap_or(text), text, path, config)
}

/// Parses `source` (`text`, or `text` blanked) and visits it; positions are read against `text`.
fn parse_and_visit(source: &str, text: &str, path: &str, config: &CodeConfig) -> RustFacts {
    let facts = match syn::parse_file(source) {
        Ok(file) => {
            let hits = visit::run(&file, text, path, config);
            // Dropping a deep tree recurses too: keep it on this (big-stack) thread.
            drop(file);
            RustFacts { hits, failure: None }
        }
        Err(e) => {
            let pos = e.span().start();
            RustFacts { hits: Vec::new(), failure: Some((offset_of(text, pos), e.to_string())) }
        }
    };
    // proc-macro2 keeps every parsed file in a per-thread source map for span positions; on a long-lived
    // worker it would grow with each file (and overflow its 32-bit offsets after 4 GiB). Every span has been
    // turned into a line and column above, so the map can go.
    proc_macro2::extra::invalidate_current_thread_spans();
    facts
}

fn analyse(text: &str, path: &str, config: &CodeConfig) -> RustFacts {
    let depth = match depth::measure(text) {
        Ok(depth) => depth,
        Err((at, what)) => {
            return RustFacts { hits: Vec::new(), failure: Some((at, format!("{what} to parse safely"))) };
        }
    };
    // Ordinary code fits in the worker's own stack; spawning a thread per file would double the cost.
    if depth.is_shallow() {
        return analyse_here(text, path, config);
    }
    let spawned = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("precheck-syn".into())
            .stack_size(STACK)
            .spawn_scoped(scope, || analyse_here(text, path, config))
            .map(|handle| handle.join())
    });
    match spawned {
        Ok(Ok(facts)) => facts,
        // A panic inside syn or the visitor: let the runner report it as PC002 for this file.
        Ok(Err(payload)) => std::panic::resume_unwind(payload),
        // No thread available: a deep file is reported rather than risking the worker's stack.
        Err(_) => RustFacts {
            hits: Vec::new(),
            failure: Some((
                0,
                "nesting too deep to parse without a large stack, and no thread could be started".into(),
            )),
        },
    }
}

/// The byte offset of a proc-macro2 position in `text`.
#[allow(clippy::string_slice, reason = "`start` is 0 or just past an ASCII `\\n`")]
fn offset_of(text: &str, pos: LineColumn) -> usize {
    let mut start = 0;
    for _ in 1..pos.line.max(1) {
        match memchr::memchr(b'\n', &text.as_bytes()[start..]) {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line = &text[start..];
    start + line.char_indices().nth(pos.column).map_or(line.find('\n').unwrap_or(line.len()), |(i, _)| i)
}

/// Runs the Rust rules on a `.rs` file.
pub fn check(cx: &FileCtx<'_>, settings: &Settings, out: &mut Sink) {
    if !any_enabled(out) {
        return;
    }
    let facts = cx.parsed(|| analyse(cx.text(), cx.path(), &settings.config));
    let text = cx.text();
    let lines = cx.lines();
    let to_offset = |pos: LineColumn| -> usize {
        let line = u32::try_from(pos.line).unwrap_or(u32::MAX).max(1);
        let range = lines.line_range(line);
        let s = text.get(range.clone()).unwrap_or_default();
        range.start + s.char_indices().nth(pos.column).map_or(s.trim_end_matches(['\n', '\r']).len(), |(i, _)| i)
    };
    let span = |a: LineColumn, b: LineColumn| -> Span {
        let start = to_offset(a);
        cx.span(start..to_offset(b).max(start))
    };
    if let Some((at, message)) = &facts.failure {
        let rule = &rs::rs021_rust_parse_error::RULE;
        out.emit(rule, || {
            let end = text.get(*at..).and_then(|t| t.chars().next()).map_or(*at, |c| at + c.len_utf8());
            Finding::new(rule, cx.span(*at..end), format!("the file does not parse as Rust: {message}"))
                .with_help("fix the syntax; until then no other Rust rule checks this file")
        });
        return;
    }
    for hit in &facts.hits {
        out.emit(hit.rule, || {
            let mut finding = Finding::new(hit.rule, span(hit.start, hit.end), hit.message.clone()).with_help(hit.help);
            for (a, b, message) in &hit.labels {
                finding = finding.with_label(span(*a, *b), message.clone());
            }
            finding
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(source: &str, text: &str, path: &str) -> String {
        format!("{:?}", parse_and_visit(source, text, path, &CodeConfig::default()))
    }

    /// Blanking changes nothing the rules report: every RS fixture gives the same hits (and parse failures)
    /// from the blanked text as from the original.
    #[test]
    fn blanking_keeps_the_findings_of_every_fixture() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/code");
        let mut files = Vec::new();
        let mut dirs = vec![root.clone()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    files.push(path);
                }
            }
        }
        let mut blanked_any = 0;
        for file in &files {
            let Ok(text) = std::fs::read_to_string(file) else { continue };
            // Deep files need the big-stack thread (and the pre-scan reports some of them); not this test's subject.
            if !depth::measure(&text).is_ok_and(depth::Depth::is_shallow) {
                continue;
            }
            let rel = file.strip_prefix(&root).map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
            let Some(blanked) = blank::blank(&text) else { continue };
            blanked_any += 1;
            assert_eq!(facts(&blanked, &text, &rel), facts(&text, &text, &rel), "{rel}");
        }
        assert!(blanked_any > 10, "only {blanked_any} of {} fixtures had something to blank", files.len());
    }

    #[test]
    fn blanking_keeps_findings_around_irrelevant_blocks() {
        let text = "use std::process::exit;\n\
            pub fn f(v: Option<u8>) -> Result<u8, ()> {\n\
            \x20   let t = { let a = \"é\"; a.len() + [1, 2].len() }; // café\n\
            \x20   if cfg!(debug_assertions) { println!(\"{t}\"); }\n\
            \x20   let s = vec![1, 2, 3]; let u = { s.len() }; dbg!(u);\n\
            \x20   #[allow(clippy::unwrap_used)]\n\
            \x20   let w = { 1 + { 2 } + v.unwrap() };\n\
            \x20   /// Exits.\n\
            \x20   if w > 1 { exit(1) } else { unsafe { g() } }\n\
            \x20   /// Stops.\n\
            \x20   exit(2);\n\
            \x20   Ok(v.expect(\"é\") + w)\n\
            }\n\
            fn g() { let x = [0u8; 4]; h(|| { let _ = x; }); }\n";
        let blanked = blank::blank(text).unwrap_or_default();
        assert!(blanked.len() < text.len(), "{blanked}");
        let original = facts(text, text, "src/lib.rs");
        assert!(original.contains("RS0"), "{original}");
        assert_eq!(facts(&blanked, text, "src/lib.rs"), original);
    }

    /// Random programs assembled from statements that hide braces, quotes and the rules' words in strings,
    /// raw strings, chars, lifetimes, comments and macro bodies: whenever the original parses, the blanked
    /// text gives exactly the same findings.
    #[test]
    fn blanking_keeps_the_findings_of_random_programs() {
        const STATEMENTS: &[&str] = &[
            "let a = b.unwrap();",
            "let s = \"}{ unwrap \\\" {\";",
            "let r = r#\"} \"{ expect\"#;",
            "let c = '{'; let d = '}';",
            "let l: &'a str = x;",
            "/* { unwrap } */ let e = 1;",
            "// } unwrap {\n let f = 2;",
            "println!(\"{:?}\", g);",
            "println!(\"{}\", h);",
            "let t = [1, 2, 3];",
            "let u = vec![Some(1), None];",
            "if x { y } else { z }",
            "match m { 1 => {}, _ => { n.expect(\"why\"); } }",
            "let k = || { q.len() };",
            "unsafe { w() }",
            "// SAFETY: fine\n unsafe { v() }",
            "#[allow(clippy::unwrap_used)] let p = o.unwrap();",
            "dbg!(j);",
            "todo!();",
            "std::process::exit(1);",
            "m!{ a b { c } };",
            "let z = b'{';",
        ];
        let mut seed: u64 = 0x2545F4914F6CDD1D;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let (mut compared, mut blanked_some) = (0, 0);
        for _ in 0..400 {
            let mut text =
                String::from("/// Does things.\n/// # Panics\n/// sometimes\npub fn f() -> Result<(), ()> {\n");
            for depth in 0..(next() % 3) {
                text.push_str(&format!("    {{ // block {depth}\n"));
            }
            for _ in 0..(1 + next() % 8) {
                let pick = STATEMENTS[(next() % STATEMENTS.len() as u64) as usize];
                text.push_str(&format!("    {pick}\n"));
            }
            text.push_str("    Ok(())\n}\n");
            if next() % 2 == 0 {
                text.push_str("#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() { a.unwrap(); }\n}\n");
            }
            // Close the blocks opened above (inside the function, before `Ok`): rebuild with balance.
            let opened = text.matches("{ // block").count();
            if opened > 0 {
                let at = text.find("    Ok(())").unwrap_or(text.len());
                text.insert_str(at, &"    }\n".repeat(opened));
            }
            if syn::parse_file(&text).is_err() {
                continue;
            }
            compared += 1;
            let Some(blanked) = blank::blank(&text) else { continue };
            blanked_some += usize::from(blanked != text);
            assert_eq!(facts(&blanked, &text, "src/lib.rs"), facts(&text, &text, "src/lib.rs"), "{text}");
        }
        assert!(compared > 300, "only {compared} random programs parsed");
        assert!(blanked_some > 200, "only {blanked_some} random programs had something to blank");
    }

    /// The documented limit: a syntax error inside a block that holds nothing the rules look at is blanked
    /// away before syn sees it, and left to the compiler.
    #[test]
    fn a_syntax_error_in_an_irrelevant_block_is_left_to_the_compiler() {
        let text = "fn main() {\n    let x = ;\n}\n";
        assert!(analyse_here(text, "src/main.rs", &CodeConfig::default()).failure.is_none());
        let text = "fn main() {\n    let x = ;\n    x.unwrap();\n}\n";
        assert!(analyse_here(text, "src/main.rs", &CodeConfig::default()).failure.is_some());
    }
}
