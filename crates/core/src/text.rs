//! Text access: binary detection, decoding (UTF-8, byte-order marks, XML-declared encodings such as GBK via
//! encoding_rs) and the line index that turns byte offsets into 1-based lines and columns.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use encoding_rs::Encoding;

use crate::finding::{Position, Span};

/// How many leading bytes are searched for a NUL byte to call a file binary (as git does).
pub const BINARY_SNIFF_LEN: usize = 8 * 1024;

/// Whether the bytes look binary: a NUL byte in the first 8 KiB.
pub fn is_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(BINARY_SNIFF_LEN)]).is_some()
}

/// Which byte-order mark the bytes started with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bom {
    Utf8,
    Utf16Le,
    Utf16Be,
}

impl Bom {
    /// How many bytes the mark takes.
    pub fn byte_len(self) -> usize {
        match self {
            Bom::Utf8 => 3,
            Bom::Utf16Le | Bom::Utf16Be => 2,
        }
    }

    pub fn sniff(bytes: &[u8]) -> Option<Bom> {
        match bytes {
            [0xEF, 0xBB, 0xBF, ..] => Some(Bom::Utf8),
            [0xFF, 0xFE, ..] => Some(Bom::Utf16Le),
            [0xFE, 0xFF, ..] => Some(Bom::Utf16Be),
            _ => None,
        }
    }
}

/// The `encoding="…"` of an XML declaration at the start of the bytes (after an optional UTF-8 BOM and
/// whitespace), as written.
#[allow(
    clippy::string_slice,
    reason = "offsets are `find`s of ASCII `encoding` and the ASCII quote in the same str, or one past the quote"
)]
pub fn xml_declared_encoding(bytes: &[u8]) -> Option<&str> {
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(bytes);
    let start = body.iter().position(|b| !b.is_ascii_whitespace())?;
    let body = &body[start..];
    if !body.starts_with(b"<?xml") {
        return None;
    }
    let end = memchr::memmem::find(&body[..body.len().min(512)], b"?>")?;
    let decl = std::str::from_utf8(&body[..end]).ok()?;
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &rest[1..];
    let close = value.find(quote)?;
    Some(&value[..close])
}

/// The encoding_rs encoding for a declared label. GB2312 and GBK decode as GB18030, their superset, so that
/// characters real files use beyond the declared set still decode.
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    let enc = Encoding::for_label(label.trim().as_bytes())?;
    if enc == encoding_rs::GBK { Some(encoding_rs::GB18030) } else { Some(enc) }
}

/// A file's text, decoded.
#[derive(Clone, Debug)]
pub struct Decoded<'a> {
    /// The text, without a byte-order mark. Undecodable sequences are U+FFFD.
    pub text: Cow<'a, str>,
    /// The encoding the bytes were decoded with.
    pub encoding: &'static Encoding,
    pub bom: Option<Bom>,
    /// The encoding label an XML declaration gave, as written.
    pub declared: Option<String>,
    /// Byte offset (in the raw bytes) of the first sequence that did not decode, if any.
    pub malformed_at: Option<usize>,
}

/// Decodes `bytes`: a BOM decides first, then an XML declaration's encoding, else UTF-8.
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    let bom = Bom::sniff(bytes);
    let declared = xml_declared_encoding(bytes).map(str::to_string);
    let encoding = match bom {
        Some(Bom::Utf16Le) => encoding_rs::UTF_16LE,
        Some(Bom::Utf16Be) => encoding_rs::UTF_16BE,
        Some(Bom::Utf8) => encoding_rs::UTF_8,
        None => declared.as_deref().and_then(encoding_for_label).unwrap_or(encoding_rs::UTF_8),
    };
    let body = &bytes[bom.map_or(0, Bom::byte_len)..];
    let offset = bom.map_or(0, Bom::byte_len);
    if encoding == encoding_rs::UTF_8 {
        return match std::str::from_utf8(body) {
            Ok(text) => Decoded { text: Cow::Borrowed(text), encoding, bom, declared, malformed_at: None },
            Err(e) => Decoded {
                text: String::from_utf8_lossy(body),
                encoding,
                bom,
                declared,
                malformed_at: Some(offset + e.valid_up_to()),
            },
        };
    }
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    let malformed_at = had_errors.then(|| offset + first_malformed(encoding, body));
    Decoded { text: Cow::Owned(text.into_owned()), encoding, bom, declared, malformed_at }
}

/// Offset of the first malformed sequence of `bytes` in `encoding` (only called when there is one).
fn first_malformed(encoding: &'static Encoding, bytes: &[u8]) -> usize {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(64);
    let mut read_total = 0;
    // Feed small chunks so the error position stays precise without decoding into a huge buffer.
    for chunk in bytes.chunks(256) {
        let mut consumed = 0;
        loop {
            out.clear();
            let (result, read) = decoder.decode_to_string_without_replacement(&chunk[consumed..], &mut out, false);
            consumed += read;
            match result {
                encoding_rs::DecoderResult::Malformed(bad, after) => {
                    return (read_total + consumed).saturating_sub(bad as usize + after as usize);
                }
                encoding_rs::DecoderResult::OutputFull => {
                    out.reserve(256);
                    continue;
                }
                encoding_rs::DecoderResult::InputEmpty => break,
            }
        }
        read_total += chunk.len();
    }
    read_total
}

/// Byte offsets of line starts in a text, for offset → (line, column) conversion.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
    /// Characters before every [`CHECKPOINT`]-th byte of the text, built the first time a column is asked
    /// for far into a long line: a column then costs at most a checkpoint's bytes, not the line's.
    checkpoints: std::sync::OnceLock<Vec<u32>>,
}

/// Bytes between column checkpoints.
const CHECKPOINT: usize = 256;

/// Columns nearer the line start than this are counted directly.
const DIRECT: usize = 4 * CHECKPOINT;

/// The characters of `bytes` (every byte but a UTF-8 continuation byte starts one).
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts, len: text.len(), checkpoints: std::sync::OnceLock::new() }
    }

    /// Number of lines (a trailing newline does not start a new line).
    pub fn line_count(&self) -> u32 {
        let n = self.starts.len();
        let n = if n > 1 && self.starts[n - 1] == self.len { n - 1 } else { n };
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    /// The 1-based line containing byte `offset`.
    pub fn line_of(&self, offset: usize) -> u32 {
        let line = self.starts.partition_point(|&s| s <= offset);
        u32::try_from(line.max(1)).unwrap_or(u32::MAX)
    }

    /// Byte range of 1-based `line`, including its line terminator.
    pub fn line_range(&self, line: u32) -> Range<usize> {
        let i = (line.max(1) - 1) as usize;
        let start = self.starts.get(i).copied().unwrap_or(self.len);
        let end = self.starts.get(i + 1).copied().unwrap_or(self.len);
        start..end
    }

    /// The 1-based position of byte `offset` in `text` (the text this index was built from).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[(line - 1) as usize];
        // Counted on bytes: `start` is a line start of the text the index was built from, so a different `text`
        // cannot make this panic. Far into a long line (minified code, one-line DDL) from the checkpoints.
        let bytes = text.as_bytes();
        let column = if offset - start <= DIRECT || bytes.len() != self.len {
            chars_in(&bytes[start..offset])
        } else {
            self.chars_before(bytes, offset) - self.chars_before(bytes, start)
        } + 1;
        Position { line, column: u32::try_from(column).unwrap_or(u32::MAX) }
    }

    /// The characters of the text before byte `at`.
    fn chars_before(&self, bytes: &[u8], at: usize) -> usize {
        let checkpoints = self.checkpoints.get_or_init(|| {
            let mut counts = Vec::with_capacity(bytes.len() / CHECKPOINT + 1);
            let mut total = 0u32;
            counts.push(0);
            for chunk in bytes.chunks(CHECKPOINT) {
                total = total.saturating_add(u32::try_from(chars_in(chunk)).unwrap_or(u32::MAX));
                counts.push(total);
            }
            counts
        });
        let k = at / CHECKPOINT;
        checkpoints.get(k).map_or(0, |&c| c as usize) + chars_in(&bytes[k * CHECKPOINT..at])
    }

    /// A span of `path` over `range` of `text`.
    pub fn span(&self, path: &Arc<str>, text: &str, range: Range<usize>) -> Span {
        let start = self.position(text, range.start);
        let end = self.position(text, range.end.max(range.start));
        Span { path: Arc::clone(path), range, start, end }
    }

    /// A span covering whole lines `first..=last` (without the final line terminator).
    pub fn lines_span(&self, path: &Arc<str>, text: &str, first: u32, last: u32) -> Span {
        let start = self.line_range(first).start;
        let end_range = self.line_range(last.max(first));
        let bytes = text.as_bytes();
        let mut end = end_range.end;
        while end > end_range.start && matches!(bytes.get(end - 1), Some(b'\n' | b'\r')) {
            end -= 1;
        }
        self.span(path, text, start..end)
    }
}

/// The largest char boundary of `text` at or before byte `i` (`text.len()` when `i` is past the end): where
/// to cut decoded text at a byte offset computed elsewhere (a byte count, a parser's position, `len() - 4`)
/// without panicking inside a multi-byte character. `str::floor_char_boundary` is newer than our MSRV.
pub fn floor_char_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary of `text` at or after byte `i` (`text.len()` when `i` is past the end).
pub fn ceil_char_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {

    #[test]
    fn columns_far_into_long_lines_match_a_direct_count() {
        let line: String = (0..3000).map(|i| if i % 7 == 0 { '中' } else { 'a' }).collect();
        let text = format!("short\n{line}\n{line}é");
        let index = LineIndex::new(&text);
        for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
            let start = index.line_range(index.line_of(offset)).start;
            let direct = text.get(start..offset).map_or(0, |t| t.chars().count()) + 1;
            assert_eq!(index.position(&text, offset).column as usize, direct, "offset {offset}");
        }
    }
    use super::*;

    #[test]
    fn positions_count_unicode_scalars() {
        let text = "ab\n数据库 x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 2);
        let x = text.find('x').unwrap_or_default();
        assert_eq!(index.position(text, x), Position { line: 2, column: 5 });
        assert_eq!(index.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(index.line_range(2), 3..text.len());
    }

    #[test]
    fn positions_and_boundaries_inside_a_character_do_not_panic() {
        let text = "档案\n数据库";
        let index = LineIndex::new(text);
        // Byte 1 is inside '档': the position is the character's own.
        assert_eq!(index.position(text, 1), Position { line: 1, column: 1 });
        assert_eq!(index.position(text, 4), Position { line: 1, column: 2 });
        // An index built from another text: no panic, a column counted in characters.
        let other = LineIndex::new("ab\ncd");
        assert_eq!(other.position(text, 5), Position { line: 2, column: 1 });
        assert_eq!(floor_char_boundary(text, 1), 0);
        assert_eq!(floor_char_boundary(text, 5), 3);
        assert_eq!(floor_char_boundary(text, 99), text.len());
        assert_eq!(ceil_char_boundary(text, 1), 3);
        assert_eq!(ceil_char_boundary(text, 99), text.len());
    }

    #[test]
    fn gbk_declared_xml_decodes_as_gb18030() {
        let (body, _, _) = encoding_rs::GBK.encode("<?xml version=\"1.0\" encoding=\"GBK\"?>\n<a>数据源</a>\n");
        let decoded = decode(&body);
        assert_eq!(decoded.encoding, encoding_rs::GB18030);
        assert_eq!(decoded.declared.as_deref(), Some("GBK"));
        assert!(decoded.text.contains("数据源"));
        assert!(decoded.malformed_at.is_none());
    }

    #[test]
    fn bom_and_invalid_utf8_are_reported() {
        let decoded = decode(b"\xEF\xBB\xBFhi");
        assert_eq!(decoded.bom, Some(Bom::Utf8));
        assert_eq!(decoded.text, "hi");
        let decoded = decode(b"ok\n\xFF\xFEbad");
        assert_eq!(decoded.bom, None, "a BOM only counts at the start");
        assert_eq!(decoded.malformed_at, Some(3));
        let decoded = decode(b"ok\nb\xFFad");
        assert_eq!(decoded.malformed_at, Some(4));
        assert!(is_binary(b"a\0b"));
        assert!(!is_binary(b"plain"));
    }

    #[test]
    fn malformed_position_in_declared_encoding() {
        let mut bytes = b"<?xml version='1.0' encoding='gb2312'?><a>".to_vec();
        bytes.extend_from_slice(&[0x81, 0x20]);
        let decoded = decode(&bytes);
        assert_eq!(decoded.malformed_at, Some(42));
    }
}
