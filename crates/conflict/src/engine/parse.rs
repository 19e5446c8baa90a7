//! Parsing `git merge-tree --write-tree -z --messages` output, one-shot and `--stdin` (conflicts.md §1, §4):
//! the tree, the conflicted-file records `<mode> <oid> <stage>\t<path>`, an empty record, then messages
//! `<N>\0<path1>\0…<pathN>\0<type>\0<message>\0`. `--stdin` prefixes `<status>\0` and ends each merge with an
//! empty record.

/// One higher-order stage of a conflicted path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StageEntry {
    pub mode: u32,
    pub oid: String,
    pub stage: u8,
    pub path: String,
}

/// One informational message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Message {
    pub paths: Vec<String>,
    pub git_type: String,
    pub text: String,
}

/// One merge's output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RawMerge {
    pub clean: bool,
    pub tree: String,
    pub entries: Vec<StageEntry>,
    pub messages: Vec<Message>,
}

/// Why the output could not be read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ParseError {
    /// The output ended inside a merge (git stopped).
    Truncated,
    /// A record that does not have the documented shape.
    Malformed(String),
}

/// Reads one merge from a source of `\0`-terminated fields. `status` is `Some` in `--stdin` mode (read from
/// the stream) and for one-shot runs the exit status decides (passed as `one_shot_clean`). In one-shot mode
/// the end of the output may end the messages.
pub(crate) fn merge(
    next: &mut dyn FnMut() -> Option<Vec<u8>>,
    stdin_mode: bool,
    one_shot_clean: bool,
) -> Result<RawMerge, ParseError> {
    let clean = if stdin_mode {
        let status = next().ok_or(ParseError::Truncated)?;
        match status.as_slice() {
            b"1" => true,
            b"0" => false,
            other => return Err(ParseError::Malformed(format!("merge status `{}`", String::from_utf8_lossy(other)))),
        }
    } else {
        one_shot_clean
    };
    let tree = text(next().ok_or(ParseError::Truncated)?);
    let mut entries = Vec::new();
    // Conflicted-file records, up to an empty record (absent at the end of a clean one-shot run).
    loop {
        match next() {
            None if !stdin_mode => return Ok(RawMerge { clean, tree, entries, messages: Vec::new() }),
            None => return Err(ParseError::Truncated),
            Some(f) if f.is_empty() => break,
            Some(f) => entries.push(entry(&f)?),
        }
    }
    let mut messages = Vec::new();
    loop {
        let count = match next() {
            None if !stdin_mode => break,
            None => return Err(ParseError::Truncated),
            Some(f) if f.is_empty() => break,
            Some(f) => text(f),
        };
        let Ok(n) = count.parse::<usize>() else {
            // git 2.39 prints the submodule-merge advice as a bare text record where the end of the messages
            // belongs; keep whatever it is, raw, and take it as that end.
            messages.push(Message { paths: Vec::new(), git_type: String::new(), text: count.trim_end().to_string() });
            break;
        };
        let mut paths = Vec::with_capacity(n.min(16));
        for _ in 0..n {
            paths.push(text(next().ok_or(ParseError::Truncated)?));
        }
        let git_type = text(next().ok_or(ParseError::Truncated)?);
        let message = text(next().ok_or(ParseError::Truncated)?);
        messages.push(Message { paths, git_type, text: message.trim_end().to_string() });
    }
    Ok(RawMerge { clean, tree, entries, messages })
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// `<mode> <oid> <stage>\t<path>`.
fn entry(field: &[u8]) -> Result<StageEntry, ParseError> {
    let bad = || ParseError::Malformed(format!("conflicted-file record `{}`", String::from_utf8_lossy(field)));
    let tab = memchr::memchr(b'\t', field).ok_or_else(bad)?;
    let head = std::str::from_utf8(&field[..tab]).map_err(|_| bad())?;
    let mut parts = head.split(' ');
    let mode = u32::from_str_radix(parts.next().ok_or_else(bad)?, 8).map_err(|_| bad())?;
    let oid = parts.next().ok_or_else(bad)?.to_string();
    let stage: u8 = parts.next().ok_or_else(bad)?.parse().map_err(|_| bad())?;
    Ok(StageEntry { mode, oid, stage, path: text(field[tab + 1..].to_vec()) })
}

/// A field source over a complete output buffer.
pub(crate) fn fields(buf: &[u8]) -> impl FnMut() -> Option<Vec<u8>> + '_ {
    let mut pos = 0;
    move || {
        if pos >= buf.len() {
            return None;
        }
        let end = memchr::memchr(0, &buf[pos..]).map_or(buf.len(), |i| pos + i);
        let field = buf[pos..end].to_vec();
        pos = end + 1;
        Some(field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_spec_example_of_a_stdin_batch() {
        let out = "0|T1|100644 aaa 1\tf.txt|100644 bbb 2\tf.txt|100644 ccc 3\tf.txt||1|f.txt|Auto-merging|Auto-merging f.txt\n|1|f.txt|CONFLICT (contents)|CONFLICT (content): Merge conflict in f.txt\n||1|T2|||"
            .replace('|', "\0");
        let mut next = fields(out.as_bytes());
        let first = merge(&mut next, true, false).expect("first");
        assert!(!first.clean);
        assert_eq!(first.tree, "T1");
        assert_eq!(first.entries.len(), 3);
        assert_eq!(first.entries[2], StageEntry { mode: 0o100644, oid: "ccc".into(), stage: 3, path: "f.txt".into() });
        assert_eq!(first.messages.len(), 2);
        assert_eq!(first.messages[1].git_type, "CONFLICT (contents)");
        assert_eq!(first.messages[1].text, "CONFLICT (content): Merge conflict in f.txt");
        let second = merge(&mut next, true, false).expect("second");
        assert!(second.clean && second.entries.is_empty() && second.messages.is_empty());
        assert_eq!(merge(&mut next, true, false), Err(ParseError::Truncated));
    }

    #[test]
    fn parses_one_shot_outputs() {
        let clean = b"T\0";
        assert_eq!(merge(&mut fields(clean), false, true).expect("clean").tree, "T");
        let clean_messages = b"T\0\0";
        assert!(merge(&mut fields(clean_messages), false, true).expect("clean").messages.is_empty());
        let conflict = "T|100644 a 1\tx|100644 c 3\tx||2|x|y|CONFLICT (rename/delete)|CONFLICT (rename/delete): y renamed to x in theirs, but deleted in ours.\n|".replace('|', "\0");
        let m = merge(&mut fields(conflict.as_bytes()), false, false).expect("conflict");
        assert_eq!(m.messages[0].paths, vec!["x", "y"]);
        assert!(matches!(merge(&mut fields(b"T\0not a record\0"), false, false), Err(ParseError::Malformed(_))));
        // git 2.39's stray submodule advice instead of the end of the messages, then the next merge.
        let stray = "0|T|160000 a 2\tsub||1|sub|CONFLICT (contents)|CONFLICT (submodule): Merge conflict in sub\n|Recursive merging with submodules…\n|1|T2|||".replace('|', "\0");
        let mut next = fields(stray.as_bytes());
        let first = merge(&mut next, true, false).expect("first");
        assert_eq!(first.messages.len(), 2);
        assert!(merge(&mut next, true, false).expect("second").clean);
    }
}
