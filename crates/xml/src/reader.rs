//! A small, strict XML reader over decoded text that keeps byte ranges for every element, attribute name,
//! attribute value and text run, so findings can point at the exact place (zdal.md §2).
//!
//! It is our own rather than quick-xml's event reader because every rule needs attribute-value spans and
//! exact error offsets, and the document is built iteratively so deep nesting cannot overflow the stack.
//!
//! [`parse`] is strict, as Spring's parser is. [`parse_with`] takes [`Options`] for what else a caller
//! accepts (what an event reader such as quick-xml accepts: text or a declaration before the root, a second
//! root, duplicate or malformed attributes, unknown entities kept as written) and, at an error it cannot read
//! past, returns the elements read so far with the error. [`parse_lenient`] accepts all of it: for callers
//! that collect what they can from files they do not judge.

use std::ops::Range;

/// One attribute with its unescaped value.
#[derive(Clone, Debug)]
pub struct Attr {
    pub name: String,
    pub value: String,
    pub name_range: Range<usize>,
    /// The value between the quotes.
    pub value_range: Range<usize>,
}

/// One element.
#[derive(Clone, Debug)]
pub struct Elem {
    /// The qualified name as written (`beans`, `ns:bean`).
    pub name: String,
    /// The start tag, `<` to `>`.
    pub tag: Range<usize>,
    pub attrs: Vec<Attr>,
    pub children: Vec<usize>,
    /// The direct text content (entities and CDATA resolved), concatenated.
    pub text: String,
    /// From the end of the start tag to the start of the end tag (empty for `<x/>`).
    pub content: Range<usize>,
    /// The end of the element: past its end tag's `>` (the start tag's end for `<x/>`; where reading stopped
    /// for an element left open).
    pub end: usize,
    /// With [`Options::events`]: the element's direct text, references, CDATA sections and comments in
    /// document order, as an event reader reports them (its child elements sit between them by offset).
    pub runs: Vec<Run>,
}

/// A piece of character data or markup between tags, as an event reader reports it ([`Options::events`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    /// The raw text, `&…;` of a reference, or the whole `<![CDATA[…]]>`, `<!--…-->` or `<!DOCTYPE…>`.
    pub range: Range<usize>,
    pub kind: RunKind,
}

/// What a [`Run`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunKind {
    /// Text without references.
    Text,
    /// `&name;`: a reference, known or not (the name is `range` less its first and last byte).
    Ref,
    CData,
    Comment,
    Doctype,
}

impl Elem {
    /// An element `<name …>` whose start tag ends just before `end` (no children or text yet).
    fn open(name: String, tag: Range<usize>, attrs: Vec<Attr>) -> Elem {
        let end = tag.end;
        Elem { name, tag, attrs, children: Vec::new(), text: String::new(), content: end..end, end, runs: Vec::new() }
    }

    /// The name without a namespace prefix.
    pub fn local(&self) -> &str {
        self.name.rsplit(':').next().unwrap_or(&self.name)
    }

    pub fn attr(&self, name: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.name == name)
    }

    /// Whether the element is written `<x/>` (`src` is the text it was read from).
    pub fn self_closing(&self, src: &str) -> bool {
        self.tag.end >= 2 && src.as_bytes().get(self.tag.end - 2) == Some(&b'/')
    }

    /// The range of the trimmed text content (or the start tag when there is no text).
    pub fn text_range(&self, src: &str) -> Range<usize> {
        let raw = src.get(self.content.clone()).unwrap_or("");
        let lead = raw.len() - raw.trim_start().len();
        let trail = raw.len() - raw.trim_end().len();
        if raw.trim().is_empty() || !self.children.is_empty() {
            return self.tag.clone();
        }
        self.content.start + lead..self.content.end - trail
    }
}

/// A parsed document: elements in document order; element 0 is the root.
#[derive(Clone, Debug, Default)]
pub struct Doc {
    pub elems: Vec<Elem>,
    /// With [`Options::events`]: the runs outside every element (before, between and after root elements).
    pub outside: Vec<Run>,
}

impl Doc {
    pub fn root(&self) -> Option<&Elem> {
        self.elems.first()
    }

    /// Each element's parent by index (`None` for a root element).
    pub fn parents(&self) -> Vec<Option<usize>> {
        let mut parents = vec![None; self.elems.len()];
        for (i, e) in self.elems.iter().enumerate() {
            for &c in &e.children {
                if let Some(p) = parents.get_mut(c) {
                    *p = Some(i);
                }
            }
        }
        parents
    }

    pub fn children<'d>(&'d self, e: &'d Elem) -> impl Iterator<Item = &'d Elem> + 'd {
        e.children.iter().filter_map(move |&i| self.elems.get(i))
    }
}

/// Why the text is not well-formed, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XmlError {
    pub offset: usize,
    /// The layer's own wording.
    pub message: String,
    /// What went wrong, so a reader that must keep its own wording (a rule's message that users and fixtures
    /// know) can say it in its words.
    pub kind: ErrorKind,
}

impl XmlError {
    /// An error of `kind` at `offset`.
    pub fn new(offset: usize, kind: ErrorKind, message: impl Into<String>) -> XmlError {
        XmlError { offset, message: message.into(), kind }
    }
}

/// What kind of error [`XmlError`] reports; the names in it are as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// `</found>` where the open element `<expected>` must be closed.
    MismatchedEnd { expected: String, found: String },
    /// `</found>` with no element open.
    UnmatchedEnd { found: String },
    /// Element `<name>` still open at the end of the text.
    Unclosed { name: String },
    /// A start tag, end tag or attribute value that the text ends inside of (or an end tag not closed by `>`).
    UnclosedTag,
    /// A comment, CDATA section, `<!` declaration or processing instruction that is never closed.
    UnclosedMarkup,
    /// An entity that is not one of the five predefined ones nor a character reference.
    UnknownEntity { name: String },
    /// An `&` that starts no entity.
    BareAmpersand,
    /// A `<` not followed by an element name.
    NoName,
    /// An attribute that does not parse: no value, unquoted value, `<` in the value, not separated by
    /// whitespace, a stray character or `/` in the tag.
    BadAttribute,
    /// The same attribute twice in one tag.
    DuplicateAttribute { name: String },
    /// Content before the root or the declaration, after the root, a second root, or a declaration not at the
    /// start.
    Prolog,
    /// No element at all.
    NoRoot,
    /// With [`Options::events`]: `<!` that starts no comment, CDATA section or DOCTYPE.
    BadMarkup,
    /// With [`Options::events`]: `<!DOCTYPE>` without a name (the offset is its `>`).
    NoDoctypeName,
    /// With [`Options::events`]: an `&` not closed by `;` before the next `&`, `<` or the end.
    UnclosedRef,
    /// Not an XML error: what a reader on top of the layer rejects (a wrong root element, a size limit).
    Other,
}

/// What a reader accepts beyond well-formed XML. The default is strict (as [`parse`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Whitespace, text or comments before the XML declaration, text or CDATA outside the root, a second
    /// root element (it follows the first in [`Doc::elems`]).
    pub loose_prolog: bool,
    /// Duplicate attributes (`Elem::attr` finds the first), `<` and unknown entities in values (kept as
    /// written), and attributes that do not parse (skipped to the end of the tag, as an event reader that is
    /// not asked for attributes does).
    pub loose_attrs: bool,
    /// Unknown entities and a lone `&` in text kept as written.
    pub loose_entities: bool,
    /// Markup as an event reader (quick-xml 0.38, which precheck's readers used before this layer) tokenizes
    /// it, so a reader keeps what it accepted, rejected and reported where: a `<!` other than `<!--`,
    /// `<![CDATA[` or `<!DOCTYPE` is an error; comments, CDATA and DOCTYPE end where that reader ends them;
    /// a tag ends at its first `>` outside quotes; an `&` not closed by `;` before the next `&` or `<` is an
    /// error anywhere, even outside the root, while a closed reference of any name is kept as written in
    /// `Elem::text` (the reader judges names: [`event_entity`] resolves what that reader resolved); errors
    /// in tags are placed at their `<`. Text, references, CDATA, comments and DOCTYPE are recorded as
    /// [`Run`]s (`Elem::runs`, `Doc::outside`).
    pub events: bool,
}

impl Options {
    /// Everything an event reader accepts.
    pub const LENIENT: Options = Options { loose_prolog: true, loose_attrs: true, loose_entities: true, events: false };

    /// What an event reader accepts, tokenized as it does ([`Options::events`]); attributes strictly when
    /// `strict_attrs`.
    pub const fn events(strict_attrs: bool) -> Options {
        Options { loose_prolog: true, loose_attrs: !strict_attrs, loose_entities: true, events: true }
    }
}

impl std::fmt::Display for XmlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl XmlError {
    /// The error in the words of the event reader (quick-xml 0.38) that the readers parsing with
    /// [`Options::events`] used before this layer: their findings quote it, and users and fixtures know it.
    /// `src` is the text the error is in.
    pub fn event_message(&self, src: &str) -> String {
        let at = src.as_bytes().get(self.offset..).unwrap_or_default();
        let syntax = |what: &str| format!("syntax error: {what}");
        match &self.kind {
            ErrorKind::MismatchedEnd { expected, found } => {
                format!("ill-formed document: expected `</{expected}>`, but `</{found}>` was found")
            }
            ErrorKind::UnmatchedEnd { found } => {
                format!("ill-formed document: close tag `</{found}>` does not match any open tag")
            }
            ErrorKind::UnclosedTag => syntax("tag not closed: `>` not found before end of input"),
            ErrorKind::UnclosedMarkup if at.starts_with(b"<?") => {
                syntax("processing instruction or xml declaration not closed: `?>` not found before end of input")
            }
            ErrorKind::UnclosedMarkup if at.starts_with(b"<!-") => {
                syntax("comment not closed: `-->` not found before end of input")
            }
            ErrorKind::UnclosedMarkup if at.starts_with(b"<![") => {
                syntax("CDATA not closed: `]]>` not found before end of input")
            }
            ErrorKind::UnclosedMarkup => syntax("DOCTYPE not closed: `>` not found before end of input"),
            ErrorKind::BadMarkup => syntax("unknown or missed symbol in markup"),
            ErrorKind::NoDoctypeName => {
                "ill-formed document: `<!DOCTYPE>` declaration does not contain a name of a document type".into()
            }
            ErrorKind::UnclosedRef => {
                "ill-formed document: entity or character reference not closed: `;` not found before end of input"
                    .into()
            }
            _ => self.message.clone(),
        }
    }
}

/// An element name without its namespace prefix as the event reader cut it: after the first `:`.
pub fn event_local_name(name: &str) -> &str {
    name.split_once(':').map_or(name, |(_, local)| local)
}

fn err<T>(offset: usize, kind: ErrorKind, message: impl Into<String>) -> Result<T, XmlError> {
    Err(XmlError::new(offset, kind, message))
}

fn is_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b':') || c >= 0x80
}

/// Parses `src`. Anything other than whitespace before the XML declaration is an error, as it is for
/// Spring's parser ("Content is not allowed in prolog", "The processing instruction target matching
/// \[xX\]\[mM\]\[lL\] is not allowed").
pub fn parse(src: &str) -> Result<Doc, XmlError> {
    match run(src, Options::default()) {
        (doc, None) => Ok(doc),
        (_, Some(e)) => Err(e),
    }
}

/// Parses `src` leniently ([`Options::LENIENT`]): the elements read before the first error it cannot read
/// past, and that error. Elements still open there end at the error.
pub fn parse_lenient(src: &str) -> (Doc, Option<XmlError>) {
    parse_with(src, Options::LENIENT)
}

/// Parses `src` accepting what `opts` allows: the elements read before the first error, and that error.
pub fn parse_with(src: &str, opts: Options) -> (Doc, Option<XmlError>) {
    run(src, opts)
}

fn run(src: &str, opts: Options) -> (Doc, Option<XmlError>) {
    let mut doc = Doc::default();
    let mut stack: Vec<usize> = Vec::new();
    match read(src, opts, &mut doc, &mut stack) {
        Ok(()) => (doc, None),
        Err(e) => {
            for &open in &stack {
                let elem = &mut doc.elems[open];
                elem.content.end = e.offset.max(elem.content.start);
                elem.end = elem.content.end;
            }
            (doc, Some(e))
        }
    }
}

#[allow(
    clippy::string_slice,
    reason = "the cursor stops only at `<`, just past ASCII markup (`>`, `-->`, `]]>`, `?>`) or at the ASCII byte \
              that ends a run of name bytes; `at` is a `find`"
)]
fn read(src: &str, opts: Options, doc: &mut Doc, stack: &mut Vec<usize>) -> Result<(), XmlError> {
    let b = src.as_bytes();
    let mut i = 0;
    let mut root_done = false;
    // The declaration must be the very first bytes; Spring rejects anything before it, even whitespace.
    let decl_late = |at: usize| at > 0 && is_decl_at(b, at) && !src[..at].contains('<');
    if let Some(at) = src.find("<?xml").filter(|&at| !opts.loose_prolog && decl_late(at)) {
        let first = src[..at].find(|c: char| !c.is_whitespace());
        return match first {
            None => err(0, ErrorKind::Prolog, "whitespace before the XML declaration"),
            Some(off) => err(off, ErrorKind::Prolog, "content before the XML declaration"),
        };
    }
    while i < b.len() {
        if b[i] != b'<' {
            let end = memchr::memchr(b'<', &b[i..]).map_or(b.len(), |n| i + n);
            if opts.events {
                event_text(src, i..end, opts, doc, stack.last().copied())?;
                i = end;
                continue;
            }
            let raw = &src[i..end];
            match stack.last() {
                Some(&top) => {
                    let text = unescape_with(raw, i, opts.loose_entities)?;
                    doc.elems[top].text.push_str(&text);
                }
                None if opts.loose_prolog => {}
                None => {
                    if let Some(off) = raw.find(|c: char| !c.is_whitespace()) {
                        let what = if root_done {
                            "content after the root element"
                        } else {
                            "content before the root element"
                        };
                        return err(i + off, ErrorKind::Prolog, what);
                    }
                }
            }
            i = end;
            continue;
        }
        let rest = &b[i..];
        if opts.events && rest.starts_with(b"<!") {
            i = event_bang(src, i, opts, doc, stack.last().copied())?;
        } else if opts.events && rest.starts_with(b"<?") {
            // The first `?>` after `<`, as long as it is not the `<?` itself (`<?>` is not closed).
            let q = memchr::memmem::find(&b[i + 1..], b"?>").map(|n| i + 1 + n).filter(|&q| q > i + 1);
            let Some(q) = q else {
                return err(i, ErrorKind::UnclosedMarkup, "processing instruction is never closed");
            };
            i = q + 2;
        } else if rest.starts_with(b"<!--") {
            let Some(n) = memchr::memmem::find(&rest[4..], b"-->") else {
                return err(i, ErrorKind::UnclosedMarkup, "comment is never closed");
            };
            i += 4 + n + 3;
        } else if rest.starts_with(b"<![CDATA[") {
            let Some(n) = memchr::memmem::find(&rest[9..], b"]]>") else {
                return err(i, ErrorKind::UnclosedMarkup, "CDATA section is never closed");
            };
            match stack.last() {
                Some(&top) => doc.elems[top].text.push_str(&src[i + 9..i + 9 + n]),
                None if opts.loose_prolog => {}
                None => return err(i, ErrorKind::Prolog, "CDATA outside the root element"),
            }
            i += 9 + n + 3;
        } else if rest.starts_with(b"<!") {
            // DOCTYPE (possibly with an internal subset in brackets).
            let mut depth = 0i32;
            let mut j = i + 2;
            let mut quote = 0u8;
            loop {
                let Some(&c) = b.get(j) else {
                    return err(i, ErrorKind::UnclosedMarkup, "declaration is never closed");
                };
                if quote != 0 {
                    if c == quote {
                        quote = 0;
                    }
                } else if c == b'"' || c == b'\'' {
                    quote = c;
                } else if c == b'[' {
                    depth += 1;
                } else if c == b']' {
                    depth -= 1;
                } else if c == b'>' && depth <= 0 {
                    break;
                }
                j += 1;
            }
            i = j + 1;
        } else if rest.starts_with(b"<?") {
            let Some(n) = memchr::memmem::find(&rest[2..], b"?>") else {
                return err(i, ErrorKind::UnclosedMarkup, "processing instruction is never closed");
            };
            if is_decl_at(b, i) && i != 0 && !opts.loose_prolog {
                return err(i, ErrorKind::Prolog, "the XML declaration is not at the start of the file");
            }
            i += 2 + n + 2;
        } else if rest.starts_with(b"</") {
            let start = i + 2;
            let mut j = start;
            let name = if opts.events {
                // The first `>` outside quotes; trailing whitespace is cut, unless it is all there is.
                let Some(gt) = tag_end(b, start) else {
                    let message = format!("end tag `</{}` is not closed by `>`", &src[start..]);
                    return err(i, ErrorKind::UnclosedTag, message);
                };
                j = gt;
                let raw = &src[start..gt];
                Some(raw.trim_end_matches(is_event_space)).filter(|n| !n.is_empty()).unwrap_or(raw)
            } else {
                while j < b.len() && is_name_char(b[j]) {
                    j += 1;
                }
                let name = &src[start..j];
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if b.get(j) != Some(&b'>') {
                    return err(i, ErrorKind::UnclosedTag, format!("end tag `</{name}` is not closed by `>`"));
                }
                name
            };
            let Some(top) = stack.pop() else {
                let kind = ErrorKind::UnmatchedEnd { found: name.to_string() };
                return err(i, kind, format!("end tag `</{name}>` without a start tag"));
            };
            if doc.elems[top].name != name {
                stack.push(top);
                let open = doc.elems[top].name.clone();
                let message = format!("end tag `</{name}>` does not match the open element `<{open}>`");
                return err(i, ErrorKind::MismatchedEnd { expected: open, found: name.to_string() }, message);
            }
            doc.elems[top].content.end = i;
            doc.elems[top].end = j + 1;
            if stack.is_empty() {
                root_done = true;
            }
            i = j + 1;
        } else {
            let (elem, end, empty) = start_tag(src, i, opts)?;
            if stack.is_empty() && root_done && !opts.loose_prolog {
                return err(i, ErrorKind::Prolog, "a second root element");
            }
            let idx = doc.elems.len();
            if let Some(&top) = stack.last() {
                doc.elems[top].children.push(idx);
            }
            doc.elems.push(elem);
            if empty {
                if stack.is_empty() {
                    root_done = true;
                }
            } else {
                stack.push(idx);
            }
            i = end;
        }
    }
    if let Some(&top) = stack.last() {
        let e = &doc.elems[top];
        let message = format!("element `<{}>` is never closed", e.name);
        return err(e.tag.start, ErrorKind::Unclosed { name: e.name.clone() }, message);
    }
    if doc.elems.is_empty() {
        return err(b.len(), ErrorKind::NoRoot, "no root element");
    }
    Ok(())
}

/// An attribute of a start tag as the event reader's attribute iterator (quick-xml 0.38, without its duplicate
/// check) reads it: the name's and the value's ranges, or what is wrong, in its words (positions counted from
/// the byte after `<`). After an error it reads on where that iterator did.
pub type EventAttr = Result<(Range<usize>, Range<usize>), String>;

/// The attributes of the start tag `tag` (`<` to `>`) of `src` as [`EventAttr`]s; `self_closing` for `<x/>`.
pub fn event_attrs(src: &str, tag: Range<usize>, self_closing: bool) -> Vec<EventAttr> {
    let b = src.as_bytes();
    let base = tag.start + 1;
    let end = tag.end.saturating_sub(1 + usize::from(self_closing)).max(base);
    let slice = b.get(base..end).unwrap_or_default();
    let ws = |c: u8| is_event_space(c as char);
    let at = |r: Range<usize>| base + r.start..base + r.end;
    let mut out = Vec::new();
    let mut pos = slice.iter().position(|&c| ws(c)).unwrap_or(slice.len());
    let next_not_ws = |from: usize| (from..slice.len()).find(|&k| !ws(slice[k]));
    while let Some(key_start) = next_not_ws(pos) {
        let key_end = (key_start..slice.len()).find(|&k| slice[k] == b'=' || ws(slice[k]));
        let eq = match key_end {
            Some(e) if slice[e] == b'=' => e,
            Some(e) => match next_not_ws(e) {
                Some(o) if slice[o] == b'=' => o,
                Some(o) => {
                    out.push(Err(format!("position {o}: attribute key must be directly followed by `=` or space")));
                    pos = o;
                    continue;
                }
                None => {
                    let len = slice.len();
                    out.push(Err(format!("position {len}: attribute key must be directly followed by `=` or space")));
                    break;
                }
            },
            None => {
                let len = slice.len();
                out.push(Err(format!("position {len}: attribute key must be directly followed by `=` or space")));
                break;
            }
        };
        let key = key_start..key_end.unwrap_or(eq);
        let Some(v) = next_not_ws(eq + 1) else {
            out.push(Err(format!("position {}: `=` must be followed by an attribute value", slice.len())));
            break;
        };
        let quote = slice[v];
        if quote != b'"' && quote != b'\'' {
            out.push(Err(format!("position {v}: attribute value must be enclosed in `\"` or `'`")));
            // Read on at the next whitespace.
            match (v..slice.len()).find(|&k| ws(slice[k])) {
                Some(e) => pos = e,
                None => break,
            }
            continue;
        }
        let Some(close) = memchr::memchr(quote, &slice[v + 1..]).map(|n| v + 1 + n) else {
            let len = slice.len();
            out.push(Err(format!("position {len}: missing closing quote `{}` in attribute value", quote as char)));
            break;
        };
        out.push(Ok((at(key), at(v + 1..close))));
        pos = close + 1;
    }
    out
}

/// Whitespace as an event reader sees it in tags.
fn is_event_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// Where a run goes: into the open element (its text too), or outside every element.
fn push_run(doc: &mut Doc, top: Option<usize>, run: Run, text: &str) {
    match top {
        Some(top) => {
            let elem = &mut doc.elems[top];
            elem.text.push_str(text);
            elem.runs.push(run);
        }
        None => doc.outside.push(run),
    }
}

/// Text from `range.start` to the next `<` as an event reader reads it ([`Options::events`]): runs of text
/// and `&…;` references, an `&` without its `;` an error.
#[allow(clippy::string_slice, reason = "cuts at ASCII `&` and `;` found in the text, or one past them")]
fn event_text(
    src: &str,
    range: Range<usize>,
    opts: Options,
    doc: &mut Doc,
    top: Option<usize>,
) -> Result<(), XmlError> {
    let b = src.as_bytes();
    let mut k = range.start;
    while k < range.end {
        let amp = memchr::memchr(b'&', &b[k..range.end]).map_or(range.end, |n| k + n);
        if amp > k {
            let raw = &src[k..amp];
            if top.is_none()
                && !opts.loose_prolog
                && let Some(off) = raw.find(|c: char| !c.is_whitespace())
            {
                return err(k + off, ErrorKind::Prolog, "content outside the root element");
            }
            push_run(doc, top, Run { range: k..amp, kind: RunKind::Text }, raw);
        }
        if amp == range.end {
            break;
        }
        let semi = memchr::memchr2(b';', b'&', &b[amp + 1..range.end]).map(|n| amp + 1 + n).filter(|&p| b[p] == b';');
        let Some(semi) = semi else {
            return err(amp, ErrorKind::UnclosedRef, "`&` not closed by `;` (write `&amp;`)");
        };
        let name = &src[amp + 1..semi];
        let mut buf = [0u8; 4];
        let text = match event_entity(name) {
            Some(c) => &*c.encode_utf8(&mut buf),
            None => &src[amp..=semi],
        };
        push_run(doc, top, Run { range: amp..semi + 1, kind: RunKind::Ref }, text);
        k = semi + 1;
    }
    Ok(())
}

/// `<!` at `i` as an event reader reads it ([`Options::events`]): a comment, CDATA section or DOCTYPE ending
/// where that reader ends it; anything else an error. Returns the offset past it.
#[allow(clippy::string_slice, reason = "the CDATA content lies between the ASCII `<![CDATA[` and `]]>`")]
fn event_bang(src: &str, i: usize, opts: Options, doc: &mut Doc, top: Option<usize>) -> Result<usize, XmlError> {
    let b = src.as_bytes();
    let from = |at: usize| b.get(at..).unwrap_or_default();
    match b.get(i + 2) {
        Some(b'-') => {
            let Some(n) = memchr::memmem::find(from(i + 4), b"-->") else {
                return err(i, ErrorKind::UnclosedMarkup, "comment is never closed");
            };
            if !b[i..].starts_with(b"<!--") {
                return err(i, ErrorKind::UnclosedMarkup, "comment is never closed");
            }
            let end = i + 4 + n + 3;
            push_run(doc, top, Run { range: i..end, kind: RunKind::Comment }, "");
            Ok(end)
        }
        Some(b'[') => {
            let found = memchr::memmem::find(from(i + 2), b"]]>").map(|n| i + 2 + n);
            let Some(q) = found.filter(|_| b[i..].starts_with(b"<![CDATA[")) else {
                return err(i, ErrorKind::UnclosedMarkup, "CDATA section is never closed");
            };
            if top.is_none() && !opts.loose_prolog {
                return err(i, ErrorKind::Prolog, "CDATA outside the root element");
            }
            push_run(doc, top, Run { range: i..q + 3, kind: RunKind::CData }, &src[i + 9..q]);
            Ok(q + 3)
        }
        Some(b'D' | b'd') => {
            // Nested `<…>` (the internal subset's declarations) are counted; quotes are not.
            let mut balance = 0usize;
            let mut gt = None;
            for p in memchr::memchr2_iter(b'<', b'>', from(i + 2)) {
                if b[i + 2 + p] == b'<' {
                    balance += 1;
                } else if balance == 0 {
                    gt = Some(i + 2 + p);
                    break;
                } else {
                    balance -= 1;
                }
            }
            let body = gt.map(|gt| &b[i + 1..gt]).filter(|d| d.len() >= 8 && d[..8].eq_ignore_ascii_case(b"!DOCTYPE"));
            let (Some(gt), Some(body)) = (gt, body) else {
                return err(i, ErrorKind::UnclosedMarkup, "declaration is never closed");
            };
            if body[8..].iter().all(|&c| is_event_space(c as char)) {
                return err(gt, ErrorKind::NoDoctypeName, "`<!DOCTYPE>` without a document type name");
            }
            push_run(doc, top, Run { range: i..gt + 1, kind: RunKind::Doctype }, "");
            Ok(gt + 1)
        }
        _ => err(i, ErrorKind::BadMarkup, "`<!` starts no comment, CDATA section or DOCTYPE"),
    }
}

fn is_decl_at(b: &[u8], at: usize) -> bool {
    b[at..].starts_with(b"<?xml") && b.get(at + 5).is_some_and(|c| c.is_ascii_whitespace() || *c == b'?')
}

/// Parses a start tag at `i`; returns the element, the offset after `>` and whether it was `/>`.
#[allow(clippy::string_slice, reason = "`gt` is an ASCII `>`; names and values end at ASCII `=`, whitespace or quotes")]
fn start_tag(src: &str, i: usize, opts: Options) -> Result<(Elem, usize, bool), XmlError> {
    let b = src.as_bytes();
    if opts.events {
        // An event reader ends the tag at its first `>` outside quotes; the name is every byte up to
        // whitespace (less the `/` of `/>`).
        let Some(gt) = tag_end(b, i + 1) else {
            return err(i, ErrorKind::UnclosedTag, "start tag is never closed");
        };
        let empty = gt > i + 1 && b[gt - 1] == b'/';
        let inner = if empty { gt - 1 } else { gt };
        let name_end = b[i + 1..inner].iter().position(|&c| is_event_space(c as char)).map_or(inner, |n| i + 1 + n);
        if opts.loose_attrs {
            // The attributes the event reader's iterator reads, past the ones it cannot.
            let attrs = event_attrs(src, i..gt + 1, empty)
                .into_iter()
                .flatten()
                .map(|(name, value)| Attr {
                    name: src[name.clone()].to_string(),
                    value: unescape_with(&src[value.clone()], value.start, true).unwrap_or_default(),
                    name_range: name,
                    value_range: value,
                })
                .collect();
            let elem = Elem::open(src[i + 1..name_end].to_string(), i..gt + 1, attrs);
            return Ok((elem, gt + 1, empty));
        }
        let mut elem = match start_tag_attrs(&src[..=gt], i, opts, Some(name_end)) {
            Err(Skip::Error(e)) => {
                // Errors in a tag are placed at its `<`, as the event reader placed them.
                let offset = if matches!(e.kind, ErrorKind::UnclosedTag) { i } else { e.offset };
                return Err(XmlError { offset, ..e });
            }
            // The attributes ended before the tag did: its quotes paired up differently (a quote in the name).
            Ok((elem, end, _)) if end != gt + 1 && !opts.loose_attrs => {
                let message = format!("unexpected character in start tag `<{}>`", elem.name);
                return err(end, ErrorKind::BadAttribute, message);
            }
            Ok((elem, ..)) => elem,
            Err(Skip::ToEnd { elem, .. }) => *elem,
        };
        elem.attrs.retain(|a| a.value_range.end < gt);
        elem.tag = i..gt + 1;
        elem.content = gt + 1..gt + 1;
        elem.end = gt + 1;
        return Ok((elem, gt + 1, empty));
    }
    match start_tag_attrs(src, i, opts, None) {
        Err(Skip::Error(e)) => Err(e),
        Ok(done) => Ok(done),
        // Leniently, a tag whose attributes do not parse ends at its first `>` outside quotes, as an event
        // reader finds it; the attributes read before the bad one are kept.
        Err(Skip::ToEnd { elem, from }) => {
            let Some(gt) = tag_end(b, from) else {
                return err(i, ErrorKind::UnclosedTag, format!("start tag `<{}` is never closed", elem.name));
            };
            let empty = gt > i && b[gt - 1] == b'/';
            let elem = Elem { tag: i..gt + 1, content: gt + 1..gt + 1, end: gt + 1, ..*elem };
            Ok((elem, gt + 1, empty))
        }
    }
}

/// Why [`start_tag_attrs`] stopped: an error, or (leniently) attributes it cannot read from `from` on.
enum Skip {
    Error(XmlError),
    ToEnd { elem: Box<Elem>, from: usize },
}

impl From<XmlError> for Skip {
    fn from(e: XmlError) -> Skip {
        Skip::Error(e)
    }
}

/// The offset of the `>` that ends a tag, from `from` on, outside quotes.
fn tag_end(b: &[u8], from: usize) -> Option<usize> {
    let mut quote = 0u8;
    for (k, &c) in b.iter().enumerate().skip(from) {
        if quote != 0 {
            if c == quote {
                quote = 0;
            }
        } else if c == b'"' || c == b'\'' {
            quote = c;
        } else if c == b'>' {
            return Some(k);
        }
    }
    None
}

#[allow(
    clippy::string_slice,
    reason = "`i` is a `<`; `j` moves over ASCII bytes or whole runs of name bytes (which end at an ASCII byte or \
              the end), and the value lies between its ASCII quotes"
)]
fn start_tag_attrs(src: &str, i: usize, opts: Options, name_end: Option<usize>) -> Result<(Elem, usize, bool), Skip> {
    let b = src.as_bytes();
    let lenient = opts.loose_attrs;
    let mut j = i + 1;
    if let Some(end) = name_end {
        j = end;
    } else {
        while j < b.len() && is_name_char(b[j]) {
            j += 1;
        }
        if j == i + 1 {
            let message = "`<` not followed by an element name (write `&lt;` in text)";
            return Err(XmlError::new(i, ErrorKind::NoName, message).into());
        }
    }
    let name = src[i + 1..j].to_string();
    let mut attrs: Vec<Attr> = Vec::new();
    // Names seen, once a tag has many attributes: a linear search per attribute made one element with 100k
    // attributes quadratic (25 s).
    let mut seen: Option<std::collections::HashSet<String>> = None;
    // An attribute that does not parse: an error, or leniently the end of the attributes read.
    let bad = |attrs: Vec<Attr>, name: String, at: usize, message: String| -> Skip {
        if lenient {
            let elem = Elem::open(name, i..at, attrs);
            Skip::ToEnd { elem: Box::new(elem), from: at }
        } else {
            Skip::Error(XmlError::new(at, ErrorKind::BadAttribute, message))
        }
    };
    loop {
        let ws = j;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        match b.get(j) {
            None => {
                let message = format!("start tag `<{name}` is never closed");
                return Err(XmlError::new(i, ErrorKind::UnclosedTag, message).into());
            }
            Some(b'>') => {
                let elem = Elem::open(name, i..j + 1, attrs);
                return Ok((elem, j + 1, false));
            }
            Some(b'/') => {
                if b.get(j + 1) != Some(&b'>') {
                    let message = format!("`/` in start tag `<{name}` not followed by `>`");
                    return Err(bad(attrs, name, j, message));
                }
                let elem = Elem::open(name, i..j + 2, attrs);
                return Ok((elem, j + 2, true));
            }
            Some(_) => {}
        }
        if ws == j {
            let message = format!("attributes of `<{name}>` must be separated by whitespace");
            return Err(bad(attrs, name, j, message));
        }
        let ns = j;
        while j < b.len() && is_name_char(b[j]) {
            j += 1;
        }
        if ns == j {
            let message = format!("unexpected character in start tag `<{name}>`");
            return Err(bad(attrs, name, j, message));
        }
        let aname = src[ns..j].to_string();
        let name_end = j;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if b.get(j) != Some(&b'=') {
            return Err(bad(attrs, name, ns, format!("attribute `{aname}` has no value")));
        }
        j += 1;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        let quote = match b.get(j) {
            Some(&q @ (b'"' | b'\'')) => q,
            _ => return Err(bad(attrs, name, j, format!("the value of attribute `{aname}` must be quoted"))),
        };
        let vs = j + 1;
        let Some(n) = memchr::memchr(quote, &b[vs..]) else {
            let message = format!("the value of attribute `{aname}` is never closed");
            if opts.events {
                // The tag ends where the event reader ended it (`src` stops there): its quotes paired up
                // differently (a quote in the name), and the attributes from here on are not read.
                return Err(bad(attrs, name, j, message));
            }
            return Err(XmlError::new(j, ErrorKind::UnclosedTag, message).into());
        };
        let ve = vs + n;
        if let Some(lt) = memchr::memchr(b'<', &b[vs..ve]).filter(|_| !lenient) {
            let message = format!("`<` in the value of attribute `{aname}`");
            return Err(XmlError::new(vs + lt, ErrorKind::BadAttribute, message).into());
        }
        // Leniently a duplicate is kept, and `Elem::attr` finds the first (as an event reader's would).
        let twice = !lenient
            && match &mut seen {
                Some(set) => !set.insert(aname.clone()),
                None => {
                    let twice = attrs.iter().any(|a| a.name == aname);
                    if attrs.len() >= 16 {
                        seen = Some(attrs.iter().map(|a| a.name.clone()).chain([aname.clone()]).collect());
                    }
                    twice
                }
            };
        if twice {
            let message = format!("attribute `{aname}` appears twice in `<{name}>`");
            return Err(XmlError::new(ns, ErrorKind::DuplicateAttribute { name: aname }, message).into());
        }
        let value = unescape_with(&src[vs..ve], vs, lenient)?;
        attrs.push(Attr { name: aname, value, name_range: ns..name_end, value_range: vs..ve });
        j = ve + 1;
    }
}

/// Resolves the five predefined entities and character references; `at` is the offset of `raw` in the text.
pub fn unescape(raw: &str, at: usize) -> Result<String, XmlError> {
    unescape_with(raw, at, false)
}

/// [`unescape`]; `lenient` keeps an `&` that starts no known entity as written.
#[allow(
    clippy::string_slice,
    reason = "offsets are `find`s of ASCII `&` and `;` in the same str, one past them, or past ASCII `#`/`#x`"
)]
fn unescape_with(raw: &str, at: usize, lenient: bool) -> Result<String, XmlError> {
    if !raw.contains('&') {
        return Ok(raw.to_string());
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    let mut pos = at;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = after.find(';').filter(|&s| s <= 10);
        let ch = semi.and_then(|semi| entity(&after[..semi]));
        let (Some(semi), Some(ch)) = (semi, ch) else {
            if lenient {
                out.push('&');
                rest = after;
                pos += amp + 1;
                continue;
            }
            return match semi {
                None => err(pos + amp, ErrorKind::BareAmpersand, "`&` not starting an entity (write `&amp;`)"),
                Some(semi) => {
                    let name = &after[..semi];
                    err(
                        pos + amp,
                        ErrorKind::UnknownEntity { name: name.to_string() },
                        format!("unknown entity `&{name};`"),
                    )
                }
            };
        };
        out.push(ch);
        let used = amp + 1 + semi + 1;
        rest = &rest[used..];
        pos += used;
    }
    out.push_str(rest);
    Ok(out)
}

/// The character of a reference as the event reader resolved it ([`Options::events`]): a predefined entity,
/// or a character reference with a lower-case `x` for hex, no sign and not `&#0;`.
pub fn event_entity(name: &str) -> Option<char> {
    let Some(num) = name.strip_prefix('#') else { return entity(name) };
    let (digits, radix) = num.strip_prefix('x').map_or((num, 10), |hex| (hex, 16));
    if digits.starts_with(['+', '-']) {
        return None;
    }
    u32::from_str_radix(digits, radix).ok().filter(|&c| c != 0).and_then(char::from_u32)
}

/// The character a predefined entity (`amp`, `lt`, `gt`, `quot`, `apos`) or a character reference (`#38`,
/// `#x26`) between `&` and `;` stands for: the one entity table of the layer.
#[allow(clippy::string_slice, reason = "cuts just past the ASCII `#` or `#x` the name starts with")]
pub fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ if name.starts_with("#x") => u32::from_str_radix(&name[2..], 16).ok().and_then(char::from_u32),
        _ if name.starts_with('#') => name[1..].parse::<u32>().ok().and_then(char::from_u32),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_with_spans() {
        let src =
            "<?xml version=\"1.0\"?>\n<beans><bean id=\"a&amp;b\" class='X'>t<![CDATA[<x>]]></bean><ref/></beans>";
        let doc = parse(src).unwrap_or_default();
        let bean = &doc.elems[1];
        assert_eq!(bean.attr("id").map(|a| a.value.as_str()), Some("a&b"));
        let id = bean.attr("id").and_then(|a| src.get(a.value_range.clone()));
        assert_eq!(id, Some("a&amp;b"));
        assert_eq!(bean.text, "t<x>");
        assert_eq!(doc.elems[0].children, vec![1, 2]);
    }

    #[test]
    fn reports_errors_with_offsets() {
        assert_eq!(parse("<a><b></a>").err().map(|e| e.offset), Some(6));
        assert_eq!(parse("junk<?xml version='1.0'?><a/>").err().map(|e| e.offset), Some(0));
        assert!(parse("<a x='1' x='2'/>").is_err());
        assert!(parse("<a>&nope;</a>").is_err());
        assert!(parse("<a>").is_err());
        let deep = "<a>".repeat(100_000) + &"</a>".repeat(100_000);
        assert!(parse(&deep).is_ok());
    }

    fn kind(src: &str, opts: Options) -> Option<ErrorKind> {
        parse_with(src, opts).1.map(|e| e.kind)
    }

    #[test]
    fn errors_say_their_kind() {
        let strict = Options::default();
        let mismatch = ErrorKind::MismatchedEnd { expected: "b".into(), found: "a".into() };
        assert_eq!(kind("<a><b></a>", strict), Some(mismatch));
        assert_eq!(kind("<a/></b>", Options::LENIENT), Some(ErrorKind::UnmatchedEnd { found: "b".into() }));
        assert_eq!(kind("<a><b/>", strict), Some(ErrorKind::Unclosed { name: "a".into() }));
        assert_eq!(kind("<a>&nope;</a>", strict), Some(ErrorKind::UnknownEntity { name: "nope".into() }));
        assert_eq!(kind("<a>&</a>", strict), Some(ErrorKind::BareAmpersand));
        assert_eq!(kind("<a x='1' x='2'/>", strict), Some(ErrorKind::DuplicateAttribute { name: "x".into() }));
        assert_eq!(kind("<a x=1/>", strict), Some(ErrorKind::BadAttribute));
        assert_eq!(kind("<a><!-- x</a>", strict), Some(ErrorKind::UnclosedMarkup));
        assert_eq!(kind("<a x='1", strict), Some(ErrorKind::UnclosedTag));
        assert_eq!(kind("<a>< b</a>", strict), Some(ErrorKind::NoName));
        assert_eq!(kind("<a/><b/>", strict), Some(ErrorKind::Prolog));
        assert_eq!(kind("  ", strict), Some(ErrorKind::NoRoot));
    }

    #[test]
    fn events_tokenize_as_the_event_reader_did() {
        let events = Options::events(false);
        let message = |src: &str| parse_with(src, events).1.map(|e| (e.offset, e.event_message(src)));
        // Mismatched and unmatched end tags, at their `<`, in the words the fixtures quote.
        let mismatch = "ill-formed document: expected `</b>`, but `</a>` was found".to_string();
        assert_eq!(message("<a><b></a>"), Some((6, mismatch)));
        let unmatched = "ill-formed document: close tag `</b>` does not match any open tag".to_string();
        assert_eq!(message("<a/></b>"), Some((4, unmatched)));
        // `<!` that is no comment, CDATA or DOCTYPE; an `&` without its `;`, even outside the root.
        assert_eq!(kind("<a><!x></a>", events), Some(ErrorKind::BadMarkup));
        assert_eq!(kind("& <a/>", events), Some(ErrorKind::UnclosedRef));
        assert_eq!(kind("<a>&amp &lt;</a>", events), Some(ErrorKind::UnclosedRef));
        assert_eq!(kind("<!DOCTYPE ><a/>", events), Some(ErrorKind::NoDoctypeName));
        // Unknown references, a second root and attributes that do not parse are the caller's to judge.
        let (doc, e) = parse_with("<a:x k=v j='1'>t&nope;<![CDATA[c]]><!--m--><b/>u</a:x><c/>", events);
        assert_eq!(e, None);
        assert_eq!(doc.elems.len(), 3);
        let a = &doc.elems[0];
        assert_eq!((a.name.as_str(), a.text.as_str(), a.end), ("a:x", "t&nope;cu", 54));
        assert_eq!(a.attrs.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(), ["j"]);
        let kinds: Vec<RunKind> = a.runs.iter().map(|r| r.kind).collect();
        assert_eq!(kinds, [RunKind::Text, RunKind::Ref, RunKind::CData, RunKind::Comment, RunKind::Text]);
        assert_eq!(doc.parents(), [None, Some(0), None]);
        assert!(doc.elems[1].self_closing("<a:x k=v j='1'>t&nope;<![CDATA[c]]><!--m--><b/>u</a:x><c/>"));
        // A tag ends at its first `>` outside quotes.
        let (doc, e) = parse_with("<a x='>'>y</a>", events);
        assert_eq!((doc.elems[0].text.as_str(), e), ("y", None));
    }

    #[test]
    fn event_attrs_read_past_what_they_cannot_read() {
        let src = "<a x=1 y='2' z w=\"3\">";
        let attrs = event_attrs(src, 0..src.len(), false);
        let read: Vec<String> = attrs
            .iter()
            .map(|a| match a {
                Ok((n, v)) => {
                    format!("{}={}", src.get(n.clone()).unwrap_or_default(), src.get(v.clone()).unwrap_or_default())
                }
                Err(e) => e.clone(),
            })
            .collect();
        assert_eq!(
            read,
            [
                "position 4: attribute value must be enclosed in `\"` or `'`",
                "y=2",
                "position 14: attribute key must be directly followed by `=` or space",
                "w=3",
            ]
        );
        assert_eq!(event_entity("#0"), None);
        assert_eq!(event_entity("#x+26"), None);
        assert_eq!(event_entity("#X26"), None);
        assert_eq!(event_entity("#x26"), Some('&'));
        assert_eq!(event_local_name("a:b:c"), "b:c");
    }
}
