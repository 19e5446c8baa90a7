//! Source-side line ranges of content conflicts: the head section of each conflict hunk of the merged blob
//! (`theirs` when merging `<target> <head>`) mapped back to lines of the head blob. Marker lines of the merged
//! blob exist in no checkout, so they are never reported.

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
pub fn head_side_ranges(merged: &[u8], head: &[u8]) -> Vec<LineRange> {
    let lines: Vec<&[u8]> = split_lines(merged);
    let roles = roles(&lines);
    if !roles.iter().any(|r| matches!(r, Role::Kept(Some(_)))) {
        return Vec::new();
    }
    // The head's view of the merged blob: every line outside conflict sections plus the head sections. Its
    // head-section lines are head lines verbatim; a line diff against the head blob locates them.
    let mut view = Vec::with_capacity(merged.len());
    let mut hunk_of_view_line: Vec<Option<usize>> = Vec::new();
    for (line, role) in lines.iter().zip(&roles) {
        if let Role::Kept(hunk) = role {
            view.extend_from_slice(line);
            hunk_of_view_line.push(*hunk);
        }
    }
    let Some(map) = line_map(&view, head) else { return Vec::new() };
    let mut ranges: Vec<Option<LineRange>> = Vec::new();
    for (i, hunk) in hunk_of_view_line.iter().enumerate() {
        let (Some(hunk), Some(Some(head_line))) = (hunk, map.get(i)) else { continue };
        if ranges.len() <= *hunk {
            ranges.resize(*hunk + 1, None);
        }
        let r = ranges[*hunk].get_or_insert(LineRange { start: *head_line, end: *head_line });
        r.start = r.start.min(*head_line);
        r.end = r.end.max(*head_line);
    }
    ranges.into_iter().flatten().collect()
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

/// For each line of `old`, the 1-based line of `new` it is matched with by a line diff (`None` for lines the
/// diff removes). libgit2's xdiff does the diff, hunks without context: lines between hunks are equal.
fn line_map(old: &[u8], new: &[u8]) -> Option<Vec<Option<u32>>> {
    let old_count = split_lines(old).len();
    let mut opts = git2::DiffOptions::new();
    opts.context_lines(0).interhunk_lines(0);
    let patch = git2::Patch::from_buffers(old, None, new, None, Some(&mut opts)).ok()?;
    let mut hunks = Vec::with_capacity(patch.num_hunks());
    for h in 0..patch.num_hunks() {
        let (hunk, _) = patch.hunk(h).ok()?;
        hunks.push((hunk.old_start() as i64, hunk.old_lines() as i64, hunk.new_lines() as i64));
    }
    let mut map = Vec::with_capacity(old_count);
    let mut next_hunk = 0;
    let mut offset: i64 = 0;
    for o in 1..=old_count as i64 {
        // Hunks wholly before line `o` shift it; a pure insertion (`old_lines` 0) sits after `old_start`.
        while let Some(&(start, len, new_len)) = hunks.get(next_hunk) {
            if o >= start + len.max(1) {
                offset += new_len - len;
                next_hunk += 1;
            } else {
                break;
            }
        }
        let inside = hunks.get(next_hunk).is_some_and(|&(start, len, _)| len > 0 && o >= start && o < start + len);
        map.push(if inside { None } else { u32::try_from(o + offset).ok() });
    }
    Some(map)
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
    fn crlf_and_longer_markers() {
        let head = b"a\r\nH\r\n";
        let merged = b"a\r\n<<<<<<<<< t\r\nT\r\n=========\r\nH\r\n>>>>>>>>> h\r\n";
        assert_eq!(head_side_ranges(merged, head), vec![r(2, 2)]);
    }
}
