//! CF001 conflict-marker: leftover merge-conflict marker blocks (code.md §2).
// precheck:allow-file(CF001) the explanation's example below is a conflict block on purpose

use precheck_core::attributes::AttrState;
use precheck_core::{FileCtx, Finding, RuleMeta, Severity, Sink};

pub static RULE: RuleMeta = RuleMeta::new(
    "conflict",
    "CF001",
    "conflict-marker",
    Severity::Error,
    "a leftover merge-conflict marker block (`<<<<<<<`, `|||||||`, `=======`, `>>>>>>>`)",
    r#"## What it does
Finds merge-conflict marker blocks left in a file: a line starting with `<<<<<<< `, the diff3/zdiff3 base
marker `||||||| `, the `=======` separator inside such a block (and alone, in a file git left unmerged in
the index while a merge, cherry-pick, revert or rebase is in progress), and `>>>>>>> `. The whole block is one
finding, on its `<<<<<<<` line, with a label on every other marker. A block that is never closed still
reports, up to the end of the file. The marker length is 7 unless the path's gitattributes set
`conflict-marker-size=N`, as git itself does.

A line of seven `=` outside a marker block is a reStructuredText or Markdown (Setext) title underline,
not a conflict, and stays quiet. Binary files and paths with the `merge=union` or `-diff` attribute are
skipped.

## Why
A committed conflict breaks the build at best; at worst it ships both versions of the code, or a config
file that loads with garbage in it.

## Example
```text
<<<<<<< HEAD
timeout = 30
||||||| base
timeout = 10
=======
timeout = 60
>>>>>>> feature/retry
```

## Use instead
Resolve the conflict: keep the lines you want and delete every marker line.
If a file holds markers on purpose (a test fixture, documentation of git), exclude it in precheck.toml
(`exclude`, or an `[[overrides]]` entry with `ignore = ["CF001"]`).
"#,
);

/// The kinds of marker line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Marker {
    Ours,
    Base,
    Separator,
    Theirs,
}

impl Marker {
    fn describe(self) -> &'static str {
        match self {
            Marker::Ours => "conflict starts here",
            Marker::Base => "common ancestor's version (diff3) starts here",
            Marker::Separator => "their version starts here",
            Marker::Theirs => "conflict ends here",
        }
    }
}

/// Reports every marker block of the file.
pub fn check(cx: &FileCtx<'_>, out: &mut Sink) {
    if !out.enabled(&RULE) || cx.is_binary() {
        return;
    }
    let size = cx.attributes.conflict_marker_size(cx.path());
    // While git is mid-merge, a file it left unmerged holds only leftovers: a lone `=======` too.
    let unmerged = cx.repo().is_some_and(|repo| unmerged_paths(repo).contains(&cx.info.path));
    // Fast path on the raw bytes: markers are ASCII, and most files hold none of the three opening runs.
    let lone_separator = || unmerged && memchr::memmem::find(cx.bytes, &vec![b'='; size]).is_some();
    if !(might_have_markers(cx.bytes, size) || lone_separator()) {
        return;
    }
    let path = cx.path();
    if matches!(cx.attributes.get(path, "merge"), Some(AttrState::Value(v)) if v == "union")
        || cx.attributes.get(path, "diff") == Some(AttrState::Unset)
    {
        return;
    }
    for block in blocks(cx.text(), size, unmerged) {
        out.push(block.into_finding(cx));
    }
}

/// The paths git left unmerged in the index (stages 1–3) while a merge, cherry-pick, revert or rebase is in
/// progress; empty otherwise, and for a check of a commit (`--head`), whose tree has no index. Read once a run.
fn unmerged_paths(repo: &precheck_core::RepoCtx<'_>) -> std::sync::Arc<Unmerged> {
    repo.fact(|| {
        let Some(git_dir) = repo.git_dir.filter(|_| !matches!(repo.revision, precheck_core::Revision::Commit(_))) else {
            return Unmerged::default();
        };
        let in_progress = ["MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD", "rebase-merge", "rebase-apply"]
            .iter()
            .any(|f| git_dir.join(f).exists());
        if !in_progress {
            return Unmerged::default();
        }
        let Ok(index) = git2::Index::open(&git_dir.join("index")) else { return Unmerged::default() };
        let paths = index
            .iter()
            .filter(|e| (e.flags >> 12) & 0x3 != 0)
            .filter_map(|e| String::from_utf8(e.path).ok())
            .collect();
        Unmerged(paths)
    })
}

/// See [`unmerged_paths`].
#[derive(Default)]
struct Unmerged(std::collections::HashSet<String>);

impl Unmerged {
    fn contains(&self, path: &str) -> bool {
        self.0.contains(path)
    }
}

fn might_have_markers(bytes: &[u8], size: usize) -> bool {
    let runs = [b'<', b'>', b'|'].map(|c| vec![c; size]);
    runs.iter().any(|run| memchr::memmem::find(bytes, run).is_some())
}

/// One marker block: the markers it has, as (kind, line number, byte range of the marker line).
#[derive(Debug)]
struct Block {
    markers: Vec<(Marker, u32, std::ops::Range<usize>)>,
    /// Byte offset of the end of the file when the block is never closed.
    unterminated_end: Option<usize>,
}

impl Block {
    fn into_finding(self, cx: &FileCtx<'_>) -> Finding {
        let (first_kind, _, first_range) = self.markers[0].clone();
        let primary = match self.unterminated_end {
            Some(end) if first_kind == Marker::Ours => cx.span(first_range.start..end),
            _ => cx.span(first_range),
        };
        let message = match (first_kind, self.unterminated_end.is_some()) {
            (Marker::Ours, false) => "leftover merge-conflict markers".to_string(),
            (Marker::Ours, true) => "leftover merge-conflict markers: the block is never closed".to_string(),
            (kind, _) => {
                format!("leftover merge-conflict marker `{}` without its opening `<<<<<<<`", marker_text(kind))
            }
        };
        let mut finding = Finding::new(&RULE, primary, message)
            .with_help("resolve the conflict: keep the lines you want and delete every marker line");
        for (kind, _, range) in self.markers.into_iter().skip(1) {
            finding = finding.with_label(cx.span(range), kind.describe());
        }
        finding
    }
}

fn marker_text(kind: Marker) -> &'static str {
    match kind {
        Marker::Ours => "<<<<<<<",
        Marker::Base => "|||||||",
        Marker::Separator => "=======",
        Marker::Theirs => ">>>>>>>",
    }
}

/// Classifies a line (without its `\n`) as a marker line of marker length `size`.
fn marker_of(line: &str, size: usize) -> Option<Marker> {
    let bytes = line.as_bytes();
    let first = *bytes.first()?;
    let kind = match first {
        b'<' => Marker::Ours,
        b'|' => Marker::Base,
        b'=' => Marker::Separator,
        b'>' => Marker::Theirs,
        _ => return None,
    };
    if bytes.len() < size || !bytes[..size].iter().all(|&b| b == first) {
        return None;
    }
    let rest = &bytes[size..];
    let ok = match kind {
        // The separator is the run alone (an optional `\r` of a CRLF file).
        Marker::Separator => rest.is_empty() || rest == b"\r",
        // The others: exactly the run, then a space or the end of the line.
        _ => rest.is_empty() || rest[0] == b' ' || rest == b"\r",
    };
    ok.then_some(kind)
}

/// Finds the marker blocks of a text.
fn blocks(text: &str, size: usize, lone_separators: bool) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    let mut offset = 0;
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let range = offset..offset + line.strip_suffix('\r').unwrap_or(line).len();
        offset += raw.len();
        let Some(kind) = marker_of(line, size) else { continue };
        match kind {
            Marker::Ours => {
                if let Some(mut unclosed) = open.take() {
                    unclosed.unterminated_end = Some(range.start.saturating_sub(1).max(unclosed.markers[0].2.end));
                    out.push(unclosed);
                }
                open = Some(Block { markers: vec![(kind, line_no, range)], unterminated_end: None });
            }
            Marker::Base | Marker::Separator => match open.as_mut() {
                Some(block) => block.markers.push((kind, line_no, range)),
                // A separator outside a block is a title underline (unless the file is unmerged); a lone base
                // marker is still a leftover.
                None if kind == Marker::Base || lone_separators => {
                    out.push(Block { markers: vec![(kind, line_no, range)], unterminated_end: None })
                }
                None => {}
            },
            Marker::Theirs => match open.take() {
                Some(mut block) => {
                    block.markers.push((kind, line_no, range));
                    out.push(block);
                }
                None => out.push(Block { markers: vec![(kind, line_no, range)], unterminated_end: None }),
            },
        }
    }
    if let Some(mut unclosed) = open {
        let end = text.trim_end_matches(['\n', '\r']).len().max(unclosed.markers[0].2.end);
        unclosed.unterminated_end = Some(end);
        out.push(unclosed);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(text: &str) -> Vec<Vec<(Marker, u32)>> {
        blocks(text, 7, false).into_iter().map(|b| b.markers.into_iter().map(|(k, l, _)| (k, l)).collect()).collect()
    }

    #[test]
    fn classifies_marker_lines_exactly() {
        assert_eq!(marker_of("<<<<<<< HEAD", 7), Some(Marker::Ours));
        assert_eq!(marker_of("<<<<<<<", 7), Some(Marker::Ours));
        assert_eq!(marker_of("<<<<<<<\r", 7), Some(Marker::Ours));
        assert_eq!(marker_of("<<<<<<<< HEAD", 7), None, "eight is not seven");
        assert_eq!(marker_of("<<<<<<<HEAD", 7), None);
        assert_eq!(marker_of("||||||| base", 7), Some(Marker::Base));
        assert_eq!(marker_of("=======", 7), Some(Marker::Separator));
        assert_eq!(marker_of("=======\r", 7), Some(Marker::Separator));
        assert_eq!(marker_of("======= x", 7), None);
        assert_eq!(marker_of("========", 7), None);
        assert_eq!(marker_of(">>>>>>> feature", 7), Some(Marker::Theirs));
        assert_eq!(marker_of(" <<<<<<< HEAD", 7), None);
        assert_eq!(marker_of("<<<<<<<<<<<<<<<< HEAD", 16), Some(Marker::Ours));
        assert_eq!(marker_of("<<<<<<< HEAD", 16), None);
    }

    #[test]
    fn one_block_per_conflict_and_underlines_stay_quiet() {
        let text = "Title\n=======\n\n<<<<<<< HEAD\na\n||||||| base\nb\n=======\nc\n>>>>>>> x\n";
        assert_eq!(
            lines_of(text),
            vec![vec![(Marker::Ours, 4), (Marker::Base, 6), (Marker::Separator, 8), (Marker::Theirs, 10)]]
        );
        assert_eq!(lines_of("a\n>>>>>>> orphan\n"), vec![vec![(Marker::Theirs, 2)]]);
        assert_eq!(lines_of("a\n=======\nb\n"), Vec::<Vec<(Marker, u32)>>::new());
    }

    #[test]
    fn unterminated_block_runs_to_the_end() {
        let text = "<<<<<<< HEAD\na\n=======\nb\n";
        let found = blocks(text, 7, false);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].unterminated_end, Some(text.len() - 1));
    }
}
