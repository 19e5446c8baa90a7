//! Shared per-file facts for the line rules: the per-line regex cap of
//! code.md §8 (a minified multi-megabyte line is searched only up to `max-line-bytes`, and the skipped region is
//! reported at warning level, never silently).

use precheck_core::{FileCtx, Finding, Sink, pc};
use std::ops::Range;

use crate::config::Settings;

/// What the line rules of one file share.
#[derive(Debug)]
pub struct FileScan {
    /// The regex input cap per line, in bytes.
    pub cap: usize,
    /// Whether the text holds a `\r`, searched once for the line-ending rules (a pass over the file each
    /// costs) and only when one asks.
    has_cr: std::cell::OnceCell<bool>,
    /// Lines longer than the cap: (1-based line, byte length).
    long_lines: Vec<(u32, usize)>,
}

impl FileScan {
    pub fn new(cx: &FileCtx<'_>, settings: &Settings) -> FileScan {
        let cap = settings.config.max_line_bytes;
        let text = cx.text();
        let mut long_lines = Vec::new();
        if text.len() > cap {
            long_lines = find_long_lines(text.as_bytes(), cap);
        }
        FileScan { cap, has_cr: std::cell::OnceCell::new(), long_lines }
    }

    /// Whether the text holds a `\r` at all.
    pub fn has_cr(&self, cx: &FileCtx<'_>) -> bool {
        *self.has_cr.get_or_init(|| memchr::memchr(b'\r', cx.text().as_bytes()).is_some())
    }

    /// Reports the lines the regex rules searched only in part (PC003, warning): once per file.
    pub fn report_long_lines(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(&(line, len)) = self.long_lines.first() else { return };
        out.emit(&pc::FILE_NOT_CHECKED, || {
            let more = match self.long_lines.len() {
                1 => String::new(),
                n => format!(" (and {} more lines)", n - 1),
            };
            Finding::new(
                &pc::FILE_NOT_CHECKED,
                cx.lines_span(line, line),
                format!(
                    "line {line} is {} KiB long{more}: the `code` check searched only its first {} KiB for secrets, \
                     links and TODOs",
                    len / 1024,
                    self.cap / 1024
                ),
            )
            .with_help("exclude minified or generated files in precheck.toml, or raise `max-line-bytes` in [code]")
        });
    }
}

/// Lines longer than `cap` bytes, as (1-based line, length). Jumps `cap` bytes at a time and looks back for a
/// newline, so a file of short lines costs about `len / cap` searches rather than one per line.
fn find_long_lines(bytes: &[u8], cap: usize) -> Vec<(u32, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    while start + cap < bytes.len() {
        if let Some(k) = memchr::memrchr(b'\n', &bytes[start..=start + cap]) {
            start += k + 1;
            continue;
        }
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        let line = memchr::memchr_iter(b'\n', &bytes[..start]).count() + 1;
        out.push((u32::try_from(line).unwrap_or(u32::MAX), end - start));
        start = end + 1;
    }
    out
}

/// The byte range of the line holding `at` in `text`, without its line terminator.
pub fn line_around(text: &str, at: usize) -> Range<usize> {
    let bytes = text.as_bytes();
    let at = at.min(bytes.len());
    let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
    let end = if end > start && bytes[end - 1] == b'\r' { end - 1 } else { end };
    start..end
}

/// `range` cut to at most `cap` bytes, on a character boundary.
pub fn capped(text: &str, range: Range<usize>, cap: usize) -> Range<usize> {
    let mut end = range.end.min(range.start.saturating_add(cap));
    while end > range.start && !text.is_char_boundary(end) {
        end -= 1;
    }
    range.start..end
}

/// Iterates the lines of `text` as (1-based line number, byte range without the terminator).
pub fn lines(text: &str) -> impl Iterator<Item = (u32, Range<usize>)> + '_ {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut line = 0u32;
    let mut done = false;
    std::iter::from_fn(move || {
        if done || start > bytes.len() || (start == bytes.len() && line > 0) {
            return None;
        }
        line = line.saturating_add(1);
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        if end == bytes.len() {
            done = true;
        }
        let content_end = if end > start && bytes[end - 1] == b'\r' { end - 1 } else { end };
        let range = start..content_end;
        start = end + 1;
        Some((line, range))
    })
}

/// The line-comment and block-comment openers of a file, by extension (unknown: the common ones).
fn comment_openers(ext: &str) -> &'static [&'static str] {
    match ext {
        "rs" | "c" | "h" | "cc" | "cpp" | "hpp" | "java" | "kt" | "kts" | "scala" | "go" | "js" | "mjs" | "cjs"
        | "ts" | "tsx" | "jsx" | "swift" | "cs" | "proto" | "gradle" | "groovy" | "dart" | "css" | "scss" | "less" => {
            &["//", "/*", "*"]
        }
        "php" => &["//", "/*", "*", "#"],
        "sh" | "bash" | "zsh" | "py" | "rb" | "pl" | "pm" | "r" | "yaml" | "yml" | "toml" | "properties" | "conf"
        | "cfg" | "cmake" | "mk" | "dockerfile" | "tf" | "ps1" | "nix" | "env" | "gitignore" | "gitattributes" => {
            &["#"]
        }
        "ini" => &["#", ";"],
        "sql" | "lua" | "hs" | "ada" => &["--", "/*", "*"],
        "xml" | "html" | "htm" | "xhtml" | "md" | "markdown" | "vue" | "svg" | "xsl" | "xsd" | "pom" => &["<!--"],
        "tex" | "erl" | "m" => &["%"],
        "bat" | "cmd" => &["REM ", "rem ", "::"],
        "lisp" | "clj" | "el" | "scm" | "asm" | "s" => &[";"],
        _ => &["#", "//", "/*", "*", "--", "<!--"],
    }
}

/// Whether the text before a position on its line opens a comment in the file's syntax: an opener at the
/// start of the line or after a blank (so `--hidden`, `$#` and `#[attr]` are not comments).
#[allow(clippy::string_slice, reason = "`i` is where an ASCII opener starts in `before`, found by `match_indices`")]
pub fn in_comment(before: &str, ext: &str) -> bool {
    let ext = ext.to_ascii_lowercase();
    comment_openers(&ext).iter().any(|opener| {
        before.match_indices(opener).any(|(i, _)| {
            let after = &before[i + opener.len()..];
            let at_boundary = before[..i].chars().next_back().is_none_or(char::is_whitespace);
            // `*` only continues a block comment at the start of the line; `#[`/`#!` are Rust attributes.
            let star_ok = *opener != "*" || before[..i].trim().is_empty();
            let hash_ok = *opener != "#" || !(after.starts_with('[') || after.starts_with('!'));
            at_boundary && star_ok && hash_ok
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_handle_crlf_and_a_missing_final_newline() {
        let text = "a\r\nbb\nc";
        let got: Vec<(u32, &str)> = lines(text).map(|(n, r)| (n, text.get(r).unwrap_or("?"))).collect();
        assert_eq!(got, vec![(1, "a"), (2, "bb"), (3, "c")]);
        let text = "a\n";
        assert_eq!(lines(text).count(), 1);
        assert_eq!(lines("").count(), 1);
        assert_eq!(line_around("ab\ncd\r\nef", 4), 3..5);
        assert_eq!(capped("añb", 0..4, 2), 0..1);
        let text = format!("a\n{}\nb\n{}", "x".repeat(10), "y".repeat(12));
        assert_eq!(find_long_lines(text.as_bytes(), 8), vec![(2, 10), (4, 12)]);
        assert_eq!(find_long_lines(b"short\nlines\nonly\n", 8), vec![]);
        assert!(in_comment("    // ", "rs"));
        assert!(in_comment(" * ", "java"));
        assert!(!in_comment("let x = a * ", "rs"));
        assert!(in_comment("x = 1  # ", "py"));
        assert!(!in_comment("rg --hidden -c '", "sh"));
        assert!(!in_comment("echo $#", "sh"));
        assert!(in_comment("SELECT 1; -- ", "sql"));
    }
}
