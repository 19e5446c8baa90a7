//! A `java.util.Properties` reader that keeps where every key and value sits: `=`, `:` and whitespace
//! separators, `#`/`!` comments, `\` line continuations, `\uXXXX` and the other escapes (antx.md §5).

use std::ops::Range;

/// One `key = value` entry.
#[derive(Clone, Debug)]
pub struct Entry {
    pub key: String,
    /// The key as written, in the decoded text.
    pub key_range: Range<usize>,
    pub value: String,
    /// The value as written (continuations included), in the decoded text.
    pub value_range: Range<usize>,
}

/// Parses `text` (already decoded) into its entries, in file order.
pub fn parse(text: &str) -> Vec<Entry> {
    let bytes = text.as_bytes();
    let mut entries = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        // Skip leading whitespace of a natural line (blank lines too).
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\x0c' | b'\r' | b'\n') {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        if matches!(bytes[i], b'#' | b'!') {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        let (logical, end) = logical_line(bytes, i);
        // A lone `\` continued onto a blank line or the end leaves nothing: no entry, as in Java (an entry here
        // had an empty key placed at the start of the file).
        if !logical.is_empty() {
            entries.push(split_entry(text, &logical));
        }
        i = end;
    }
    entries
}

/// The byte offsets of one logical line starting at `start` (continuation backslashes and the leading
/// whitespace of continued lines removed), and the offset after it.
fn logical_line(bytes: &[u8], start: usize) -> (Vec<usize>, usize) {
    let mut out = Vec::new();
    let mut i = start;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' || b == b'\r' {
            return (out, i);
        }
        if b == b'\\' {
            // Count the run of backslashes: an odd run at the end of the line continues it.
            let mut j = i;
            while j < bytes.len() && bytes[j] == b'\\' {
                j += 1;
            }
            let run = j - i;
            let at_eol = j >= bytes.len() || bytes[j] == b'\n' || bytes[j] == b'\r';
            if at_eol && run % 2 == 1 {
                out.extend(i..j - 1);
                i = j;
                if i < bytes.len() && bytes[i] == b'\r' {
                    i += 1;
                }
                if i < bytes.len() && bytes[i] == b'\n' {
                    i += 1;
                }
                while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\x0c') {
                    i += 1;
                }
                continue;
            }
            out.extend(i..j);
            i = j;
            continue;
        }
        out.push(i);
        i += 1;
    }
    (out, i)
}

fn split_entry(text: &str, offsets: &[usize]) -> Entry {
    let bytes = text.as_bytes();
    let at = |k: usize| bytes[offsets[k]];
    // The key ends at the first unescaped `=`, `:` or whitespace.
    let mut k = 0;
    while k < offsets.len() {
        match at(k) {
            b'\\' => k += 2,
            b'=' | b':' | b' ' | b'\t' | b'\x0c' => break,
            _ => k += 1,
        }
    }
    let key_end = k.min(offsets.len());
    // Separator: whitespace, then at most one `=` or `:`, then whitespace.
    let mut v = key_end;
    while v < offsets.len() && matches!(at(v), b' ' | b'\t' | b'\x0c') {
        v += 1;
    }
    if v < offsets.len() && matches!(at(v), b'=' | b':') {
        v += 1;
    }
    while v < offsets.len() && matches!(at(v), b' ' | b'\t' | b'\x0c') {
        v += 1;
    }
    let range_of = |from: usize, to: usize| -> Range<usize> {
        if from >= to {
            let p = offsets.get(from).copied().unwrap_or_else(|| offsets.last().map_or(0, |o| o + 1));
            return p..p;
        }
        // Every byte of a character is in `offsets`, so one past the last byte is a character boundary.
        offsets[from]..offsets[to - 1] + 1
    };
    let collect = |from: usize, to: usize| -> String {
        let mut raw = Vec::with_capacity(to.saturating_sub(from));
        for &o in &offsets[from.min(to)..to] {
            raw.push(bytes[o]);
        }
        unescape(&String::from_utf8_lossy(&raw))
    };
    Entry {
        key: collect(0, key_end),
        key_range: range_of(0, key_end),
        value: collect(v, offsets.len()),
        value_range: range_of(v, offsets.len()),
    }
}

/// Resolves `\uXXXX`, `\t`, `\n`, `\r`, `\f` and `\x` → `x`.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('u') => {
                let hex: String = chars.clone().take(4).collect();
                match (hex.len() == 4).then(|| u32::from_str_radix(&hex, 16).ok()).flatten() {
                    Some(code) => {
                        for _ in 0..4 {
                            chars.next();
                        }
                        out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                    }
                    // Java throws "Malformed \uxxxx encoding"; keep the text so later rules still see a value.
                    None => out.push('u'),
                }
            }
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('f') => out.push('\x0c'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_comments_continuations_and_escapes() {
        let text = "# c\n! c\na = 1\nb:2\nc 3\nd\\=x = y\\u0041\ne = one, \\\n    two\nf\n";
        let e = parse(text);
        let kv: Vec<(&str, &str)> = e.iter().map(|e| (e.key.as_str(), e.value.as_str())).collect();
        assert_eq!(kv, [("a", "1"), ("b", "2"), ("c", "3"), ("d=x", "yA"), ("e", "one, two"), ("f", "")]);
        assert_eq!(text.get(e[0].key_range.clone()), Some("a"));
        assert_eq!(text.get(e[3].value_range.clone()), Some("y\\u0041"));
        assert_eq!(text.get(e[4].value_range.clone()), Some("one, \\\n    two"));
        let text = "k = 订单\n";
        assert_eq!(text.get(parse(text)[0].value_range.clone()), Some("订单"));
    }

    /// Found by the property tests: a lone `\` at the end of a line with nothing after it gave an entry with
    /// an empty key at offset 0.
    #[test]
    fn a_continuation_onto_nothing_is_no_entry() {
        let e = parse("中文档\n\\\n");
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].key, "中文档");
        assert_eq!(parse("a=1\n  \\\n\nb=2").iter().map(|e| e.key.as_str()).collect::<Vec<_>>(), ["a", "b"]);
    }
}
