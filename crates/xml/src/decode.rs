//! An XML file's bytes as text: a byte-order mark decides first, then the encoding the XML declaration names
//! (GBK and GB2312 read as GB18030, their superset, so characters real files use beyond the declared set still
//! decode), else UTF-8. The decoding itself is precheck-core's ([`precheck_core::text::decode`], which every
//! text file goes through); this module adds what an XML reader reports about it: an encoding it does not
//! know, or the first bytes that do not decode, at their place in the decoded text.

use std::borrow::Cow;

use precheck_core::text::{self, LineIndex};

/// Why the bytes did not decode.
#[derive(Clone, Debug)]
pub struct DecodeProblem {
    /// Offset in the decoded text.
    pub at: usize,
    pub message: String,
}

/// A decoded XML file.
#[derive(Clone, Debug)]
pub struct Decoded {
    /// The text, without a byte-order mark; undecodable sequences are U+FFFD.
    pub text: String,
    /// The first reason the bytes did not decode cleanly, if any.
    pub problem: Option<DecodeProblem>,
}

/// The text of `bytes`, borrowed when they are UTF-8 already (for readers that need no problem report).
pub fn text(bytes: &[u8]) -> Cow<'_, str> {
    text::decode(bytes).text
}

/// `text` with a leading U+FEFF written as three spaces (its length in bytes), for the readers that reject text
/// outside the root element (the descriptor reader, TXT018): a second byte-order mark (decoding removed the
/// first) is not text, as it was not for the event reader they used before, which skipped it.
pub fn bom_as_spaces(text: &str) -> Cow<'_, str> {
    match text.strip_prefix('\u{FEFF}') {
        Some(rest) => Cow::Owned(format!("   {rest}")),
        None => Cow::Borrowed(text),
    }
}

/// Decodes `bytes` and says what did not decode: an unsupported declared encoding (at the label), else the
/// first malformed bytes (at the character they decoded to).
pub fn decode(bytes: &[u8]) -> Decoded {
    let decoded = text::decode(bytes);
    let text = decoded.text.into_owned();
    let mut problem = None;
    if let Some(label) = decoded.declared.as_deref() {
        if decoded.bom.is_none() && text::encoding_for_label(label).is_none() {
            let at = text.find(label).unwrap_or(0);
            problem =
                Some(DecodeProblem { at, message: format!("unsupported encoding `{label}` in the XML declaration") });
        }
    }
    if let (None, Some(raw)) = (&problem, decoded.malformed_at) {
        let lines = LineIndex::new(&text);
        let at = raw_to_text(bytes, raw, decoded.encoding, decoded.bom.map_or(0, |b| b.byte_len()), &text, &lines);
        let name = decoded.declared.as_deref().unwrap_or("UTF-8");
        let bad: Vec<String> = bytes[raw..bytes.len().min(raw + 2)].iter().map(|b| format!("{b:02X}")).collect();
        problem = Some(DecodeProblem {
            at,
            message: format!("bytes `{}` are not valid {name} (decoded as {})", bad.join(" "), decoded.encoding.name()),
        });
    }
    Decoded { text, problem }
}

/// Maps a raw byte offset to an offset of the decoded text: the line is the number of `\n` bytes before it
/// (`\n` is ASCII in every encoding we decode byte-wise), the column the characters decoded before it.
#[allow(
    clippy::string_slice,
    reason = "`at` starts at a line start of `text` (the text `lines` indexes) and moves by whole characters"
)]
fn raw_to_text(
    bytes: &[u8],
    raw: usize,
    enc: &'static encoding_rs::Encoding,
    skip: usize,
    text: &str,
    lines: &LineIndex,
) -> usize {
    let raw = raw.min(bytes.len());
    if enc != encoding_rs::UTF_8 && enc != encoding_rs::GB18030 && enc.output_encoding() != enc {
        return 0;
    }
    let line = memchr::memchr_iter(b'\n', &bytes[..raw]).count() as u32 + 1;
    let line_start = memchr::memrchr(b'\n', &bytes[..raw]).map_or(skip, |i| i + 1).max(skip);
    let (col_text, _) = enc.decode_without_bom_handling(&bytes[line_start.min(raw)..raw]);
    let start = lines.line_range(line).start;
    let mut at = start;
    for c in col_text.chars() {
        if at >= text.len() {
            break;
        }
        let _ = c;
        at += text[at..].chars().next().map_or(1, char::len_utf8);
    }
    at.min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_decodes_and_a_bad_byte_is_placed_in_the_text() {
        let (body, _, _) = encoding_rs::GBK.encode("<?xml version=\"1.0\" encoding=\"GBK\"?>\n<a>数据源</a>\n");
        let ok = decode(&body);
        assert!(ok.problem.is_none());
        assert!(ok.text.contains("数据源"));
        let mut bad = body.into_owned();
        let at = bad.iter().rposition(|&b| b == b'<').unwrap_or(0);
        bad.insert(at, 0x80);
        bad.insert(at + 1, 0xFF);
        let d = decode(&bad);
        let p = d.problem.unwrap_or_else(|| panic!("no problem reported"));
        assert!(p.message.contains("not valid GBK"), "{}", p.message);
        assert!(d.text.is_char_boundary(p.at));
        let unknown = decode(b"<?xml version=\"1.0\" encoding=\"NOPE-9\"?><a/>");
        assert_eq!(unknown.problem.map(|p| p.at), Some(30));
    }
}
