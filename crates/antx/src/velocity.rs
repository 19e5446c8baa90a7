//! A small Velocity 1.7 scanner: enough to tell rendered references from comments (`##`, `#* *#`),
//! unparsed blocks (`#[[ ]]#`), escaped references (`\$x`) and directive arguments, to collect `#set`,
//! `#foreach` and macro-parameter names, and to find unbalanced blocks (antx.md §2.3).

use std::collections::HashSet;
use std::ops::Range;

/// A reference whose value is written into the output (what autoconfig's insertion handler sees).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// The name as autoconfig normalises it: the dotted identifier before any method call.
    pub name: String,
    /// The whole reference, `$` to its end.
    pub range: Range<usize>,
    /// Written `${…}` (the form a `${D}{…}` escape must replace).
    pub braced: bool,
    /// Followed by a method call (`$a.b.trim()`).
    pub call: bool,
}

/// A Velocity syntax problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub range: Range<usize>,
}

/// What a template renders.
#[derive(Clone, Debug, Default)]
pub struct Scan {
    pub references: Vec<Reference>,
    /// Names Velocity itself defines: `#set` targets, `#foreach` variables, macro parameters.
    pub locals: HashSet<String>,
    pub errors: Vec<SyntaxError>,
    /// Every referenced name, rendered or inside a directive (for "is this property used" questions).
    pub mentioned: HashSet<String>,
}

const BLOCK: &[&str] = &["if", "foreach", "macro", "define"];
const WITH_ARGS: &[&str] = &["set", "if", "elseif", "foreach", "macro", "parse", "include", "evaluate", "define"];
const BARE: &[&str] = &["else", "end", "stop", "break"];

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic()
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// Scans a template.
pub fn scan(text: &str) -> Scan {
    let mut s = Scanner { b: text.as_bytes(), out: Scan::default(), stack: Vec::new() };
    s.run();
    for (word, range) in s.stack.drain(..).rev() {
        s.out.errors.push(SyntaxError { message: format!("`#{word}` is never closed with `#end`"), range });
    }
    s.out.errors.sort_by_key(|e| e.range.start);
    s.out
}

struct Scanner<'a> {
    b: &'a [u8],
    out: Scan,
    /// Open blocks: directive word and its range.
    stack: Vec<(String, Range<usize>)>,
}

impl Scanner<'_> {
    fn run(&mut self) {
        let mut i = 0;
        while i < self.b.len() {
            match self.b[i] {
                b'\\' => {
                    let mut j = i;
                    while j < self.b.len() && self.b[j] == b'\\' {
                        j += 1;
                    }
                    // An odd run of backslashes escapes the reference or directive that follows.
                    if (j - i) % 2 == 1 && j < self.b.len() && (self.b[j] == b'$' || self.b[j] == b'#') {
                        i = if self.b[j] == b'$' {
                            self.reference(j).map_or(j + 1, |r| r.range.end)
                        } else {
                            self.word_end(j + 1)
                        };
                    } else {
                        i = j;
                    }
                }
                b'$' => match self.reference(i) {
                    Some(r) => {
                        i = r.range.end;
                        self.out.mentioned.insert(r.name.clone());
                        if r.call {
                            self.mention_inside(r.range.clone());
                        }
                        self.out.references.push(r);
                    }
                    None => i += 1,
                },
                b'#' => i = self.hash(i),
                _ => i += 1,
            }
        }
    }

    fn word_end(&self, mut i: usize) -> usize {
        while i < self.b.len() && is_ident(self.b[i]) {
            i += 1;
        }
        i
    }

    fn error(&mut self, message: String, range: Range<usize>) {
        self.out.errors.push(SyntaxError { message, range });
    }

    /// `#…` at `i`: a comment, an unparsed block, a directive or plain text. Returns where scanning goes on.
    fn hash(&mut self, i: usize) -> usize {
        let b = self.b;
        match b.get(i + 1) {
            Some(b'#') => return memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n + 1),
            Some(b'*') => {
                return match memchr::memmem::find(&b[i + 2..], b"*#") {
                    Some(n) => i + 2 + n + 2,
                    None => {
                        self.error("the `#*` comment is never closed with `*#`".into(), i..i + 2);
                        b.len()
                    }
                };
            }
            Some(b'[') if b.get(i + 2) == Some(&b'[') => {
                return match memchr::memmem::find(&b[i + 3..], b"]]#") {
                    Some(n) => i + 3 + n + 3,
                    None => {
                        self.error("the `#[[` unparsed block is never closed with `]]#`".into(), i..i + 3);
                        b.len()
                    }
                };
            }
            _ => {}
        }
        let braced = b.get(i + 1) == Some(&b'{');
        let start = if braced { i + 2 } else { i + 1 };
        if start >= b.len() || !is_ident_start(b[start]) {
            return i + 1;
        }
        let mut end = start;
        while end < b.len() && b[end].is_ascii_alphanumeric() {
            end += 1;
        }
        let word = String::from_utf8_lossy(&b[start..end]).into_owned();
        if !WITH_ARGS.contains(&word.as_str()) && !BARE.contains(&word.as_str()) {
            return i + 1; // Text such as `#ffffff`, or a macro call: rendered as written when undefined.
        }
        if braced {
            if b.get(end) != Some(&b'}') {
                return i + 1;
            }
            end += 1;
        } else if end < b.len() && is_ident(b[end]) {
            return i + 1; // `#endif`, `#settings`: not a directive.
        }
        let range = i..end;
        match word.as_str() {
            "end" => {
                if self.stack.pop().is_none() {
                    self.error("`#end` without an opening `#if`, `#foreach` or `#macro`".into(), range);
                }
                return end;
            }
            "else" => {
                if !matches!(self.stack.last(), Some((w, _)) if w == "if") {
                    self.error("`#else` outside an `#if` block".into(), range);
                }
                return end;
            }
            "stop" | "break" => return end,
            _ => {}
        }
        // A directive with arguments: `#word (…)`.
        let mut p = end;
        while p < b.len() && matches!(b[p], b' ' | b'\t') {
            p += 1;
        }
        if b.get(p) != Some(&b'(') {
            self.error(format!("`#{word}` must be followed by `(`"), range);
            return end;
        }
        let Some(close) = self.matching_paren(p) else {
            self.error(format!("the arguments of `#{word}` are never closed with `)`"), range);
            return b.len();
        };
        self.arguments(&word, p + 1..close);
        if word == "elseif" && !matches!(self.stack.last(), Some((w, _)) if w == "if") {
            self.error("`#elseif` outside an `#if` block".into(), range.clone());
        }
        if BLOCK.contains(&word.as_str()) {
            self.stack.push((word, range));
        }
        close + 1
    }

    /// The `)` that closes the `(` at `open`, skipping string literals.
    fn matching_paren(&self, open: usize) -> Option<usize> {
        let b = self.b;
        let mut depth = 0usize;
        let mut i = open;
        while i < b.len() {
            match b[i] {
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(i);
                    }
                }
                q @ (b'"' | b'\'') => {
                    i += 1;
                    while i < b.len() && b[i] != q {
                        if b[i] == b'\n' {
                            return None;
                        }
                        i += 1;
                    }
                }
                b'\n' if b[open..i].iter().filter(|&&c| c == b'\n').count() > 50 => return None,
                _ => {}
            }
            i += 1;
        }
        None
    }

    /// The names referenced inside a method call's arguments (`$stringUtil.trim(${db.url})`): used, though
    /// not rendered by themselves. One pass over the range: each `$` gives its dotted name, without resolving
    /// calls again, so nested calls cost no more than the text.
    fn mention_inside(&mut self, range: Range<usize>) {
        let b = self.b;
        let Some(open) = b[range.start..range.end].iter().position(|&c| c == b'(').map(|k| range.start + k) else {
            return;
        };
        let mut i = open;
        while i < range.end {
            if b[i] != b'$' {
                i += 1;
                continue;
            }
            let mut p = i + 1;
            if b.get(p) == Some(&b'!') {
                p += 1;
            }
            if b.get(p) == Some(&b'{') {
                p += 1;
            }
            let start = p;
            while p < range.end && (is_ident(b[p]) || b[p] == b'.' && b.get(p + 1).is_some_and(|&c| is_ident_start(c)))
            {
                p += 1;
            }
            if p > start && is_ident_start(b[start]) {
                let name = String::from_utf8_lossy(&b[start..p]);
                // A trailing method name (`$a.b.trim(`) is not part of the property.
                let name =
                    if b.get(p) == Some(&b'(') { name.rsplit_once('.').map_or(&*name, |(n, _)| n) } else { &name };
                self.out.mentioned.insert(name.to_string());
            }
            i = p.max(i + 1);
        }
    }

    /// Names defined or mentioned by a directive's arguments.
    fn arguments(&mut self, word: &str, args: Range<usize>) {
        let mut refs = Vec::new();
        let mut i = args.start;
        while i < args.end {
            if self.b[i] == b'$' {
                if let Some(r) = self.reference(i) {
                    i = r.range.end;
                    refs.push(r);
                    continue;
                }
            }
            i += 1;
        }
        let first = refs.first().map(|r| r.name.split('.').next().unwrap_or_default().to_string());
        match word {
            "set" | "foreach" => {
                if let Some(name) = first {
                    self.out.locals.insert(name);
                }
                if word == "foreach" {
                    for implicit in ["velocityCount", "velocityHasNext", "foreach"] {
                        self.out.locals.insert(implicit.to_string());
                    }
                }
            }
            "macro" | "define" => {
                let skip = usize::from(word == "define");
                for r in refs.iter().skip(skip) {
                    self.out.locals.insert(r.name.clone());
                }
                if word == "define" {
                    if let Some(name) = first {
                        self.out.locals.insert(name);
                    }
                }
            }
            _ => {}
        }
        for r in refs {
            if r.call {
                self.mention_inside(r.range.clone());
            }
            self.out.mentioned.insert(r.name);
        }
    }

    /// The reference starting with `$` at `i`, or `None` when the `$` is plain text.
    fn reference(&mut self, i: usize) -> Option<Reference> {
        let b = self.b;
        let mut p = i + 1;
        if b.get(p) == Some(&b'!') {
            p += 1;
        }
        let braced = b.get(p) == Some(&b'{');
        if braced {
            p += 1;
        }
        if p >= b.len() || !is_ident_start(b[p]) {
            return None;
        }
        let name_start = p;
        let mut name_end;
        let mut call = false;
        loop {
            p = self.word_end(p);
            name_end = p;
            // `.ident` continues the reference; `.` followed by anything else ends it.
            if b.get(p) == Some(&b'.') && b.get(p + 1).is_some_and(|&c| is_ident_start(c)) {
                let next = self.word_end(p + 1);
                if b.get(next) == Some(&b'(') {
                    call = true;
                    p = match self.matching_paren(next) {
                        Some(close) => close + 1,
                        None => next,
                    };
                    break;
                }
                p += 1;
                continue;
            }
            break;
        }
        // Further calls, properties or index brackets after a call belong to the same reference.
        while call && b.get(p) == Some(&b'.') && b.get(p + 1).is_some_and(|&c| is_ident_start(c)) {
            let next = self.word_end(p + 1);
            p = if b.get(next) == Some(&b'(') { self.matching_paren(next).map_or(next, |c| c + 1) } else { next };
        }
        let name = String::from_utf8_lossy(&b[name_start..name_end]).into_owned();
        if braced {
            if b.get(p) != Some(&b'}') {
                let range = i..p;
                self.error(format!("`${{{name}` is not closed with `}}`"), range.clone());
                return Some(Reference { name, range, braced, call });
            }
            p += 1;
        }
        Some(Reference { name, range: i..p, braced, call })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        scan(text).references.into_iter().map(|r| r.name).collect()
    }

    #[test]
    fn rendered_references_only() {
        let t = "a ${order.db.url} $b_c $!{q} \\${esc} ## ${comment}\n#* $block *# #[[ $raw ]]# $x.trim() 5$ $1\n";
        assert_eq!(names(t), ["order.db.url", "b_c", "q", "x"]);
        let s = scan("#set($n = $order_home)\n#foreach($i in $list)$i#end\n${D}{jdbc.url}\n");
        assert!(s.locals.contains("n") && s.locals.contains("i"));
        assert!(s.mentioned.contains("order_home"));
        let s =
            scan("$stringUtil.trim(${db.url}) #if($numberUtil.isNumber($!{pool.max}))x#end $a.b($c.d($e_f.g.trim()))");
        for name in ["db.url", "pool.max", "c", "e_f.g"] {
            assert!(s.mentioned.contains(name), "{name}: {:?}", s.mentioned);
        }
        assert!(s.errors.is_empty(), "{:?}", s.errors);
    }

    #[test]
    fn syntax_errors() {
        let s = scan("#if($a)\nx\n#foreach($i in $l)\n#end\n${open\n#end\n#end\n");
        let msgs: Vec<&str> = s.errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            msgs,
            ["`${open` is not closed with `}`", "`#end` without an opening `#if`, `#foreach` or `#macro`"]
        );
        let s = scan("#if($a)\n");
        assert_eq!(s.errors.len(), 1);
        let s = scan("color: #ffffff; #endif #set x");
        assert_eq!(s.errors.len(), 1, "{:?}", s.errors);
    }
}
