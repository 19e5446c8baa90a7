//! Parse less: the method bodies no enabled rule can say anything about are left out of the parse.
//!
//! tree-sitter-java's parse is nearly all of the check's cost (benches/README.md, Java: about 12 MB/s), so the
//! way to go faster is to parse less. Before the parse, one pass over the bytes ([`scan`]: strings, character
//! literals, text blocks and comments skipped, braces matched) finds the bodies of methods, constructors and
//! initializers of every named type, and which of the rules' *anchor* words each body holds. A rule's anchors
//! are words its finding cannot do without: JV003 reports `new BigDecimal(…)`, so a body without the word
//! `BigDecimal` holds no JV003 finding. A body that holds no enabled rule's anchors is parsed as `{}`
//! (`Parser::set_included_ranges`: every position stays that of the file), with the comments between members;
//! a rule whose anchors are not in the file at all is not run on it, and one whose anchors are not in a kept
//! body is not handed that body's nodes. A file in which no enabled rule's anchors are met is not parsed at all,
//! and the `import` declarations are left out of the parse unless a rule run on the file reads them
//! ([`reads_imports`]). Some anchors may be outside the body (`near`: JV002's boxed type is
//! often a field's or a parameter's), and the scan's `==` is one between two names (JV002 says nothing about
//! `x == null`).
//!
//! Some anchors are marks the scan makes for a form rather than words of the text (`if;`: a control statement
//! not followed by `{`; `for:add`: a resizing call on a for-each's own collection; `log.info`, `equals(C)`, …):
//! a mark may be made where the rule then finds nothing (a comment in the way counts as a match), never missed
//! where it would find something; `tests/hollow.rs` holds sources on their edges.
//!
//! Adding a rule: without an entry in [`anchors`] it is exact and turns the shortcut off while enabled; with
//! one, `tests/hollow.rs` checks its fixtures with the shortcut on and off. A rule with anchors that reads the
//! imports is named in [`reads_imports`], one that reads a body from outside it in [`reads_every_body`].
//!
//! Why this is exact: a rule handed a node inside a body reads that body and the declarations around it, never
//! a sibling body; a rule handed a node outside every body (a class, a field, a method's header) reads headers,
//! never a body's inside (JV019 reads a class's method names and parameters, JV025 their annotations), except
//! those of [`reads_every_body`], which keep every body. A rule not in [`anchors`] reads anything: when it is
//! enabled nothing is left out. When the scan cannot follow the
//! file (unbalanced braces, an unclosed string), or the parse of what is left has an error, the file is parsed
//! whole, so JV000 reports what it did before; it does not look inside a body no other enabled rule reads.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;
use std::sync::atomic::AtomicBool;

/// Whether bodies may be left out and rules skipped: on, except in the test that compares the findings with and
/// without (tests/hollow.rs).
#[doc(hidden)]
pub static ENABLED: AtomicBool = AtomicBool::new(true);

/// A rule's anchors: every group must have one of its words in the text (conjunctive normal form).
#[derive(Clone, Copy)]
pub struct Anchors {
    /// In the body that holds the node the rule reports on (and so in the file).
    pub body: &'static [&'static [&'static str]],
    /// In that body or outside every body (a field's or a parameter's type the rule looks up).
    pub near: &'static [&'static [&'static str]],
}

/// A group no body satisfies: the rule's nodes are never inside a body (imports). In the file, only the
/// rule's `near` anchors count then.
const NEVER: &[&[&str]] = &[&[]];

/// The anchors of each rule that has them; `None`: the rule may report anywhere (it reads every body).
pub fn anchors(code: &str) -> Option<Anchors> {
    let body: &'static [&'static [&'static str]] = match code {
        // `equals` called with a constant (the scan's `equals(C)`).
        "JV001" => &[&["equals(C)"]],
        // `==` and `!=` count only without a literal on either side (the scan's `==` is that). The boxed
        // type's word is in the body or outside every body, unless an operand is a call or a field access
        // (`==.`), whose type may be a getter's in another file (rules/types.rs).
        "JV002" => &[&["==", "!="]],
        "JV003" => &[&["BigDecimal"]],
        // The declaration (its type) or a `format`/`parse` call on a static field declared with that type.
        "JV004" => &[&["SimpleDateFormat", "DateFormat", "format", "parse"]],
        // `Executors.newFixedThreadPool(…)` or the factory imported statically: the factory's name is there.
        "JV005" => &[&[
            "newFixedThreadPool",
            "newSingleThreadExecutor",
            "newCachedThreadPool",
            "newScheduledThreadPool",
            "newSingleThreadScheduledExecutor",
        ]],
        "JV006" => &[&["Thread"]],
        "JV007" | "JV008" => &[&["switch"]],
        // A control statement whose body is not a `{` (the scan's `if;`).
        "JV009" => &[&["if;"]],
        // A `catch` and an empty block (the scan's `{}`).
        "JV011" => &[&["catch"], &["{}"]],
        "JV012" => &[&["printStackTrace"]],
        // `System.out` or `System.err` (the scan's `System.out`).
        "JV013" => &[&["System.out"]],
        "JV014" => NEVER,
        "JV016" => &[&["subList"], &["ArrayList"]],
        // A resizing call after an `asList` in the body (the scan's `asList:add`): the list is made before it is
        // resized.
        "JV017" => &[&["asList:add"]],
        // A call that resizes the collection of a for-each before it in the body (the scan's `for:add`).
        "JV018" => &[&["for:add"]],
        "JV019" => &[&["class"], &["equals", "hashCode"]],
        "JV021" => &[&["class", "interface", "enum", "record"]],
        "JV023" => &[&["class"], &["abstract"]],
        "JV024" => &[&["class"], &["extends"]],
        "JV025" => &[&["class"], &["Test", "ParameterizedTest", "RepeatedTest"]],
        "JV027" => &[&["sleep"]],
        "JV028" => &[&["exit", "halt"]],
        // A `return` after a `finally` in the body (the scan's `finally:return`).
        "JV029" => &[&["finally:return"]],
        "JV030" => &[&["SimpleDateFormat", "DateTimeFormatter", "FastDateFormat"]],
        "JV031" => &[&["compile"]],
        // `toArray()` without arguments (the scan's `toArray()`).
        "JV032" => &[&["toArray()"]],
        "JV033" => &[&["ThreadPoolExecutor", "ScheduledThreadPoolExecutor"]],
        // A method in a body is an anonymous class's (the scan's `class{`) or a local type's.
        "JV034" => &[&["equals", "hashCode", "toString"], &["class{", "class", "interface", "enum", "record"]],
        // A number ending in `l` (the scan's `1l`).
        "JV010" => &[&["1l"]],
        // It reads the body of the method it is handed the annotation of (a method that rolls back by hand), so
        // while it runs on a file no body is left out ([`reads_every_body`]).
        "JV015" => &[&["Transactional"]],
        // A literal in the condition of an `if` or a loop that may be magic (the scan's `if(1)`).
        "JV020" => &[&["if(1)"]],
        // A field or constant in a body is a local or anonymous class's: `static` (and `final`), or an
        // interface's.
        "JV022" => &[&["static", "interface"]],
        // A field in a body is a local class's.
        "JV026" | "JV039" | "JV040" => &[&["class"]],
        // `size()` compared, or `0` compared (the scan's `size()<`).
        "JV035" => &[&["size()<"]],
        "JV036" => &[&["toMap"]],
        // `trace`/`debug`/`info` called on `log`, `LOGGER`, … (the scan's `log.info`).
        "JV037" => &[&["log.info"]],
        _ => return None,
    };
    let near: &'static [&'static [&'static str]] = match code {
        "JV002" => &[&["Integer", "Long", "Short", "Byte", "Character", "==."]],
        "JV004" => &[&["SimpleDateFormat", "DateFormat"]],
        "JV014" => &[&["import"]],
        _ => &[],
    };
    Some(Anchors { body, near })
}

/// Whether the rule reads `import` declarations (JV005 a static import of a factory, JV014 the imports
/// themselves): while none of the rules run on a file does, its imports are left out of the parse. JV014 runs
/// only on a file whose text holds one of `[java] banned-logging-imports` (`tree::met_by_config`).
pub fn reads_imports(code: &str) -> bool {
    matches!(code, "JV005" | "JV014")
}

/// Whether the rule, handed a node outside every body, may read a body (JV015: the annotated method's, for a
/// rollback by hand): while it runs on a file, no body of it is left out.
pub fn reads_every_body(code: &str) -> bool {
    code == "JV015"
}

/// A set of anchor words, as bits of [`Words::index`].
pub type Bits = u128;

/// FNV-1a: the scan looks up every word of the file that has an anchor's length, and std's SipHash was 2% of the
/// check at defaults (perf); the keys are our own words, so no flooding to fear.
#[derive(Default)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// Every anchor word, numbered.
pub struct Words {
    index: HashMap<&'static [u8], u8, std::hash::BuildHasherDefault<Fnv>>,
    /// The lengths of the words, as bits (1 << len): most identifiers are ruled out before the hash.
    lengths: u64,
}

/// The compiled anchors of one rule: one mask per group.
pub struct Compiled {
    pub body: Vec<Bits>,
    pub near: Vec<Bits>,
}

/// Whether `found` has a word of every group.
fn all(groups: &[Bits], found: Bits) -> bool {
    groups.iter().all(|g| g & found != 0)
}

impl Compiled {
    /// Whether the words of a whole file meet the anchors: the rule may find something in it.
    pub fn met_file(&self, file: Bits) -> bool {
        // A rule whose nodes are never in a body (an empty group) has its body anchors nowhere to be.
        (self.body.contains(&0) || all(&self.body, file)) && all(&self.near, file)
    }

    /// Whether the words of a body, and those outside every body (`skeleton`), meet the anchors: the rule may
    /// find something in the body.
    pub fn met_body(&self, body: Bits, skeleton: Bits) -> bool {
        all(&self.body, body) && all(&self.near, body | skeleton)
    }
}

/// The words of every rule's anchors, numbered once.
pub fn words() -> &'static Words {
    static WORDS: OnceLock<Words> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut index: HashMap<&'static [u8], u8, std::hash::BuildHasherDefault<Fnv>> = HashMap::default();
        let mut lengths = 0u64;
        for (rule, _) in crate::rules::DISPATCH {
            let Some(a) = anchors(rule.code) else { continue };
            for word in a.body.iter().chain(a.near).flat_map(|g| g.iter()) {
                let next = u8::try_from(index.len()).unwrap_or(u8::MAX);
                index.entry(word.as_bytes()).or_insert(next);
                lengths |= 1u64 << word.len().min(63);
            }
        }
        // 128 bits hold them all (a test keeps it so).
        Words { index, lengths }
    })
}

impl Words {
    /// How many words there are.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    fn bit(&self, word: &[u8]) -> Bits {
        if word.len() >= 64 || self.lengths & (1u64 << word.len()) == 0 {
            return 0;
        }
        self.index.get(word).map_or(0, |&i| 1u128.checked_shl(u32::from(i)).unwrap_or(0))
    }

    /// `anchors` as masks.
    pub fn compile(&self, anchors: &Anchors) -> Compiled {
        let mask = |groups: &[&[&str]]| -> Vec<Bits> {
            groups.iter().map(|g| g.iter().fold(0, |m, w| m | self.bit(w.as_bytes()))).collect()
        };
        Compiled { body: mask(anchors.body), near: mask(anchors.near) }
    }
}

/// What [`scan`] found: the anchor words of the whole file, of what is outside every body, and of each body.
pub struct Scan {
    pub file: Bits,
    pub skeleton: Bits,
    /// The inside of each body (after `{`, before `}`) and the words in it.
    pub bodies: Vec<(Range<usize>, Bits)>,
    /// The comments between members and declarations (license headers, Javadoc): no rule reads them (JV008 and
    /// JV011 read those in a `switch` and a `catch`, which are in bodies).
    pub comments: Vec<Range<usize>>,
    /// The `import` declarations (from the keyword to the `;`, those next to each other joined): only JV005 and
    /// JV014 read them ([`reads_imports`]).
    pub imports: Vec<Range<usize>>,
}

/// The kind of an open brace.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Brace {
    /// The body of a named type (class, interface, enum, record, annotation type): members follow. An enum's
    /// constants come first, until a `;`: a brace among them is a constant's body.
    Type { enum_constants: bool },
    /// A method's, constructor's or initializer's body directly in a type body.
    Body,
    /// Anything else: an array initializer, a lambda or anonymous class in a field's initializer, an enum
    /// constant's body, a block inside a body. Never left out itself.
    Other,
}

/// What has been seen of the current member's header (since the last `;`, `{` or `}` of the type body), at
/// parenthesis depth 0.
#[derive(Default)]
struct Header {
    tokens: u32,
    only_static: bool,
    type_keyword: Option<bool>,
    assign: bool,
    after_params: bool,
    default_value: bool,
}

/// Scans `text` for bodies and anchor words; `None` when it cannot follow the file's braces and literals.
pub fn scan(text: &[u8], words: &Words) -> Option<Scan> {
    let mut stack: Vec<(Brace, usize)> = Vec::new();
    let mut header = Header { only_static: true, ..Header::default() };
    let mut parens = 0usize;
    let mut file: Bits = 0;
    let mut skeleton: Bits = 0;
    let mut bodies = Vec::new();
    let mut comments = Vec::new();
    let mut imports: Vec<Range<usize>> = Vec::new();
    // Where the `import` being scanned starts.
    let mut import_at: Option<usize> = None;
    // The parenthesis depth outside the `for (…)` being scanned: a `:` just inside it makes a for-each (`for:`).
    let mut for_at: Option<usize> = None;
    // Where the collection of that for-each starts (after its `:`), and the collections of the for-each loops of
    // the body being scanned, as written: `xs.add(…)` with one of them makes `for:add` (JV018).
    let mut for_colon: Option<usize> = None;
    let mut collections: Vec<&[u8]> = Vec::new();
    // Whether the body being scanned (or the text outside bodies) has had an `asList` (JV017) and a `finally`
    // (JV029) so far.
    let (mut as_list, mut finally) = (false, false);
    // The parenthesis depths outside the `if (…)`, `for (…)` and `while (…)` being scanned: a literal inside makes
    // `if(1)` (JV020), and what follows the `)` makes `if;` unless it is a `{` (JV009).
    let mut conditions: Vec<usize> = Vec::new();
    // Whether the last token was a name (not a control keyword), or a `)` whose `(` followed one: `Name(…) {`
    // in a body opens an anonymous class or a local class's method (`class{`, JV034). One flag per open `(`.
    let (mut named, mut close_named) = (false, false);
    let mut paren_named: Vec<bool> = Vec::new();
    // The first byte after `at` that is not white space.
    let next = |at: usize| text.get(at..).and_then(|rest| rest.iter().find(|b| !b.is_ascii_whitespace()).copied());
    // The innermost body being scanned (index into `stack`), whose words are collected.
    let mut body_at: Option<usize> = None;
    let mut found: Bits = 0;
    // A word of a literal or of a keyword's form, in the file, in the body being scanned, or outside every body.
    macro_rules! mark {
        ($word:expr) => {{
            let bit = words.bit($word);
            file |= bit;
            found |= bit;
            if body_at.is_none() {
                skeleton |= bit;
            }
        }};
    }
    let n = text.len();
    let mut i = 0;
    let in_type = |stack: &[(Brace, usize)]| stack.last().is_none_or(|(b, ..)| matches!(b, Brace::Type { .. }));
    while i < n {
        let c = text[i];
        // Every token but white space and comments clears them; a name and a `)` set them again below.
        let (was_named, was_close_named) = (named, close_named);
        (named, close_named) = (false, false);
        match c {
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' => {
                (named, close_named) = (was_named, was_close_named);
                i += 1;
            }
            b'/' if text.get(i + 1) == Some(&b'/') => {
                let start = i;
                i = memchr::memchr(b'\n', &text[i..]).map_or(n, |p| i + p);
                (named, close_named) = (was_named, was_close_named);
                if parens == 0 && in_type(&stack) && import_at.is_none() {
                    comments.push(start..i);
                }
            }
            b'/' if text.get(i + 1) == Some(&b'*') => {
                let start = i;
                i = memchr::memmem::find(&text[i + 2..], b"*/").map(|p| i + 2 + p + 2)?;
                (named, close_named) = (was_named, was_close_named);
                if parens == 0 && in_type(&stack) && import_at.is_none() {
                    comments.push(start..i);
                }
            }
            b'"' if text[i..].starts_with(b"\"\"\"") => {
                i += 3;
                loop {
                    let p = memchr::memchr2(b'"', b'\\', text.get(i..)?)?;
                    i += p;
                    if text[i] == b'\\' {
                        i += 2;
                    } else if text[i..].starts_with(b"\"\"\"") {
                        i += 3;
                        break;
                    } else {
                        i += 1;
                    }
                }
                if conditions.last().is_some_and(|&d| parens > d) {
                    mark!(b"if(1)");
                }
                header.tokens += 1;
                header.only_static = false;
            }
            b'"' | b'\'' => {
                let start = i;
                i += 1;
                loop {
                    let p = memchr::memchr3(c, b'\\', b'\n', text.get(i..)?)?;
                    i += p;
                    match text[i] {
                        b'\\' => i += 2,
                        b'\n' => return None,
                        _ => {
                            i += 1;
                            break;
                        }
                    }
                }
                // A string other than `""` in a condition (a character is never magic to JV020).
                if c == b'"' && i - start > 2 && conditions.last().is_some_and(|&d| parens > d) {
                    mark!(b"if(1)");
                }
                header.tokens += 1;
                header.only_static = false;
            }
            b'{' => {
                if was_close_named && body_at.is_some() {
                    mark!(b"class{");
                }
                // An empty block (JV011: an empty `catch`; a comment inside makes it not empty).
                if next(i + 1) == Some(b'}') {
                    mark!(b"{}");
                }
                // A brace in a body, or in parentheses (a lambda or anonymous class in an argument), is no member's.
                let kind = if !in_type(&stack) || parens > 0 {
                    Brace::Other
                } else if let (Some(is_enum), false) = (header.type_keyword, header.assign) {
                    Brace::Type { enum_constants: is_enum }
                } else if header.assign
                    || header.default_value
                    || matches!(stack.last(), None | Some((Brace::Type { enum_constants: true }, ..)))
                {
                    Brace::Other
                } else if header.after_params || header.tokens == 0 || header.only_static {
                    Brace::Body
                } else {
                    Brace::Other
                };
                if kind == Brace::Body && body_at.is_none() {
                    body_at = Some(stack.len());
                    found = 0;
                    collections.clear();
                    (as_list, finally) = (false, false);
                }
                stack.push((kind, i + 1));
                import_at = None;
                header = Header { only_static: true, ..Header::default() };
                i += 1;
            }
            b'}' => {
                let (kind, start) = stack.pop()?;
                if body_at == Some(stack.len()) {
                    body_at = None;
                    if kind == Brace::Body {
                        bodies.push((start..i, found));
                    }
                }
                // Back in the enclosing type's body (or inside a body): a new member starts.
                header = Header { only_static: true, ..Header::default() };
                i += 1;
            }
            b'(' => {
                paren_named.push(was_named);
                parens += 1;
                header.tokens += 1;
                header.only_static = false;
                i += 1;
            }
            b':' => {
                // `for (T x : xs)`; a `?:` or `::` in a classic `for`'s parentheses counts too, which only keeps
                // a body.
                if for_at.is_some_and(|p| p + 1 == parens) && for_colon.is_none() {
                    for_colon = Some(i + 1);
                }
                header.tokens += 1;
                header.only_static = false;
                i += 1;
            }
            b')' => {
                close_named = paren_named.pop().unwrap_or(false);
                parens = parens.saturating_sub(1);
                if for_at == Some(parens) {
                    for_at = None;
                    if let Some(from) = for_colon.take() {
                        collections.push(text[from..i].trim_ascii());
                    }
                }
                // A keyword that never got its parentheses (broken code) is dropped here.
                while conditions.last().is_some_and(|&d| d > parens) {
                    conditions.pop();
                }
                if conditions.last() == Some(&parens) {
                    conditions.pop();
                    // `if (…) x();`: no brace (a comment before the brace counts as none, which only keeps a body).
                    if next(i + 1) != Some(b'{') {
                        mark!(b"if;");
                    }
                }
                if parens == 0 {
                    header.after_params = true;
                }
                header.tokens += 1;
                header.only_static = false;
                i += 1;
            }
            b';' => {
                if let (Some(start), true) = (import_at.take(), parens == 0 && stack.is_empty()) {
                    // Imports next to each other (whitespace between) are one range: fewer ranges to switch.
                    match imports.last_mut() {
                        Some(last) if text[last.end..start].iter().all(u8::is_ascii_whitespace) => last.end = i + 1,
                        _ => imports.push(start..i + 1),
                    }
                }
                if parens == 0 {
                    header = Header { only_static: true, ..Header::default() };
                    if let Some((Brace::Type { enum_constants }, ..)) = stack.last_mut() {
                        *enum_constants = false;
                    }
                }
                i += 1;
            }
            b'=' | b'!' if text.get(i + 1) == Some(&b'=') => {
                // Not with a literal on either side (`x == null`, `n != 0`, `"a" == s`): JV002, the one rule with
                // this anchor, says nothing about those, and they are most of the `==` in real code. A comment
                // next to the operator is not looked through: it counts as an operand that could be boxed.
                let word_byte = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'$' || *b >= 0x80;
                let head = text[..i].iter().rposition(|b| !b.is_ascii_whitespace()).map_or(0, |p| p + 1);
                let tail = text[..head].iter().rposition(|b| !word_byte(b)).map_or(0, |p| p + 1);
                let rest = &text[i + 2..];
                let after = rest.iter().position(|b| !b.is_ascii_whitespace()).map_or(&rest[..0], |p| &rest[p..]);
                let right_word = &after[..after.iter().position(|b| !word_byte(b)).unwrap_or(after.len())];
                let literal_word =
                    |w: &[u8]| matches!(w, b"null" | b"true" | b"false") || w.first().is_some_and(u8::is_ascii_digit);
                let left_literal = text.get(head.wrapping_sub(1)).is_some_and(|b| matches!(b, b'"' | b'\''))
                    || literal_word(&text[tail..head]);
                let right_literal =
                    after.first().is_some_and(|b| matches!(b, b'"' | b'\'')) || literal_word(right_word);
                let names = !left_literal && !right_literal;
                // `==.`: an operand may be a call or a field access (`a.getId()`, `o.id`, `getId()`), whose type
                // JV002 may find in another file; otherwise a boxed operand's type word is in this file. A
                // bracket or a comment next to the operator counts as such an operand, to stay safe.
                let left_member = text.get(head.wrapping_sub(1)).is_some_and(|b| matches!(b, b')' | b']' | b'/'))
                    || text[..tail]
                        .iter()
                        .rev()
                        .find(|b| !b.is_ascii_whitespace())
                        .is_some_and(|b| matches!(b, b'.' | b'/'));
                let next = after[right_word.len()..].iter().find(|b| !b.is_ascii_whitespace());
                let right_member = after.first().is_some_and(|b| matches!(b, b'(' | b'/'))
                    || (!right_word.is_empty() && next.is_some_and(|b| matches!(b, b'.' | b'(' | b'<' | b'/')));
                let mut bit = if names { words.bit(&text[i..i + 2]) } else { 0 };
                if names && (left_member || right_member) {
                    bit |= words.bit(b"==.");
                }
                file |= bit;
                found |= bit;
                if body_at.is_none() {
                    skeleton |= bit;
                }
                header.tokens += 1;
                header.only_static = false;
                i += 2;
            }
            b'=' => {
                if parens == 0 {
                    header.assign = true;
                }
                header.tokens += 1;
                header.only_static = false;
                i += 1;
            }
            b'0'..=b'9' => {
                let start = i;
                // A number: digits, letters (`0x1F`, `10L`, `1e5`), `_` and `.`; a sign after `e` splits it,
                // which is harmless (the rest is digits).
                while i < n && (text[i].is_ascii_alphanumeric() || text[i] == b'_' || text[i] == b'.') {
                    i += 1;
                }
                // `0 == list.size()` (JV035; a comment after the `0` counts too).
                if &text[start..i] == b"0" && matches!(next(i), Some(b'=' | b'!' | b'<' | b'>' | b'/')) {
                    mark!(b"size()<");
                }
                // A `long` literal with a lower-case suffix (JV010).
                if text[i - 1] == b'l' {
                    mark!(b"1l");
                }
                // A number in a condition that JV020 allows whatever the configuration: `0`, `1`, `-1`, `0L`, …
                // (after a `-`, only `1`; a binary minus counts as a sign, which only keeps a body).
                if conditions.last().is_some_and(|&d| parens > d) {
                    let number = &text[start..i];
                    let signed = text[..start].iter().rev().find(|b| !b.is_ascii_whitespace()) == Some(&b'-');
                    let allowed = if signed {
                        number == b"1"
                    } else {
                        matches!(
                            number,
                            b"0" | b"1"
                                | b"0L"
                                | b"1L"
                                | b"0.0"
                                | b"1.0"
                                | b"0l"
                                | b"1l"
                                | b"0.0d"
                                | b"0d"
                                | b"0f"
                                | b"0.0f"
                        )
                    };
                    if !allowed {
                        mark!(b"if(1)");
                    }
                }
                header.tokens += 1;
                header.only_static = false;
            }
            _ if c.is_ascii_alphabetic() || c == b'_' || c == b'$' || c >= 0x80 => {
                let start = i;
                while i < n
                    && (text[i].is_ascii_alphanumeric() || text[i] == b'_' || text[i] == b'$' || text[i] >= 0x80)
                {
                    i += 1;
                }
                let word = &text[start..i];
                // `X.class` is a literal, not a declaration.
                let literal =
                    word == b"class" && text[..start].iter().rev().find(|b| !b.is_ascii_whitespace()) == Some(&b'.');
                let bit = if literal { 0 } else { words.bit(word) };
                file |= bit;
                found |= bit;
                if body_at.is_none() {
                    skeleton |= bit;
                }
                if parens == 0 {
                    match word {
                        b"import" if stack.is_empty() && header.tokens == 0 => import_at = Some(start),
                        b"class" | b"interface" => header.type_keyword = Some(false),
                        // `record` is a keyword only before the record's name: `void record() {` is a method.
                        b"record"
                            if text[i..]
                                .iter()
                                .find(|b| !b.is_ascii_whitespace())
                                .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_' || *b == b'$' || *b >= 0x80) =>
                        {
                            header.type_keyword = Some(false)
                        }
                        b"enum" => header.type_keyword = Some(true),
                        // `String[] names() default {"a"}` in an annotation type: an array, not a body.
                        b"default" if header.after_params => header.default_value = true,
                        _ => {}
                    }
                }
                match word {
                    b"for" | b"if" | b"while" => {
                        conditions.push(parens);
                        if word == b"for" {
                            for_at = Some(parens);
                            for_colon = None;
                        }
                    }
                    // `else if` has its braces on the `if`.
                    b"else" => {
                        let rest = text.get(i..).unwrap_or_default();
                        let at = rest.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(rest.len());
                        let after_if = rest.get(at + 2).copied().unwrap_or(b' ');
                        let else_if = rest[at..].starts_with(b"if")
                            && !(after_if.is_ascii_alphanumeric()
                                || after_if == b'_'
                                || after_if == b'$'
                                || after_if >= 0x80);
                        if !else_if && next(i) != Some(b'{') {
                            mark!(b"if;");
                        }
                    }
                    b"do" if next(i) != Some(b'{') => mark!(b"if;"),
                    b"out" | b"err" if text[..start].ends_with(b"System.") => mark!(b"System.out"),
                    b"trace" | b"debug" | b"info" if logger_call(text, start) && plus_in_call(text, i) => {
                        mark!(b"log.info")
                    }
                    b"size" if size_compared(text, i) => mark!(b"size()<"),
                    b"add" | b"addAll" | b"remove" | b"removeAll" | b"removeIf" | b"retainAll" | b"clear" => {
                        if !collections.is_empty() && called_on_one_of(text, start, &collections) {
                            mark!(b"for:add");
                        }
                        if as_list && matches!(before(text, start), Some((_, b'.' | b'/'))) {
                            mark!(b"asList:add");
                        }
                    }
                    b"asList" => as_list = true,
                    b"finally" => finally = true,
                    b"return" if finally => mark!(b"finally:return"),
                    b"toArray" if empty_call(text, i) => mark!(b"toArray()"),
                    b"equals" if constant_argument(text, i) => mark!(b"equals(C)"),
                    _ => {}
                }
                named = !matches!(word, b"if" | b"for" | b"while" | b"switch" | b"catch" | b"synchronized" | b"try");
                if word != b"static" {
                    header.only_static = false;
                }
                header.tokens += 1;
            }
            _ => {
                header.tokens += 1;
                header.only_static = false;
                i += 1;
            }
        }
    }
    if !stack.is_empty() || body_at.is_some() {
        return None;
    }
    Some(Scan { file, skeleton, bodies, comments, imports })
}

/// Whether `b` may be in a Java name.
fn word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

/// The offset and byte of the last byte before `at` that is not white space.
fn before(text: &[u8], at: usize) -> Option<(usize, u8)> {
    let p = text.get(..at)?.iter().rposition(|b| !b.is_ascii_whitespace())?;
    Some((p, text[p]))
}

/// The offset and byte of the first byte from `at` on that is not white space.
fn after(text: &[u8], at: usize) -> Option<(usize, u8)> {
    let p = text.get(at..)?.iter().position(|b| !b.is_ascii_whitespace())?;
    Some((at + p, text[at + p]))
}

/// Whether the word at `start` (`trace`, `debug`, `info`) may be called on a logger named as JV037 wants
/// (`log.debug`, `LOGGER.info`, …). A comment in the way counts as yes.
fn logger_call(text: &[u8], start: usize) -> bool {
    match before(text, start) {
        Some((_, b'/')) => true,
        Some((dot, b'.')) => match before(text, dot) {
            Some((_, b'/')) => true,
            Some((end, b)) if word_byte(b) => {
                let from = text[..=end].iter().rposition(|b| !word_byte(*b)).map_or(0, |p| p + 1);
                matches!(&text[from..=end], b"log" | b"logger" | b"LOG" | b"LOGGER" | b"Log" | b"Logger")
            }
            _ => false,
        },
        _ => false,
    }
}

/// The `(` after the name ending at `end`: `Ok` with its offset, or `Err` with what a mark asking about the
/// call's arguments answers without reading them: yes when a comment is in the way (a mark may be made where
/// the rule then finds nothing, never missed), no when the name is not called.
fn call_open(text: &[u8], end: usize) -> Result<usize, bool> {
    match after(text, end) {
        Some((open, b'(')) => Ok(open),
        Some((_, b'/')) => Err(true),
        _ => Err(false),
    }
}

/// Whether the call whose name ends at `end` has a `+` in its arguments (JV037 reports a first argument that
/// concatenates). Strings and characters are skipped; a comment, a text block or a call too long to follow
/// counts as yes.
fn plus_in_call(text: &[u8], end: usize) -> bool {
    let open = match call_open(text, end) {
        Ok(open) => open,
        Err(answer) => return answer,
    };
    let mut depth = 0usize;
    let mut i = open;
    while let Some(&b) = text.get(i) {
        if i - open > 4096 {
            return true;
        }
        match b {
            b'+' | b'/' => return true,
            b'"' if text[i..].starts_with(b"\"\"\"") => return true,
            b'"' | b'\'' => {
                i += 1;
                while let Some(&c) = text.get(i) {
                    match c {
                        b'\\' => i += 2,
                        b'\n' => return true,
                        _ if c == b => break,
                        _ => i += 1,
                    }
                }
            }
            b'(' => depth += 1,
            b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return false;
                }
            }
            _ => {}
        }
        i += 1;
    }
    true
}

/// Whether the method name at `start` is called on one of `collections` as written (`xs.add`, `this.xs.add`),
/// or may be (a comment or white space inside the receiver).
fn called_on_one_of(text: &[u8], start: usize, collections: &[&[u8]]) -> bool {
    let odd = |c: &[u8]| c.iter().any(|b| b.is_ascii_whitespace() || *b == b'/');
    match before(text, start) {
        Some((_, b'/')) => true,
        Some((dot, b'.')) => match before(text, dot) {
            Some((_, b'/')) => true,
            Some((end, b)) if word_byte(b) => {
                let from = text[..=end].iter().rposition(|b| !(word_byte(*b) || *b == b'.')).map_or(0, |p| p + 1);
                let receiver = &text[from..=end];
                matches!(before(text, from), Some((_, b'.' | b'/')))
                    || collections.iter().any(|c| *c == receiver || odd(c))
            }
            _ => false,
        },
        _ => false,
    }
}

/// Whether the name ending at `end` is called without arguments (`toArray()`, JV032). A comment in the way
/// counts as yes.
fn empty_call(text: &[u8], end: usize) -> bool {
    let open = match call_open(text, end) {
        Ok(open) => open,
        Err(answer) => return answer,
    };
    matches!(after(text, open + 1), Some((_, b')' | b'/')))
}

/// Whether the word `size` ending at `end` is a call without arguments followed by a comparison (JV035). A
/// comment in the way counts as yes.
fn size_compared(text: &[u8], end: usize) -> bool {
    let open = match call_open(text, end) {
        Ok(open) => open,
        Err(answer) => return answer,
    };
    let Some((close, b)) = after(text, open + 1) else { return false };
    match b {
        b'/' => return true,
        b')' => {}
        _ => return false,
    }
    let Some((op, b)) = after(text, close + 1) else { return false };
    match b {
        b'/' => return true,
        b'=' | b'!' | b'<' | b'>' => {}
        _ => return false,
    }
    // JV035 compares with `0` or `1` as written.
    let operand =
        text[op..].iter().position(|b| !matches!(b, b'=' | b'!' | b'<' | b'>')).map_or(text.len(), |p| op + p);
    match after(text, operand) {
        Some((_, b'/')) => true,
        Some((at, b'0' | b'1')) => text.get(at + 1).is_none_or(|b| !(word_byte(*b) || *b == b'.')),
        _ => false,
    }
}

/// Whether the word `equals` ending at `end` is called with a first argument that is a constant to JV001: a
/// string, or a name whose last segment is written as a constant (`MAX`, `Status.PAID`). A comment in the way
/// counts as yes.
fn constant_argument(text: &[u8], end: usize) -> bool {
    let open = match call_open(text, end) {
        Ok(open) => open,
        Err(answer) => return answer,
    };
    let Some((from, b)) = after(text, open + 1) else { return false };
    if matches!(b, b'"' | b'/') {
        return true;
    }
    let to = text[from..]
        .iter()
        .position(|b| !(word_byte(*b) || *b == b'.' || b.is_ascii_whitespace()))
        .map_or(text.len(), |p| from + p);
    if text.get(to) == Some(&b'/') {
        return true;
    }
    let name = &text[from..to];
    let last = name.rsplit(|b| *b == b'.').next().unwrap_or(name).trim_ascii();
    last.iter().any(u8::is_ascii_uppercase)
        && last.iter().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'_')
}

/// The byte ranges of `text` to parse: all of it but the insides of `left_out` (sorted, disjoint), with their
/// rows and columns as tree-sitter wants them.
pub fn included(text: &[u8], left_out: &[Range<usize>]) -> Vec<tree_sitter::Range> {
    let mut out = Vec::with_capacity(left_out.len() + 1);
    let (mut at, mut row, mut line_start) = (0usize, 0usize, 0usize);
    let point = |to: usize, at: &mut usize, row: &mut usize, line_start: &mut usize| {
        for p in memchr::memchr_iter(b'\n', &text[*at..to]) {
            *row += 1;
            *line_start = *at + p + 1;
        }
        *at = to;
        tree_sitter::Point::new(*row, to - *line_start)
    };
    let mut from = 0usize;
    let mut from_point = tree_sitter::Point::new(0, 0);
    for r in left_out {
        let end_point = point(r.start, &mut at, &mut row, &mut line_start);
        out.push(tree_sitter::Range { start_byte: from, end_byte: r.start, start_point: from_point, end_point });
        from = r.end;
        from_point = point(r.end, &mut at, &mut row, &mut line_start);
    }
    let end_point = point(text.len(), &mut at, &mut row, &mut line_start);
    out.push(tree_sitter::Range { start_byte: from, end_byte: text.len(), start_point: from_point, end_point });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"package p;
/* { a comment's brace */
@interface Names { String[] value() default {"a", "}"}; }
enum Kind {
    A("{") { void m() { x(); } },
    B;
    private final String s;
    Kind() { this("'}'"); }
    Kind(String s) { this.s = s; }
}
record Point(int x, int y) {
    Point { check(x); }
    int sum() { return x + y; }
}
class C extends Base implements I {
    static { load('{'); }
    { init(); }
    int[] a = {1, 2};
    Runnable r = () -> { run(); };
    Object o = new Object() { public String toString() { return "}"; } };
    String t = """
        } text block "" \""" {
        """;
    void record() { if (ok) { BigDecimal d = null; } }
    <T> T m(T t) throws java.io.IOException { return t; } // }
    class Inner { void n() { int c = '\''; } }
}
"#;

    /// The texts of the bodies the scan found.
    fn bodies(text: &str) -> Vec<&str> {
        let scan = scan(text.as_bytes(), words()).expect("the sample scans");
        scan.bodies.iter().map(|(r, _)| text.get(r.clone()).unwrap_or("?").trim()).collect()
    }

    #[test]
    fn finds_the_bodies_of_members_only() {
        assert_eq!(
            bodies(SAMPLE),
            [
                r#"this("'}'");"#,
                "this.s = s;",
                "return x + y;",
                "load('{');",
                "init();",
                "if (ok) { BigDecimal d = null; }",
                "return t;",
                "int c = '\\'';",
            ]
        );
    }

    #[test]
    fn knows_the_words_in_each_body() {
        let scan = scan(SAMPLE.as_bytes(), words()).expect("the sample scans");
        let big = words().compile(&anchors("JV003").expect("JV003 has anchors"));
        let with: Vec<bool> = scan.bodies.iter().map(|(_, found)| big.met_body(*found, scan.skeleton)).collect();
        assert_eq!(with, [false, false, false, false, false, true, false, false]);
        assert!(big.met_file(scan.file));
        // JV014 (imports) is never in a body; in the file it needs `import`, which the sample lacks.
        let imports = words().compile(&anchors("JV014").expect("JV014 has anchors"));
        assert!(!imports.met_file(scan.file) && !imports.met_body(Bits::MAX, Bits::MAX));
    }

    #[test]
    fn counts_an_equality_only_without_a_literal() {
        let jv002 = words().compile(&anchors("JV002").expect("JV002 has anchors"));
        let met = |body: &str| {
            let text = format!("class A {{ Long a, b; void f() {{ {body} }} }}");
            let scan = scan(text.as_bytes(), words()).expect("it scans");
            scan.bodies.first().is_some_and(|(_, found)| jv002.met_body(*found, scan.skeleton))
        };
        for named in ["a == b", "a!=b", "this.a == b", "a /* x */ == b", "a == nullable", "f() == b", "(a) == b"] {
            assert!(met(named), "{named}");
        }
        for literal in ["a == null", "null != b", "a == 1", "1L == a", "a == \"x\"", "'c' == a", "a != true"] {
            assert!(!met(literal), "{literal}");
        }
        // Without a boxed type's word in the file, only a call or a field access may be boxed.
        let bare = |body: &str| {
            let text = format!("class A {{ int a, b; void f() {{ {body} }} }}");
            let scan = scan(text.as_bytes(), words()).expect("it scans");
            scan.bodies.first().is_some_and(|(_, found)| jv002.met_body(*found, scan.skeleton))
        };
        for member in ["a.getId() == b", "a == b.id", "getId() != b", "a == (b)", "o.x == this.y", "a[0] == b"] {
            assert!(bare(member), "{member}");
        }
        assert!(!bare("a == b") && !bare("a != b"));
    }

    #[test]
    fn finds_the_imports() {
        let text = "package p;\nimport a.B;\nimport static c.D.e;\n\n// x\nimport f.*;\n@A(\"import x;\")\nclass C { void f() { g(); } }\n";
        let scan = scan(text.as_bytes(), words()).expect("it scans");
        let imports: Vec<&str> = scan.imports.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(imports, ["import a.B;\nimport static c.D.e;", "import f.*;"]);
        let mut out: Vec<Range<usize>> = scan.imports.iter().chain(&scan.comments).cloned().collect();
        out.sort_by_key(|r| r.start);
        let part = crate::tree::parse_ranges(text, &included(text.as_bytes(), &out)).expect("a tree");
        assert!(!part.root_node().has_error());
        let kinds: Vec<&str> = crate::tree::named_children(part.root_node()).iter().map(|n| n.kind()).collect();
        assert_eq!(kinds, ["package_declaration", "class_declaration"]);
    }

    #[test]
    fn tells_a_for_each_from_a_for() {
        let jv018 = words().compile(&anchors("JV018").expect("JV018 has anchors"));
        let met = |body: &str| {
            let text = format!("class A {{ void f() {{ {body} }} }}");
            let scan = scan(text.as_bytes(), words()).expect("it scans");
            scan.bodies.first().is_some_and(|(_, found)| jv018.met_body(*found, scan.skeleton))
        };
        for each in [
            "for (X x : xs) { xs.add(x); }",
            "for(final X x:this.xs) this.xs.remove(x);",
            "for (X x : xs) { f(); } xs.clear();",
            "for (X x : this .xs) { xs.add(x); }",
        ] {
            assert!(met(each), "{each}");
        }
        for other in [
            "for (int i = 0; i < n; i++) { xs.add(i); }",
            "for (X x : xs) { f(x); }",
            "a: for (;;) { xs.add(b ? c : d); }",
            "for (X x : xs) { ys.add(x); }",
            "for (X x : this.xs) { xs.add(x); }",
            "for (X x : f(xs)) { xs.add(x); }",
            "for (int i = a ? 1 : 2;;) xs.add(1);",
        ] {
            assert!(!met(other), "{other}");
        }
    }

    #[test]
    fn marks_a_lower_case_long_literal() {
        let jv010 = words().compile(&anchors("JV010").expect("JV010 has anchors"));
        let met = |body: &str| {
            let text = format!("class A {{ void f() {{ {body} }} }}");
            let scan = scan(text.as_bytes(), words()).expect("it scans");
            scan.bodies.first().is_some_and(|(_, found)| jv010.met_body(*found, scan.skeleton))
        };
        assert!(met("long a = 10l;") && met("f(0x1Fl);") && met("x = 1_000l + y;"));
        assert!(!met("long a = 10L;") && !met("f(\"10l\", 'l', total);") && !met("int l1 = 1;"));
    }

    /// Whether `code`'s anchors are met in the one body of a method holding `body`.
    fn met_in_body(code: &str, body: &str) -> bool {
        let compiled = words().compile(&anchors(code).expect("the rule has anchors"));
        let text = format!("class A {{ void f() {{ {body} }} }}");
        let scan = scan(text.as_bytes(), words()).expect("it scans");
        scan.bodies.first().is_some_and(|(_, found)| compiled.met_body(*found, scan.skeleton))
    }

    #[test]
    fn marks_a_control_statement_without_braces() {
        for braceless in [
            "if (a) b();",
            "if (f(x)) return;",
            "for (X x : xs) f(x);",
            "while (g()) ;",
            "if (a) { b(); } else c();",
            "do x(); while (a);",
            "if (a) /* c */ { b(); }",
            "elsewhere(); if (a)\n  b();",
            // A do-while's `while (…);` is followed by no brace: it keeps its body, which is only slower.
            "do { x(); } while (a);",
        ] {
            assert!(met_in_body("JV009", braceless), "{braceless}");
        }
        for braced in [
            "if (a) { b(); }",
            "if (f(() -> { if (c) { d(); } })) { e(); }",
            "if (a) { b(); } else if (c) { d(); } else { e(); }",
            "for (int i = 0; i < n; i++) { f(i); }",
            "String doc = \"if (a) b();\"; /* if (a) b(); */",
        ] {
            assert!(!met_in_body("JV009", braced), "{braced}");
        }
    }

    #[test]
    fn marks_a_literal_in_a_condition_that_may_be_magic() {
        for magic in [
            "if (a == 3) {}",
            "while (s.equals(\"x\")) {}",
            "for (int i = 0; i < 10; i++) {}",
            "if (a == -0L) {}",
            "do {} while (n > 2);",
            "if (f(\"\"\"\n text\n \"\"\")) {}",
            "if (x > 1.5) {}",
        ] {
            assert!(met_in_body("JV020", magic), "{magic}");
        }
        for plain in [
            "if (a == 0) {}",
            "if (a == -1 || b != 1L) {}",
            "if (s.isEmpty() || s.equals(\"\")) {}",
            "if (c == 'x') {}",
            "int a = 3; String s = \"x\"; if (ok) {}",
            "while (true) { f(3); }",
        ] {
            assert!(!met_in_body("JV020", plain), "{plain}");
        }
    }

    #[test]
    fn marks_the_calls_and_blocks_some_rules_need() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            (
                "JV001",
                &["s.equals(\"a\");", "s.equals( MAX );", "s.equals(Status.PAID);", "s.equals(/* c */ x);"],
                &[
                    "s.equals(t);",
                    "s.equals(a.getName());",
                    "\"a\".equals(s.trim()); equals = 1;",
                    "s.equals(this.max);",
                ],
            ),
            (
                "JV011",
                &["try { f(); } catch (E e) {}", "try { f(); } catch (E e) {\n }"],
                &["try { f(); } catch (E e) { /* ok */ }", "try { f(); } catch (E e) { g(); }"],
            ),
            (
                "JV013",
                &["System.out.println(1);", "System.err.print(e);"],
                &["System.exit(1);", "out.println(1);", "err();"],
            ),
            (
                "JV034",
                &[
                    "r = new Object() { public String toString() { return \"\"; } };",
                    "class L { public int hashCode() { return 1; } }",
                ],
                &["s = o.toString(); if (a.equals(b)) { f(); }", "r = () -> { return x.hashCode(); };"],
            ),
            (
                "JV035",
                &["if (xs.size() == 0) {}", "b = 0 != xs.size();", "b = xs.size ( ) >= 1;"],
                &[
                    "n = xs.size();",
                    "f(xs.size() - 1);",
                    "i = 0;",
                    "b = xs.size() > 10;",
                    "b = xs.size() == 1L;",
                    "b = xs.size() > n;",
                ],
            ),
            (
                "JV017",
                &[
                    "List<X> xs = Arrays.asList(a); xs.add(b);",
                    "Arrays.asList(a).remove(b);",
                    "asList(a); x./* c */clear();",
                ],
                &["xs.add(b); List<X> ys = Arrays.asList(a);", "List<X> xs = Arrays.asList(a); add(b);"],
            ),
            (
                "JV029",
                &["try { f(); } finally { return; }", "try { f(); } finally { g(); } return;"],
                &["if (a) return; try { f(); } finally { g(); }", "String finallyReturn = \"finally return\";"],
            ),
            (
                "JV032",
                &["a = (X[]) xs.toArray();", "a = xs.toArray( /* c */ x);"],
                &["a = xs.toArray(new X[0]);", "f(toArray);"],
            ),
            (
                "JV037",
                &[
                    "log.debug(\"a\" + b);",
                    "LOGGER . info(f(x) + \"(\");",
                    "Logger.trace(\"a\", () -> x + 1);",
                    "log.info(/* c */ x);",
                ],
                &[
                    "this.info(x + y);",
                    "debug(x + y);",
                    "log.warn(\"a\" + b);",
                    "stats.info();",
                    "log.info(\"a + b {}\", c); x = y + 1;",
                    "log.info('+');",
                ],
            ),
        ];
        for (code, fires, quiet) in cases {
            for body in *fires {
                assert!(met_in_body(code, body), "{code}: {body}");
            }
            for body in *quiet {
                assert!(!met_in_body(code, body), "{code}: {body}");
            }
        }
    }

    #[test]
    fn gives_up_on_what_it_cannot_follow() {
        assert!(scan(b"class A { void f() { }", words()).is_none());
        assert!(scan(b"class A { void f() { \"open\n } }", words()).is_none());
        assert!(scan(b"class A { } }", words()).is_none());
        assert!(scan(b"class A { /* open }", words()).is_none());
    }

    #[test]
    fn every_anchor_word_has_a_bit() {
        assert!(words().len() <= 128, "{} anchor words do not fit in a u128", words().len());
    }

    #[test]
    fn the_parse_with_bodies_left_out_keeps_every_position() {
        let scan = scan(SAMPLE.as_bytes(), words()).expect("the sample scans");
        let left_out: Vec<Range<usize>> = scan.bodies.iter().map(|(r, _)| r.clone()).collect();
        let included = included(SAMPLE.as_bytes(), &left_out);
        let part = crate::tree::parse_ranges(SAMPLE, &included).expect("a tree");
        let whole = crate::tree::parse(SAMPLE).expect("a tree");
        assert!(!part.root_node().has_error() && !whole.root_node().has_error());
        // Every node of the partial tree is in the whole one, at the same place.
        let mut cursor = part.walk();
        let mut seen = 0;
        loop {
            let n = cursor.node();
            let w = whole.root_node().descendant_for_byte_range(n.start_byte(), n.end_byte()).expect("a node");
            if n.child_count() == 0 || n.kind() != "block" {
                assert_eq!((n.start_position(), n.end_position()), (w.start_position(), w.end_position()));
            }
            seen += 1;
            if cursor.goto_first_child() || cursor.goto_next_sibling() {
                continue;
            }
            while cursor.goto_parent() && !cursor.goto_next_sibling() {}
            if cursor.node() == part.root_node() {
                break;
            }
        }
        assert!(seen > 50);
        assert!(left_out.iter().all(|r| crate::tree::is_member_body(part.root_node(), r)));
        // A block inside a body is not a member's body.
        let inner = SAMPLE.find("BigDecimal d").expect("in the sample");
        assert!(!crate::tree::is_member_body(whole.root_node(), &(inner - 1..inner + 20)));
    }
}
