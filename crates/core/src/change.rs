//! The change being checked: which files changed between the base and the head, and which lines.

use std::collections::BTreeMap;

/// A set of 1-based line numbers, stored as sorted, merged, inclusive ranges.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineSet {
    ranges: Vec<(u32, u32)>,
}

impl LineSet {
    pub fn new() -> LineSet {
        LineSet::default()
    }

    /// Adds the inclusive range `start..=end` (ignored when empty).
    pub fn insert(&mut self, start: u32, end: u32) {
        if start > end {
            return;
        }
        let at = self.ranges.partition_point(|&(_, e)| e.saturating_add(1) < start);
        let mut s = start;
        let mut e = end;
        let mut stop = at;
        while stop < self.ranges.len() && self.ranges[stop].0 <= e.saturating_add(1) {
            s = s.min(self.ranges[stop].0);
            e = e.max(self.ranges[stop].1);
            stop += 1;
        }
        self.ranges.splice(at..stop, [(s, e)]);
    }

    /// Whether any line in `start..=end` is in the set.
    pub fn intersects(&self, start: u32, end: u32) -> bool {
        let at = self.ranges.partition_point(|&(_, e)| e < start);
        self.ranges.get(at).is_some_and(|&(s, _)| s <= end)
    }

    pub fn contains(&self, line: u32) -> bool {
        self.intersects(line, line)
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// The ranges, sorted and merged, inclusive.
    pub fn ranges(&self) -> &[(u32, u32)] {
        &self.ranges
    }

    /// The same set widened by `n` lines on each side (git's diff context).
    pub fn widened(&self, n: u32) -> LineSet {
        let mut out = LineSet::new();
        for &(s, e) in &self.ranges {
            out.insert(s.saturating_sub(n).max(1), e.saturating_add(n));
        }
        out
    }
}

/// How a path changed between base and head.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Modified,
    Deleted,
    /// Renamed (or copied) from the given path; the content may also have changed.
    Renamed {
        from: String,
    },
    /// The file type changed (e.g. a symlink replaced by a regular file).
    TypeChanged,
}

/// One changed path with its added or changed lines (in the head version).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileChange {
    pub kind: ChangeKind,
    /// Git file modes (`0o100644`, `0o100755`, `0o120000`, `0o160000`), 0 when absent on that side.
    pub old_mode: u32,
    pub new_mode: u32,
    /// Lines added or changed in the head version. For an added file, every line.
    pub added_lines: LineSet,
}

/// All changes between the merge-base of the base revision and the head.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangeSet {
    /// The merge-base commit the change is measured from (hex).
    pub base_commit: Option<String>,
    /// Changed paths (head-side path for renames), in path order.
    pub files: BTreeMap<String, FileChange>,
}

impl ChangeSet {
    pub fn get(&self, path: &str) -> Option<&FileChange> {
        self.files.get(path)
    }

    /// Regular files changed as each `kind` says, without lines or a base commit: a change set for what knows
    /// paths alone (a test of `Check::inputs_changed` or of a repository rule).
    pub fn of_paths<'p>(paths: impl IntoIterator<Item = (&'p str, ChangeKind)>) -> ChangeSet {
        let files = paths
            .into_iter()
            .map(|(path, kind)| {
                let old_mode = if kind == ChangeKind::Added { 0 } else { 0o100644 };
                let new_mode = if kind == ChangeKind::Deleted { 0 } else { 0o100644 };
                (path.to_string(), FileChange { kind, old_mode, new_mode, added_lines: LineSet::new() })
            })
            .collect();
        ChangeSet { base_commit: None, files }
    }

    /// Paths present in the head (not deleted).
    pub fn present_paths(&self) -> impl Iterator<Item = &str> {
        self.files.iter().filter(|(_, c)| c.kind != ChangeKind::Deleted).map(|(p, _)| p.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_set_merges_adjacent_and_overlapping_ranges() {
        let mut s = LineSet::new();
        s.insert(10, 12);
        s.insert(1, 2);
        s.insert(13, 15);
        s.insert(5, 5);
        s.insert(4, 11);
        assert_eq!(s.ranges(), &[(1, 2), (4, 15)]);
        assert!(s.contains(4) && s.contains(15) && !s.contains(3) && !s.contains(16));
        assert!(!s.intersects(16, 20) && s.intersects(0, 1));
        assert_eq!(s.widened(3).ranges(), &[(1, 18)]);
    }
}
