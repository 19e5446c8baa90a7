//! A cheap lexical pre-scan that bounds how deep syn would recurse: bracket nesting and operator chains.
//! syn's parser, its visitor and the drop of its tree all recurse with the depth of the expression tree; a
//! pathological file must become an RS021 finding, never a stack overflow (which aborts the process).
//! It folds over the same [`tokens`] as blanking, which lexes literals as rustc does: a bracket it does not
//! count is one syn does not see either.

use super::tokens::{Token, tokens};

/// Deeper bracket nesting than this is not parsed.
pub const MAX_BRACKETS: usize = 256;
/// More operators in one expression (between `,` `;` and brackets) than this is not parsed.
pub const MAX_CHAIN: usize = 4096;

/// Below both of these, syn fits in an ordinary 2 MiB worker stack and no big-stack thread is needed.
pub const SHALLOW_BRACKETS: usize = 48;
pub const SHALLOW_CHAIN: usize = 256;

/// What the pre-scan saw: the deepest bracket nesting and the longest operator chain.
#[derive(Debug, Default, Clone, Copy)]
#[cfg_attr(test, derive(PartialEq, Eq))]
pub struct Depth {
    pub brackets: usize,
    pub chain: usize,
}

impl Depth {
    pub fn is_shallow(self) -> bool {
        self.brackets <= SHALLOW_BRACKETS && self.chain <= SHALLOW_CHAIN
    }
}

/// The byte offset and a description of the first construct too deep to parse safely, if any.
#[cfg(test)]
fn too_deep(text: &str) -> Option<(usize, &'static str)> {
    measure(text).err()
}

/// Measures the nesting of `text`; `Err` at the first construct too deep to parse safely.
pub fn measure(text: &str) -> Result<Depth, (usize, &'static str)> {
    let mut seen = Depth::default();
    // Operators since the last `,` `;` or bracket; the counts of the enclosing brackets wait on `outer`.
    let (mut chain, mut outer) = (0usize, Vec::new());
    for (i, token) in tokens(text) {
        match token {
            Token::Open(_) => {
                outer.push(chain);
                chain = 0;
                seen.brackets = seen.brackets.max(outer.len());
                if outer.len() > MAX_BRACKETS {
                    return Err((i, "brackets nested too deeply"));
                }
            }
            // Lenient where blanking is strict: an unbalanced closer or an unterminated literal is syn's to
            // report (RS021); everything after an unterminated literal is inside it and nests nothing.
            Token::Close(_) => chain = outer.pop().unwrap_or(chain),
            Token::Unterminated => break,
            Token::Punct(b',' | b';') => chain = 0,
            Token::Punct(
                b'+' | b'-' | b'*' | b'/' | b'%' | b'&' | b'|' | b'^' | b'!' | b'.' | b'<' | b'>' | b'=' | b'?',
            ) => {
                chain += 1;
                seen.chain = seen.chain.max(chain);
                if chain > MAX_CHAIN {
                    return Err((i, "an expression with too many chained operators"));
                }
            }
            _ => {}
        }
    }
    Ok(seen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_deep_nesting_but_not_normal_code() {
        assert_eq!(too_deep("fn main() { let s = \"((((\"; let c = '('; /* ((( */ }"), None);
        let deep = format!("fn f() {{ {}1{} }}", "(".repeat(300), ")".repeat(300));
        assert!(too_deep(&deep).is_some());
        let chain = format!("fn f() {{ let x = 1{}; }}", "+1".repeat(5000));
        assert!(too_deep(&chain).is_some());
        let table = format!("const T: &[u8] = &[{}];", "1, ".repeat(50_000));
        assert_eq!(too_deep(&table), None);
    }

    /// Literals are read as rustc reads them: brackets after a raw string ending in a backslash are counted
    /// (read as an escaped string, it hid them up to the next quote, and syn overflowed the stack).
    #[test]
    fn counts_brackets_after_a_raw_string_ending_in_a_backslash() {
        let deep = format!("fn f() {{ let a = br\"\\\"; let b = {}1{}; \"\\\"\" }}", "(".repeat(300), ")".repeat(300));
        assert!(too_deep(&deep).is_some());
    }
}

/// The lexer this file had before [`tokens`], kept while the scan moves onto it.
#[cfg(test)]
mod old {
    use super::{Depth, MAX_BRACKETS, MAX_CHAIN};

    /// Measures the nesting of `text`; `Err` at the first construct too deep to parse safely.
    pub(super) fn measure(text: &str) -> Result<Depth, (usize, &'static str)> {
        let b = text.as_bytes();
        let mut seen = Depth::default();
        let mut depth = 0usize;
        let mut chain: Vec<usize> = vec![0];
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            match c {
                b'/' if b.get(i + 1) == Some(&b'/') => {
                    i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |j| i + j);
                    continue;
                }
                b'/' if b.get(i + 1) == Some(&b'*') => {
                    let mut nest = 1usize;
                    i += 2;
                    while i < b.len() && nest > 0 {
                        if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                            nest += 1;
                            i += 1;
                        } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                            nest -= 1;
                            i += 1;
                        }
                        i += 1;
                    }
                    continue;
                }
                b'r' if matches!(b.get(i + 1), Some(b'#' | b'"')) && (i == 0 || !is_ident(b[i - 1])) => {
                    let hashes = b[i + 1..].iter().take_while(|&&h| h == b'#').count();
                    if b.get(i + 1 + hashes) == Some(&b'"') {
                        let close: Vec<u8> = std::iter::once(b'"').chain(std::iter::repeat_n(b'#', hashes)).collect();
                        let from = i + 2 + hashes;
                        i = memchr::memmem::find(&b[from..], &close).map_or(b.len(), |j| from + j + close.len());
                        continue;
                    }
                }
                b'"' => {
                    i += 1;
                    while i < b.len() && b[i] != b'"' {
                        i += if b[i] == b'\\' { 2 } else { 1 };
                    }
                }
                b'\'' => {
                    // A char literal (`'a'`, `'\n'`), else a lifetime.
                    if b.get(i + 1) == Some(&b'\\') {
                        i += 2;
                        while i < b.len() && b[i] != b'\'' {
                            i += 1;
                        }
                    } else if let Some(len) = text.get(i + 1..).and_then(|t| t.chars().next()).map(char::len_utf8)
                        && b.get(i + 1 + len) == Some(&b'\'')
                    {
                        i += 1 + len;
                    }
                }
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    seen.brackets = seen.brackets.max(depth);
                    if depth > MAX_BRACKETS {
                        return Err((i, "brackets nested too deeply"));
                    }
                    chain.push(0);
                }
                b')' | b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    if chain.len() > 1 {
                        chain.pop();
                    }
                }
                b',' | b';' => {
                    if let Some(n) = chain.last_mut() {
                        *n = 0;
                    }
                }
                b'+' | b'-' | b'*' | b'/' | b'%' | b'&' | b'|' | b'^' | b'!' | b'.' | b'<' | b'>' | b'=' | b'?' => {
                    if let Some(n) = chain.last_mut() {
                        *n += 1;
                        seen.chain = seen.chain.max(*n);
                        if *n > MAX_CHAIN {
                            return Err((i, "an expression with too many chained operators"));
                        }
                    }
                }
                _ => {}
            }
            i += 1;
        }
        Ok(seen)
    }

    fn is_ident(c: u8) -> bool {
        c.is_ascii_alphanumeric() || c == b'_'
    }

    use proptest::prelude::*;

    /// Whether `text` holds a construct the old lexer read differently from rustc (and from blanking): a
    /// raw `br"…"`/`cr"…"` string (read as an escaped string), `r"…"` right after a non-ASCII identifier
    /// character (read as a raw string), `'\''` (ended at its escaped quote).
    fn old_misread(text: &str) -> bool {
        let b = text.as_bytes();
        ["br\"", "br#", "cr\"", "cr#", "'\\'"].iter().any(|p| text.contains(p))
            || (1..b.len()).any(|k| b[k] == b'r' && b[k - 1] >= 0x80 && matches!(b.get(k + 1), Some(b'"' | b'#')))
    }

    /// Compares the old and the new measure on `text`; whether they differ (allowed only where the old
    /// lexer misread).
    fn same(text: &str) -> bool {
        let (was, is) = (measure(text), super::measure(text));
        if was != is {
            assert!(old_misread(text), "{text:?}: {was:?} became {is:?}");
        }
        was != is
    }

    /// Pieces that steer the lexer: every literal prefix, escapes, nested comments, lifetimes, raw identifiers.
    const PIECES: &[&str] = &[
        "fn f() {",
        "}",
        "{",
        "(",
        ")",
        "[",
        "]",
        "= [1, 2];",
        "m!(",
        "\"",
        "\\\"",
        "\\",
        "'a",
        "'\\''",
        "'\\",
        "b'x'",
        "b'",
        "r#\"",
        "\"#",
        "\"##",
        "br##\"",
        "cr\"",
        "b\"",
        "c\"",
        "r\"",
        "r#",
        "r##",
        "r#x",
        "//",
        "/*",
        "*/",
        "\n",
        " ",
        "+",
        "-",
        "&&",
        "=",
        "==",
        "!",
        "?",
        ".",
        "<",
        ">",
        "|",
        "^",
        "%",
        "#",
        ";",
        ",",
        "中文档",
        "😀",
        "é",
        "\u{3000}",
        "\u{200E}",
        "'",
        "'é'",
        "'(",
        "'('",
        "x",
        "_r\"",
        "1r\"",
    ];

    fn rust_ish() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![4 => prop::sample::select(PIECES).prop_map(str::to_string), 1 => ".{0,3}"],
            0..80,
        )
        .prop_map(|v| v.concat())
    }

    /// `text` alone, and placed so that it decides whether and where a limit is crossed.
    fn variants(text: &str) -> [String; 4] {
        [
            text.to_string(),
            format!("fn f() {{ {}{text}{} }}", "(".repeat(250), ")".repeat(250)),
            format!("{}{text}{}", "[".repeat(200), "{".repeat(100)),
            format!("let x = 1{}{text}{};", "+1".repeat(4090), "-1".repeat(10)),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 20_000, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn the_new_measure_equals_the_old_on_any_text(text in any::<String>()) {
            for v in variants(&text) {
                same(&v);
            }
        }

        #[test]
        fn the_new_measure_equals_the_old_on_rust_ish_text(text in rust_ish()) {
            for v in variants(&text) {
                same(&v);
            }
        }
    }

    #[test]
    #[allow(clippy::print_stdout, reason = "the counts are the report")]
    fn the_new_measure_equals_the_old_on_generated_text() {
        let mut seed: u64 = 0x9E3779B97F4A7C15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let (mut cases, mut misread, mut differ, mut lexed) = (0, 0, 0, 0);
        for _ in 0..50_000 {
            let mut s = String::new();
            for _ in 0..next() % 60 {
                s.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
            }
            for v in variants(&s) {
                cases += 1;
                misread += usize::from(old_misread(&v));
                differ += usize::from(same(&v));
            }
            // Where the two differ, the new one agrees with proc-macro2's lexer (as syn lexes), wherever
            // that lexes the text at all (and no doc comment becomes a `#[doc]` group).
            if measure(&s) != super::measure(&s)
                && !["///", "//!", "/**", "/*!"].iter().any(|d| s.contains(d))
                && let Ok(stream) = s.parse::<proc_macro2::TokenStream>()
            {
                lexed += 1;
                assert_eq!(super::measure(&s).map(|d| d.brackets), Ok(nesting(stream)), "{s:?}");
            }
        }
        println!(
            "{cases} cases, {misread} with a construct the old lexer misread, {differ} of them measured \
             differently, {lexed} of these checked against proc-macro2"
        );
    }

    /// Lexically valid text (balanced brackets around literals and comments that hide brackets, the ones the
    /// old lexer misread among them): the new measure's nesting is proc-macro2's, on every one.
    #[test]
    #[allow(clippy::print_stdout, reason = "the counts are the report")]
    fn the_new_measure_nests_as_proc_macro2_lexes() {
        const ATOMS: &[&str] = &[
            "x",
            "1",
            "+",
            "-",
            ",",
            ";",
            "'a",
            "\"((\"",
            "\"\\\"(\"",
            "r\"(\\\"",
            "r#\"(\"[\"#",
            "br\"\\\"",
            "br#\"a\"(\"#",
            "cr\"\\\\\"",
            "b\"\\\"[\"",
            "c\"{\"",
            "'\\''",
            "'('",
            "b'['",
            "'\\\\'",
            "/* ( /* [ */ { */",
            "// (\n",
            "é",
            "r#x",
        ];
        let mut seed: u64 = 0x2545F4914F6CDD1D;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let (mut cases, mut differ) = (0, 0);
        for _ in 0..50_000 {
            let mut s = String::new();
            let mut open: Vec<char> = Vec::new();
            for _ in 0..next() % 80 {
                match next() % 6 {
                    0 => {
                        let (o, c) = [('(', ')'), ('[', ']'), ('{', '}')][(next() % 3) as usize];
                        s.push(o);
                        open.push(c);
                    }
                    1 if !open.is_empty() => s.extend(open.pop()),
                    _ => s.push_str(ATOMS[(next() % ATOMS.len() as u64) as usize]),
                }
                s.push(' ');
            }
            s.extend(open.into_iter().rev());
            let Ok(stream) = s.parse::<proc_macro2::TokenStream>() else { panic!("{s:?} does not lex") };
            cases += 1;
            differ += usize::from(measure(&s) != super::measure(&s));
            assert_eq!(super::measure(&s).map(|d| d.brackets), Ok(nesting(stream)), "{s:?}");
        }
        println!("{cases} lexically valid texts, {differ} measured differently by the old lexer");
    }

    fn nesting(stream: proc_macro2::TokenStream) -> usize {
        stream
            .into_iter()
            .map(|t| match t {
                proc_macro2::TokenTree::Group(g) => 1 + nesting(g.stream()),
                _ => 0,
            })
            .max()
            .unwrap_or(0)
    }

    /// Every `.rs` file under `PRECHECK_RS_CORPUS` (run by hand: `--ignored`), and the time each takes.
    #[test]
    #[ignore = "needs a corpus of Rust files"]
    #[allow(clippy::print_stdout, reason = "the counts are the report")]
    fn the_new_measure_equals_the_old_on_a_corpus() {
        let Some(root) = std::env::var_os("PRECHECK_RS_CORPUS") else { return };
        let mut dirs = vec![std::path::PathBuf::from(root)];
        let mut texts = Vec::new();
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && let Ok(text) = std::fs::read_to_string(&path)
                {
                    texts.push((path, text));
                }
            }
        }
        let mut differ = 0;
        for (path, text) in &texts {
            if measure(text) != super::measure(text) {
                differ += 1;
                println!("differs: {} {:?} {:?}", path.display(), measure(text), super::measure(text));
            }
        }
        let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
        let time = |f: &dyn Fn(&str) -> bool| {
            let start = std::time::Instant::now();
            let n = texts.iter().filter(|(_, t)| f(t)).count();
            (start.elapsed(), n)
        };
        // Alternating, the best of 15 each: the machine is shared.
        let (mut was, mut is) = (time(&|t| measure(t).is_ok()), time(&|t| super::measure(t).is_ok()));
        for _ in 0..14 {
            was = was.min(time(&|t| measure(t).is_ok()));
            is = is.min(time(&|t| super::measure(t).is_ok()));
        }
        println!("{} files, {bytes} bytes, {differ} differ; old {was:?}, new {is:?}", texts.len());
    }
}
