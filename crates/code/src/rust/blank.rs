//! Blanking of code no RS rule can find anything in, before syn parses it: lexing and parsing are most of
//! the Rust rules' cost, and most blocks hold nothing they look at.
//!
//! A fold over the Rust tokens ([`tokens`](super::tokens)) finds the bracket groups. A group is
//! *relevant* if it holds, at any depth, an identifier in [`RELEVANT`] or a string literal that may be a
//! Debug format string. The contents of an irrelevant group are replaced, where the syntax stays valid with an
//! empty group, by spaces — one space per character, every `\n` kept, so proc-macro2's line and (character)
//! column of every token outside stays the same and positions still map onto the original text:
//! - a `{…}` group (`{}` is valid wherever a `{…}` is);
//! - a macro body `name!(…)` / `name![…]` / `name!{…}` (an empty body is valid);
//! - an array `= […]` / `= &[…]` with a top-level `,` and no top-level `;` (no type looks like that).
//!
//! Inside a relevant group the scan recurses, except inside attributes (kept whole: they give context to the
//! item after them) and relevant macro bodies other than `macro_rules!` (whether syn can parse a body as
//! expressions decides how the visitor reads it, and a blanked sub-group could change that answer).
//! Where a group's children may be blanked, doc comments (`///`, `//!`, `/**`, `/*!`) without `Panics` also
//! become plain comments (their third character turns into a space): syn would make each an attribute, and
//! only `# Panics` sections are read. Not next to an `exit` call, whose reported span includes its attributes.
//! A syntax error inside a blanked group, or a doc comment where none may stand, is no longer seen (RS021 is
//! left to the compiler there). When the scan is unsure (unbalanced brackets, an unterminated literal or
//! comment), nothing is blanked.

use super::tokens::{Token, tokens};

/// Every identifier that can produce a finding or give context beyond its own group, derived from
/// `visit.rs`: macro names (`on_macro`, including the panics recorded for `assert*`), the methods `unwrap` and
/// `expect`, `exit` (calls and `use … process::exit`), `unsafe`, the attributes `allow`/`expect`/`test`/
/// `ignore`, and `debug_assertions` (a `cfg!(debug_assertions)` condition marks the branch after it).
const RELEVANT: &[&str] = &[
    "unwrap",
    "expect",
    "unwrap_err",
    "expect_err",
    "panic_any",
    "dbg",
    "todo",
    "unimplemented",
    "panic",
    "unreachable",
    "assert",
    "assert_eq",
    "assert_ne",
    "print",
    "println",
    "eprint",
    "eprintln",
    "exit",
    "unsafe",
    "allow",
    "test",
    "ignore",
    "debug_assertions",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Plain,
    Attr,
    Macro,
    MacroRules,
    EqArray,
}

struct Group {
    open: usize,
    close: usize,
    delim: u8,
    kind: Kind,
    parent: Option<usize>,
    relevant: bool,
    comma: bool,
    /// Holds `exit` directly: an expression's span includes its attributes, so doc comments stay here.
    exit: bool,
    semi: bool,
}

/// The last significant tokens, for recognising attributes, macro bodies and `= […]`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tok {
    None,
    Ident,
    MacroRules,
    Hash,
    Bang,
    Eq,
    Amp,
    Other,
}

/// `text` with its irrelevant groups blanked, or `None` if there is nothing to blank (or the scan is unsure).
#[allow(
    clippy::string_slice,
    reason = "a region runs from just past an ASCII `(`, `[` or `{` to its ASCII closer, or is one ASCII byte"
)]
pub fn blank(text: &str) -> Option<String> {
    let scanned = scan(text)?;
    let regions = choose(&scanned);
    if regions.is_empty() {
        return None;
    }
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut last = 0;
    for (start, end) in regions {
        out.extend_from_slice(&b[last..start]);
        if end == start + 1 && b[start] != b'\n' {
            // The third character of a doc comment (`///`, `//!`, `/**`, `/*!`): a plain comment now.
            out.push(b' ');
            last = end;
            continue;
        }
        // One space per character, newlines kept: lines and columns stay.
        for line in text[start..end].split_inclusive('\n') {
            let (body, newline) = line.strip_suffix('\n').map_or((line, false), |body| (body, true));
            let chars = if body.is_ascii() { body.len() } else { body.chars().count() };
            out.resize(out.len() + chars, b' ');
            if newline {
                out.push(b'\n');
            }
        }
        last = end;
    }
    out.extend_from_slice(&b[last..]);
    String::from_utf8(out).ok()
}

/// The byte ranges to blank (group interiors, and one byte of each doc comment that can go), in order and
/// disjoint.
fn choose(scanned: &Scan) -> Vec<(usize, usize)> {
    let groups = &scanned.groups;
    let mut regions = Vec::new();

    // Per group: whether its children may be blanked, and whether it lies inside a blanked group.
    let mut inner_ok = vec![false; groups.len()];
    let mut covered = vec![false; groups.len()];
    for (i, g) in groups.iter().enumerate() {
        let (allowed, under) = g.parent.map_or((true, false), |p| (inner_ok[p], covered[p]));
        if under {
            covered[i] = true;
            continue;
        }
        let blankable = match g.kind {
            Kind::Attr => false,
            Kind::Macro | Kind::MacroRules => true,
            Kind::EqArray => g.comma && !g.semi,
            Kind::Plain => g.delim == b'{',
        };
        if allowed && !g.relevant && blankable {
            covered[i] = true;
            if g.close > g.open + 1 {
                regions.push((g.open + 1, g.close));
            }
            continue;
        }
        inner_ok[i] = allowed && g.kind != Kind::Attr && !(g.kind == Kind::Macro && g.relevant);
    }
    // A doc comment matters only for `# Panics` (kept by `scan`), and as part of the span of an expression
    // it is attached to (`exit(…)` calls are reported with their span); where children may be blanked and no
    // `exit` is near, it becomes a plain comment, which syn does not turn into an attribute.
    let docs: Vec<(usize, usize)> = scanned
        .docs
        .iter()
        .filter(|(_, group)| group.map_or(!scanned.top_exit, |g| inner_ok[g] && !groups[g].exit))
        .map(|&(at, _)| (at, at + 1))
        .collect();
    if docs.is_empty() {
        return regions;
    }
    let mut merged = Vec::with_capacity(regions.len() + docs.len());
    let (mut r, mut d) = (regions.into_iter().peekable(), docs.into_iter().peekable());
    loop {
        let next = match (r.peek(), d.peek()) {
            (Some(a), Some(b)) if a.0 < b.0 => r.next(),
            (Some(_), Some(_)) | (None, Some(_)) => d.next(),
            (Some(_), None) => r.next(),
            (None, None) => break,
        };
        merged.extend(next);
    }
    merged
}

/// Whether a string literal's source text may hold a Debug format spec (`?`, possibly escaped).
fn may_debug(s: &[u8]) -> bool {
    memchr::memchr(b'?', s).is_some()
        || memchr::memmem::find(s, b"\\x").is_some()
        || memchr::memmem::find(s, b"\\u").is_some()
}

/// What the lexical scan found.
struct Scan {
    /// The groups in pre-order (a parent before its children).
    groups: Vec<Group>,
    /// The byte to blank in each doc comment without `Panics`, and the innermost group around it.
    docs: Vec<(usize, Option<usize>)>,
    /// `exit` outside every group.
    top_exit: bool,
}

/// Notes an identifier: whether it makes its group relevant, or holds `exit`.
fn note_word(word: &str, groups: &mut [Group], stack: &[usize], top_exit: &mut bool) {
    if !RELEVANT.contains(&word) {
        return;
    }
    match stack.last() {
        Some(&g) => {
            groups[g].relevant = true;
            groups[g].exit |= word == "exit";
        }
        None => *top_exit |= word == "exit",
    }
}

/// The position of the byte that makes the comment at `i` a doc comment, if it is one without `Panics`.
fn doc_byte(b: &[u8], i: usize, end: usize) -> Option<usize> {
    let c = &b[i..end];
    let doc = if c.starts_with(b"//") {
        (c.starts_with(b"///") && !c.starts_with(b"////")) || c.starts_with(b"//!")
    } else {
        (c.starts_with(b"/**") && !c.starts_with(b"/***") && !c.starts_with(b"/**/")) || c.starts_with(b"/*!")
    };
    (doc && memchr::memmem::find(c, b"Panics").is_none()).then_some(i + 2)
}

/// The groups and doc comments of `text`; `None` if the scan is unsure.
#[allow(clippy::string_slice, reason = "a word's range comes from the lexer, on character boundaries")]
fn scan(text: &str) -> Option<Scan> {
    let b = text.as_bytes();
    let mut groups: Vec<Group> = Vec::new();
    let mut docs = Vec::new();
    let mut top_exit = false;
    let mut stack: Vec<usize> = Vec::new();
    let mut prev = [Tok::None; 3];
    for (i, token) in tokens(text) {
        let tok = match token {
            Token::Unterminated => return None,
            Token::LineComment { end } | Token::BlockComment { end } => {
                if let Some(at) = doc_byte(b, i, end) {
                    docs.push((at, stack.last().copied()));
                }
                continue;
            }
            // Invisible to the look-back, which sees `r#name` as a name.
            Token::RawPrefix => continue,
            Token::Str { body: (from, to), .. } => {
                if may_debug(&b[from..to])
                    && let Some(&g) = stack.last()
                {
                    groups[g].relevant = true;
                }
                Tok::Other
            }
            Token::Char { .. } | Token::Quote { .. } | Token::Other { .. } => Tok::Other,
            Token::Word { end } => {
                let word = &text[i..end];
                note_word(word, &mut groups, &stack, &mut top_exit);
                if word == "macro_rules" { Tok::MacroRules } else { Tok::Ident }
            }
            Token::Open(c) => {
                let kind = if c == b'[' && (prev[0] == Tok::Hash || (prev[0] == Tok::Bang && prev[1] == Tok::Hash)) {
                    Kind::Attr
                } else if prev[0] == Tok::Bang && matches!(prev[1], Tok::Ident | Tok::MacroRules) {
                    Kind::Macro
                } else if matches!(prev[0], Tok::Ident | Tok::MacroRules)
                    && prev[1] == Tok::Bang
                    && prev[2] == Tok::MacroRules
                {
                    Kind::MacroRules
                } else if c == b'[' && (prev[0] == Tok::Eq || (prev[0] == Tok::Amp && prev[1] == Tok::Eq)) {
                    Kind::EqArray
                } else {
                    Kind::Plain
                };
                groups.push(Group {
                    open: i,
                    close: i,
                    delim: c,
                    kind,
                    parent: stack.last().copied(),
                    relevant: false,
                    comma: false,
                    semi: false,
                    exit: false,
                });
                stack.push(groups.len() - 1);
                Tok::Other
            }
            Token::Close(c) => {
                let g = stack.pop()?;
                let want = match c {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                if groups[g].delim != want {
                    return None;
                }
                groups[g].close = i;
                if groups[g].relevant
                    && let Some(&p) = stack.last()
                {
                    groups[p].relevant = true;
                }
                Tok::Other
            }
            Token::Punct(c @ (b',' | b';')) => {
                if let Some(&g) = stack.last() {
                    if c == b',' {
                        groups[g].comma = true;
                    } else {
                        groups[g].semi = true;
                    }
                }
                Tok::Other
            }
            Token::Punct(b'#') => Tok::Hash,
            Token::Punct(b'!') if b.get(i + 1) != Some(&b'=') => Tok::Bang,
            // `&&` is no reference, and `==`, `<=`, `=>`, `+=`, … are no assignment: by the bytes around, whatever
            // tokens they belong to.
            Token::Punct(b'&') if b.get(i + 1) != Some(&b'&') && b[..i].last() != Some(&b'&') => Tok::Amp,
            Token::Punct(b'=')
                if !matches!(
                    b[..i].last(),
                    Some(b'=' | b'<' | b'>' | b'!' | b'+' | b'-' | b'*' | b'/' | b'%' | b'^' | b'&' | b'|')
                ) && !matches!(b.get(i + 1), Some(b'=' | b'>')) =>
            {
                Tok::Eq
            }
            Token::Punct(_) => Tok::Other,
        };
        prev = [tok, prev[0], prev[1]];
    }
    if !stack.is_empty() {
        return None;
    }
    Some(Scan { groups, docs, top_exit })
}

#[cfg(test)]
mod tests {
    use super::blank;

    #[test]
    fn blanks_irrelevant_blocks_and_keeps_positions() {
        let src = "fn a() { let x = \"é\"; x.len() }\nfn b() -> u8 {\n    v.unwrap();\n    if c { 1 } else { 2 }\n}\n";
        let out = blank(src).unwrap_or_default();
        let first = format!("fn a() {{{}}}", " ".repeat(" let x = \"é\"; x.len() ".chars().count()));
        assert_eq!(out, format!("{first}\nfn b() -> u8 {{\n    v.unwrap();\n    if c {{   }} else {{   }}\n}}\n"));
        assert_eq!(out.lines().count(), src.lines().count());
        for (a, b) in out.lines().zip(src.lines()) {
            assert_eq!(a.chars().count(), b.chars().count());
        }
    }

    #[test]
    fn keeps_attributes_debug_strings_and_relevant_macro_bodies() {
        // A `{:?}` string, an attribute's tokens, a `cfg!(debug_assertions)`, a relevant macro body.
        for (src, kept) in [
            ("fn a() { let s = format!(\"{:?}\", x); }", "{:?}"),
            ("#[cfg_attr(x, allow(y))] fn a() { b }", "allow(y)"),
            ("fn a() { if cfg!(debug_assertions) { println!(\"x\") } }", "cfg!(debug_assertions)"),
            ("fn a() { #[cfg(x)] { f(); } g().unwrap() }", "#[cfg(x)] {      } g()"),
        ] {
            assert!(blank(src).unwrap_or_else(|| src.to_string()).contains(kept), "{src}");
        }
        assert_eq!(blank("fn a() { m!(x.unwrap(), { 1 2 }); }"), None);
        assert_eq!(
            blank("static T: [u8; 3] = [1, 2, 3]; type A = [u8; 2];").as_deref(),
            Some("static T: [u8; 3] = [       ]; type A = [u8; 2];")
        );
    }

    #[test]
    fn doc_comments_become_plain_unless_they_say_panics_or_sit_by_exit() {
        let src = "/// a\n//! b\n/** c */\n/*! d */\n//// e\n/// # Panics\nfn f() { x.unwrap() }\n";
        assert_eq!(
            blank(src).as_deref(),
            Some("//  a\n//  b\n/*  c */\n/*  d */\n//// e\n/// # Panics\nfn f() { x.unwrap() }\n")
        );
        let src = "fn f() {\n    /// a\n    exit(1);\n}\n";
        assert_eq!(blank(src), None);
    }

    #[test]
    fn unsure_scans_blank_nothing() {
        assert_eq!(blank("fn a() { let s = \"open; }"), None);
        assert_eq!(blank("fn a() { ( }"), None);
        assert_eq!(blank("fn a() { let c = '\\''; let d = '{'; let r = r#\"}\"#; }").map(|s| s.len() < 60), Some(true));
    }
}

/// Random Rust-ish text (brackets, quotes, raw strings, comments, the words the scan reacts to): blanking never
/// panics and keeps every line's length in characters, which is what keeps positions.
#[cfg(test)]
mod properties {
    #[test]
    fn blanking_never_panics_and_keeps_every_line_length() {
        let alphabet: Vec<char> = "{}[]()!#=&;,:'\"/\\*r#bx yz\n\t_0é✓aunwrapexpecttest".chars().collect();
        let words = [
            "unwrap",
            "expect",
            "macro_rules",
            "r#\"",
            "\"#",
            "b'",
            "'a",
            "//",
            "/*",
            "*/",
            "///",
            "//!",
            "/**",
            "= [",
            "!(",
            "fn ",
            "panic",
            "exit",
            "#[",
            "unsafe",
        ];
        let mut seed: u64 = 0x9E3779B97F4A7C15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..100_000 {
            let len = (next() % 60) as usize;
            let mut s = String::new();
            for _ in 0..len {
                if next() % 4 == 0 {
                    s.push_str(words[(next() % words.len() as u64) as usize]);
                } else {
                    s.push(alphabet[(next() % alphabet.len() as u64) as usize]);
                }
            }
            if let Some(out) = super::blank(&s) {
                let shape = |t: &str| t.split('\n').map(|l| l.chars().count()).collect::<Vec<_>>();
                assert_eq!(shape(&out), shape(&s), "{s:?}");
            }
        }
    }
}
