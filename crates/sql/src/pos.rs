//! Positions on long lines in O(log n): byte offset ↔ (line, column in characters).
//!
//! `LineIndex::position` counts the characters from the start of the line on every call, and sqlparser gives
//! positions as (line, column) that had to be walked from the start of the statement: on one long line (a
//! `CREATE TABLE` of 100k columns, thousands of statements on one line) each finding or identifier cost the
//! whole line, which made a file quadratic (issue 22). Here a line longer than [`BLOCK`] bytes gets, once, the
//! number of characters before every [`BLOCK`]-byte block, so that a conversion scans at most one block.
//! Short lines are counted directly, as before.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use precheck_core::text::{LineIndex, floor_char_boundary};
use precheck_core::{Position, Span};

/// Bytes between two checkpoints of a long line.
const BLOCK: usize = 256;

/// Whether byte `b` starts a character (is not a UTF-8 continuation byte).
fn starts_char(b: u8) -> bool {
    (b & 0xC0) != 0x80
}

fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| starts_char(b)).count()
}

/// Character counts of long lines, built on first use per line.
#[derive(Debug, Default)]
struct Checkpoints {
    /// Line start → characters in the line before each block (`[0]` is 0).
    lines: RefCell<HashMap<usize, Arc<Vec<u32>>>>,
}

impl Checkpoints {
    fn of(&self, text: &str, line_start: usize) -> Arc<Vec<u32>> {
        if let Some(c) = self.lines.borrow().get(&line_start) {
            return Arc::clone(c);
        }
        let b = text.as_bytes();
        let end = memchr::memchr(b'\n', &b[line_start..]).map_or(b.len(), |k| line_start + k);
        let mut counts = Vec::with_capacity((end - line_start) / BLOCK + 1);
        let mut n = 0u32;
        let mut at = line_start;
        loop {
            counts.push(n);
            if at + BLOCK > end {
                break;
            }
            n = n.saturating_add(u32::try_from(count_chars(&b[at..at + BLOCK])).unwrap_or(u32::MAX));
            at += BLOCK;
        }
        let counts = Arc::new(counts);
        self.lines.borrow_mut().insert(line_start, Arc::clone(&counts));
        counts
    }

    /// Characters in `text[line_start..offset]` (`offset` on the same line).
    fn chars_before(&self, text: &str, line_start: usize, offset: usize) -> usize {
        let b = text.as_bytes();
        if offset - line_start <= 2 * BLOCK {
            return count_chars(&b[line_start..offset]);
        }
        let counts = self.of(text, line_start);
        let k = ((offset - line_start) / BLOCK).min(counts.len() - 1);
        counts[k] as usize + count_chars(&b[line_start + k * BLOCK..offset])
    }

    /// The byte offset of the character `chars` characters after `line_start`, not past `line_end` (the end of
    /// the line, or of the text).
    fn offset_of(&self, text: &str, line_start: usize, line_end: usize, chars: usize) -> usize {
        let b = text.as_bytes();
        let (mut at, mut n) = (line_start, 0usize);
        if line_end - line_start > 2 * BLOCK && chars > BLOCK {
            let counts = self.of(text, line_start);
            // The last block that starts at or before the character.
            let k = counts.partition_point(|&c| (c as usize) <= chars).saturating_sub(1);
            at = line_start + k * BLOCK;
            n = counts[k] as usize;
            // A block boundary may fall inside a character, which the count before the block includes: step
            // back to its start and count it again there.
            if at < line_end && !starts_char(b[at]) {
                while at > line_start && !starts_char(b[at]) {
                    at -= 1;
                }
                n -= 1;
            }
        }
        while at < line_end {
            if starts_char(b[at]) {
                if n == chars {
                    return at;
                }
                n += 1;
            }
            at += 1;
        }
        line_end
    }
}

/// File spans for findings: a [`LineIndex`] plus checkpoints on long lines.
#[derive(Debug)]
pub struct Locator<'a> {
    lines: &'a LineIndex,
    text: &'a str,
    path: &'a Arc<str>,
    long: Checkpoints,
}

impl<'a> Locator<'a> {
    pub fn new(lines: &'a LineIndex, text: &'a str, path: &'a Arc<str>) -> Locator<'a> {
        Locator { lines, text, path, long: Checkpoints::default() }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    pub fn path(&self) -> &'a Arc<str> {
        self.path
    }

    /// The 1-based position of byte `offset`, as `LineIndex::position` gives it.
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.lines.line_of(offset);
        let start = self.lines.line_range(line).start.min(offset);
        let column = self.long.chars_before(self.text, start, offset) + 1;
        Position { line, column: u32::try_from(column).unwrap_or(u32::MAX) }
    }

    /// The span of `range` of the file.
    pub fn span(&self, range: std::ops::Range<usize>) -> Span {
        let start = self.position(range.start);
        let end = self.position(range.end.max(range.start));
        Span { path: Arc::clone(self.path), range, start, end }
    }
}

/// (line, column) → byte offset in one statement's text, for sqlparser's positions.
#[derive(Debug)]
pub struct StmtPos<'a> {
    text: &'a str,
    /// Byte offset of each line start.
    starts: Vec<usize>,
    long: Checkpoints,
}

impl<'a> StmtPos<'a> {
    pub fn new(text: &'a str) -> StmtPos<'a> {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        StmtPos { text, starts, long: Checkpoints::default() }
    }

    /// The byte offset of 1-based `line` and `column` (in characters); past the end of a line, its end.
    pub fn offset(&self, line: u64, column: u64) -> usize {
        let Some(&start) = usize::try_from(line.max(1) - 1).ok().and_then(|l| self.starts.get(l)) else {
            return self.text.len();
        };
        let end = memchr::memchr(b'\n', &self.text.as_bytes()[start..]).map_or(self.text.len(), |k| start + k);
        let chars = usize::try_from(column.max(1) - 1).unwrap_or(usize::MAX);
        self.long.offset_of(self.text, start, end, chars)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stmt::offset_of;

    #[test]
    fn positions_match_the_line_index_on_short_and_long_lines() {
        let long: String = (0..3000).map(|i| if i % 7 == 0 { "档案 " } else { "ab " }).collect();
        let text = format!("short\n{long}\n中{long}x\n");
        let path: Arc<str> = Arc::from("a.sql");
        let lines = LineIndex::new(&text);
        let loc = Locator::new(&lines, &text, &path);
        for offset in (0..=text.len()).filter(|o| text.is_char_boundary(*o)) {
            assert_eq!(loc.position(offset), lines.position(&text, offset), "at {offset}");
        }
        // Inside a character: its start, as the line index says.
        assert_eq!(loc.position(7 + long.len() + 1), lines.position(&text, 7 + long.len() + 1));
    }

    #[test]
    fn statement_offsets_match_a_walk_from_the_start() {
        let long: String = (0..2000).map(|i| if i % 5 == 0 { "名 " } else { "x " }).collect();
        let text = format!("SELECT\n{long}\n  中 {long} y");
        let pos = StmtPos::new(&text);
        for line in 1..=4u64 {
            for column in [1u64, 2, 3, 200, 257, 513, 1000, 2600, 3999, 4000, 4001, 5000, 9999] {
                assert_eq!(pos.offset(line, column), offset_of(&text, line, column), "{line}:{column}");
            }
        }
    }
}
