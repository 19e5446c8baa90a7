//! Source-side line ranges of content conflicts: the head section of each conflict hunk of the merged blob
//! (`theirs` when merging `<target> <head>`) mapped back to lines of the head blob. Marker lines of the merged
//! blob exist in no checkout, so they are never reported.

use std::time::{Duration, Instant};

use crate::model::LineRange;

/// One line of the merged blob outside the head sections, or inside one (with its hunk number).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A line of the merged result that is no conflict section, or the head section of hunk `n`.
    Kept(Option<usize>),
    /// A marker line, or a line of the target or base section: not part of the head's view.
    Dropped,
}

/// The head-blob line ranges of every conflict hunk of `merged`, in order. A hunk whose head section is empty
/// (the head deleted those lines) or cannot be located maps to nothing.
///
/// A head section is a run of head lines verbatim (git's merge keeps each side's part of a hunk whole), so a
/// section that occurs once in the head after the previous located one is there: no diff needed. Sections
/// that occur more than once (a lone `]` in a lock file) are placed by a line diff of the head's view of the
/// merged blob against the head, only between the located sections around them.
pub fn head_side_ranges(merged: &[u8], head: &[u8]) -> Vec<LineRange> {
    let lines: Vec<&[u8]> = split_lines(merged);
    let roles = roles(&lines);
    // The head's view of the merged blob: every line outside conflict sections plus the head sections.
    let mut view: Vec<&[u8]> = Vec::with_capacity(lines.len());
    let mut sections: Vec<Section> = Vec::new();
    for (line, role) in lines.iter().zip(&roles) {
        let Role::Kept(hunk) = *role else { continue };
        if let Some(hunk) = hunk {
            match sections.last_mut() {
                Some(s) if s.hunk == hunk => s.len += 1,
                _ => sections.push(Section { hunk, view_start: view.len(), len: 1, head_start: None }),
            }
        }
        view.push(line);
    }
    if sections.is_empty() {
        return Vec::new();
    }
    let head_lines = split_lines(head);
    let mut from = 0;
    for s in &mut sections {
        s.head_start =
            only_occurrence(&head_lines[from..], &view[s.view_start..s.view_start + s.len]).map(|at| from + at);
        if let Some(start) = s.head_start {
            from = start + s.len;
        }
    }
    let mut ranges: Vec<Option<LineRange>> = vec![None; sections.last().map_or(0, |s| s.hunk + 1)];
    let (mut view_from, mut head_from) = (0, 0);
    let mut unplaced: Vec<&Section> = Vec::new();
    for s in sections.iter().map(Some).chain([None]) {
        let anchor = s.and_then(|s| s.head_start.map(|h| (s.view_start, h, s)));
        if s.is_some() && anchor.is_none() {
            unplaced.extend(s);
            continue;
        }
        let (view_to, head_to) = anchor.map_or((view.len(), head_lines.len()), |(v, h, _)| (v, h));
        if !unplaced.is_empty() {
            let map = line_map(&view[view_from..view_to], &head_lines[head_from..head_to]);
            for u in unplaced.drain(..) {
                for i in u.view_start..u.view_start + u.len {
                    if let Some(Some(line)) = map.get(i - view_from) {
                        widen(&mut ranges[u.hunk], line + head_from as u32);
                    }
                }
            }
        }
        if let Some((v, h, s)) = anchor {
            widen(&mut ranges[s.hunk], h as u32 + 1);
            widen(&mut ranges[s.hunk], (h + s.len) as u32);
            (view_from, head_from) = (v + s.len, h + s.len);
        }
    }
    ranges.into_iter().flatten().collect()
}

/// The head section of one conflict hunk: `len` lines of the head's view from `view_start`, found at line
/// `head_start` (0-based) of the head when it occurs there once.
struct Section {
    hunk: usize,
    view_start: usize,
    len: usize,
    head_start: Option<usize>,
}

fn widen(range: &mut Option<LineRange>, line: u32) {
    let r = range.get_or_insert(LineRange { start: line, end: line });
    r.start = r.start.min(line);
    r.end = r.end.max(line);
}

/// Where `block` occurs in `lines`, when it occurs exactly once.
fn only_occurrence(lines: &[&[u8]], block: &[&[u8]]) -> Option<usize> {
    let mut found = None;
    for at in 0..(lines.len() + 1).saturating_sub(block.len()) {
        if lines[at] == block[0] && lines[at..at + block.len()] == *block {
            if found.is_some() {
                return None;
            }
            found = Some(at);
        }
    }
    found
}

/// Lines with their terminators (the last may lack one).
fn split_lines(bytes: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in memchr::memchr_iter(b'\n', bytes) {
        out.push(&bytes[start..=i]);
        start = i + 1;
    }
    if start < bytes.len() {
        out.push(&bytes[start..]);
    }
    out
}

/// A marker line: a run of `c` of exactly `size` (or at least 7 when `size` is 0), then a space, or the end
/// of the line for `=`/`|`/`>` runs.
fn marker(line: &[u8], c: u8, size: usize) -> Option<usize> {
    let run = line.iter().take_while(|&&b| b == c).count();
    if run < 7 || (size != 0 && run != size) {
        return None;
    }
    let rest = &line[run..];
    let rest = rest.strip_suffix(b"\n").unwrap_or(rest);
    let rest = rest.strip_suffix(b"\r").unwrap_or(rest);
    let ok = if c == b'=' { rest.is_empty() } else { rest.is_empty() || rest[0] == b' ' };
    ok.then_some(run)
}

/// Walks the conflict blocks (`<<<<<<<` ours [`|||||||` base] `=======` theirs `>>>>>>>`). The marker size
/// is taken from each opening line, so a `conflict-marker-size` attribute and the longer markers of nested
/// (virtual-base) conflicts are handled.
fn roles(lines: &[&[u8]]) -> Vec<Role> {
    #[derive(Clone, Copy)]
    enum State {
        Outside,
        Ours(usize),
        Base(usize),
        Theirs(usize),
    }
    let mut out = Vec::with_capacity(lines.len());
    let mut state = State::Outside;
    let mut hunk = 0usize;
    for line in lines {
        let (role, next) = match state {
            State::Outside => match marker(line, b'<', 0) {
                Some(size) => (Role::Dropped, State::Ours(size)),
                None => (Role::Kept(None), State::Outside),
            },
            State::Ours(size) | State::Base(size) => {
                if marker(line, b'=', size).is_some() {
                    (Role::Dropped, State::Theirs(size))
                } else if matches!(state, State::Ours(_)) && marker(line, b'|', size).is_some() {
                    (Role::Dropped, State::Base(size))
                } else {
                    (Role::Dropped, state)
                }
            }
            State::Theirs(size) => {
                if marker(line, b'>', size).is_some() {
                    hunk += 1;
                    (Role::Dropped, State::Outside)
                } else {
                    (Role::Kept(Some(hunk)), state)
                }
            }
        };
        out.push(role);
        state = next;
    }
    out
}

/// How long one file's line diff may search for the shortest edit before it settles for a longer one: the
/// ranges stay correct (every equal line it reports is equal), a hostile pair cannot take quadratic time.
const DIFF_DEADLINE: Duration = Duration::from_millis(250);

/// For each line of `old`, the 1-based line of `new` it is matched with by a line diff (`None` for lines the
/// diff removes). Lines are compared as byte slices, without hashing the buffers first (libgit2's patch
/// SHA-1s both sides, two thirds of its time on a large lock file).
fn line_map(old: &[&[u8]], new: &[&[u8]]) -> Vec<Option<u32>> {
    let deadline = Instant::now().checked_add(DIFF_DEADLINE);
    let ops = similar::capture_diff_slices_deadline(similar::Algorithm::Myers, old, new, deadline);
    let mut map = vec![None; old.len()];
    for op in ops {
        if let similar::DiffOp::Equal { old_index, new_index, len } = op {
            for k in 0..len {
                map[old_index + k] = u32::try_from(new_index + k + 1).ok();
            }
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(start: u32, end: u32) -> LineRange {
        LineRange { start, end }
    }

    #[test]
    fn maps_the_head_section_to_head_lines() {
        // Target changed line 2 and appended a line; the head changed line 2 and inserted two lines before 5.
        let head = b"a\nB1\nB2\nc\nd\nx\ny\ne\n";
        let merged = b"a\n<<<<<<< main\nBB\n=======\nB1\nB2\n>>>>>>> feat\nc\nd\nx\ny\ne\nz\n";
        assert_eq!(head_side_ranges(merged, head), vec![r(2, 3)]);
    }

    #[test]
    fn diff3_markers_and_several_hunks() {
        let head = b"1\nH2\n3\n4\n5\nH6\n7\n";
        let merged = b"1\n<<<<<<< t\nT2\n||||||| b\n2\n=======\nH2\n>>>>>>> h\n3\n4\n5\n<<<<<<< t\nT6\n=======\nH6\n>>>>>>> h\n7\n";
        assert_eq!(head_side_ranges(merged, head), vec![r(2, 2), r(6, 6)]);
    }

    #[test]
    fn empty_head_section_and_no_markers_map_to_nothing() {
        assert!(head_side_ranges(b"a\n<<<<<<< t\nT\n=======\n>>>>>>> h\nb\n", b"a\nb\n").is_empty());
        assert!(head_side_ranges(b"a\nb\n", b"a\nb\n").is_empty());
        assert!(head_side_ranges(b"", b"").is_empty());
    }

    #[test]
    fn a_section_found_more_than_once_is_placed_by_the_diff_between_its_neighbours() {
        // `]` is on lines 2 and 4 of the head; the conflict is about the second. The target inserted a line at
        // the top (merged cleanly) and the last hunk's section is unique, so it anchors the diff window.
        let head = b"a\n]\nb\n]\nc\nUNIQ\nd\n";
        let merged =
            b"NEW\na\n]\nb\n<<<<<<< t\nT\n=======\n]\n>>>>>>> h\nc\n<<<<<<< t\nT2\n=======\nUNIQ\n>>>>>>> h\nd\n";
        assert_eq!(head_side_ranges(merged, head), vec![r(4, 4), r(6, 6)]);
        // Alone, with nothing to anchor it.
        let merged = b"a\n]\nb\n<<<<<<< t\nT\n=======\n]\n>>>>>>> h\nc\nUNIQ\nd\n";
        assert_eq!(head_side_ranges(merged, head), vec![r(4, 4)]);
    }

    #[test]
    fn a_unique_section_needs_no_diff_even_when_the_rest_differs() {
        let head = b"h1\nh2\nSECTION\nMORE\nh5\n";
        let merged = b"t1\nt2\nt3\n<<<<<<< t\nX\n=======\nSECTION\nMORE\n>>>>>>> h\nt9\n";
        assert_eq!(head_side_ranges(merged, head), vec![r(3, 4)]);
    }

    #[test]
    fn crlf_and_longer_markers() {
        let head = b"a\r\nH\r\n";
        let merged = b"a\r\n<<<<<<<<< t\r\nT\r\n=========\r\nH\r\n>>>>>>>>> h\r\n";
        assert_eq!(head_side_ranges(merged, head), vec![r(2, 2)]);
    }

    /// A head of `n` lines (distinct, or drawn from three values), conflict sections over chosen runs of it,
    /// and clean changes of the target (inserted and dropped lines) between them.
    fn merged_of(head: &[String], sections: &[(usize, usize)], edits: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut i = 0;
        let mut edit = edits.iter().cycle();
        while i < head.len() {
            if let Some(&(start, len)) = sections.iter().find(|s| s.0 == i) {
                out.extend_from_slice(b"<<<<<<< t\nT\n=======\n");
                for line in &head[start..start + len] {
                    out.extend_from_slice(line.as_bytes());
                }
                out.extend_from_slice(b">>>>>>> h\n");
                i += len;
                continue;
            }
            match edit.next().copied().unwrap_or(0) % 4 {
                0 => out.extend_from_slice(b"inserted by the target\n"),
                1 => {
                    i += 1;
                    continue;
                }
                _ => {}
            }
            out.extend_from_slice(head[i].as_bytes());
            i += 1;
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn sections_map_back_to_the_head_lines_they_came_from(
            n in 1usize..60,
            distinct in proptest::bool::ANY,
            picks in proptest::collection::vec((0usize..60, 1usize..4), 0..6),
            edits in proptest::collection::vec(proptest::num::u8::ANY, 1..20),
        ) {
            let head: Vec<String> =
                (0..n).map(|i| if distinct { format!("line {i}\n") } else { format!("v{}\n", i % 3) }).collect();
            let mut sections: Vec<(usize, usize)> = Vec::new();
            for (start, len) in picks {
                let (start, len) = (start % n, len.min(n - start % n));
                // Disjoint and not adjacent, so every section is its own hunk.
                if sections.iter().all(|&(s, l)| start + len < s || s + l < start) {
                    sections.push((start, len));
                }
            }
            sections.sort_unstable();
            let head_bytes = head.concat().into_bytes();
            let ranges = head_side_ranges(&merged_of(&head, &sections, &edits), &head_bytes);
            for pair in ranges.windows(2) {
                proptest::prop_assert!(pair[0].end < pair[1].start, "ranges in order and disjoint: {ranges:?}");
            }
            for range in &ranges {
                proptest::prop_assert!(1 <= range.start && range.start <= range.end && range.end as usize <= n);
            }
            if distinct {
                let expected: Vec<LineRange> =
                    sections.iter().map(|&(s, l)| r(s as u32 + 1, (s + l) as u32)).collect();
                proptest::prop_assert_eq!(ranges, expected);
            }
        }
    }
}
