//! gitattributes, read the way git reads them: `.gitattributes` in the path's directory and every parent up
//! to the root (deeper files and later lines win), then `$GIT_DIR/info/attributes`. Files are read from the
//! revision being checked (working tree, index or a commit's tree) on demand, so a lookup costs only the
//! directories of the paths actually checked.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use globset::{GlobBuilder, GlobMatcher};

use crate::check::FileSource;

/// The state of one attribute for a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttrState {
    /// `attr`
    Set,
    /// `-attr`
    Unset,
    /// `attr=value`
    Value(String),
}

#[derive(Debug)]
struct Line {
    matcher: GlobMatcher,
    /// Attribute name and its state; `!attr` (unspecified) is kept as `None`.
    attrs: Vec<(String, Option<AttrState>)>,
}

/// Attribute lookup for one revision.
pub struct Attributes {
    source: Arc<dyn FileSource>,
    info: Vec<Line>,
    cache: Mutex<HashMap<String, Arc<Vec<Line>>>>,
}

impl std::fmt::Debug for Attributes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Attributes").field("info", &self.info.len()).finish_non_exhaustive()
    }
}

impl Attributes {
    /// Attributes of the files of `source`, plus the text of `$GIT_DIR/info/attributes` if any.
    pub fn new(source: Arc<dyn FileSource>, info_attributes: Option<&str>) -> Attributes {
        let info = info_attributes.map(|t| parse("", t)).unwrap_or_default();
        Attributes { source, info, cache: Mutex::new(HashMap::new()) }
    }

    /// The state of `attr` for `path`, or `None` when unspecified.
    pub fn get(&self, path: &str, attr: &str) -> Option<AttrState> {
        let mut state = None;
        let mut dirs = vec![""];
        for (i, b) in path.bytes().enumerate() {
            if b == b'/' {
                #[allow(clippy::string_slice, reason = "`i` is the position of an ASCII `/` in `path`")]
                dirs.push(&path[..i]);
            }
        }
        for dir in dirs {
            let lines = self.lines_of(dir);
            apply(&lines, path, attr, &mut state);
        }
        apply(&self.info, path, attr, &mut state);
        state.flatten()
    }

    /// `conflict-marker-size` for `path` (git's default 7).
    pub fn conflict_marker_size(&self, path: &str) -> usize {
        match self.get(path, "conflict-marker-size") {
            Some(AttrState::Value(v)) => v.trim().parse().ok().filter(|n| (1..=1024).contains(n)).unwrap_or(7),
            _ => 7,
        }
    }

    fn lines_of(&self, dir: &str) -> Arc<Vec<Line>> {
        if let Some(lines) = self.cache.lock().ok().and_then(|c| c.get(dir).cloned()) {
            return lines;
        }
        let file = if dir.is_empty() { ".gitattributes".to_string() } else { format!("{dir}/.gitattributes") };
        let lines = match self.source.read(&file) {
            Ok(bytes) => Arc::new(parse(dir, &String::from_utf8_lossy(&bytes))),
            Err(_) => Arc::new(Vec::new()),
        };
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(dir.to_string(), Arc::clone(&lines));
        }
        lines
    }
}

fn apply(lines: &[Line], path: &str, attr: &str, state: &mut Option<Option<AttrState>>) {
    for line in lines {
        if !line.matcher.is_match(path) {
            continue;
        }
        for (name, value) in &line.attrs {
            if name == attr {
                *state = Some(value.clone());
            }
        }
    }
}

/// Parses one attributes file that lives in `dir` (`""` for the root).
fn parse(dir: &str, text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with("[attr]") {
            continue;
        }
        let mut parts = line.split_whitespace();
        let Some(pattern) = parts.next() else { continue };
        if pattern.starts_with('!') {
            continue; // negative patterns are forbidden in gitattributes
        }
        let mut attrs = Vec::new();
        for part in parts {
            if part == "binary" {
                for name in ["diff", "merge", "text"] {
                    attrs.push((name.to_string(), Some(AttrState::Unset)));
                }
                attrs.push(("binary".to_string(), Some(AttrState::Set)));
            } else if let Some(name) = part.strip_prefix('-') {
                attrs.push((name.to_string(), Some(AttrState::Unset)));
            } else if let Some(name) = part.strip_prefix('!') {
                attrs.push((name.to_string(), None));
            } else if let Some((name, value)) = part.split_once('=') {
                attrs.push((name.to_string(), Some(AttrState::Value(value.to_string()))));
            } else {
                attrs.push((part.to_string(), Some(AttrState::Set)));
            }
        }
        if let Some(matcher) = glob_for(dir, pattern) {
            out.push(Line { matcher, attrs });
        }
    }
    out
}

/// gitignore-style pattern semantics: no slash (but a trailing one) matches at any depth below `dir`.
fn glob_for(dir: &str, pattern: &str) -> Option<GlobMatcher> {
    let pattern = pattern.strip_suffix('/').unwrap_or(pattern);
    let anchored = pattern.contains('/');
    let pattern = pattern.strip_prefix('/').unwrap_or(pattern);
    let prefix = if dir.is_empty() { String::new() } else { format!("{dir}/") };
    let full = if anchored { format!("{prefix}{pattern}") } else { format!("{prefix}**/{pattern}") };
    GlobBuilder::new(&full).literal_separator(true).backslash_escape(true).build().ok().map(|g| g.compile_matcher())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{FileInfo, FileSource};

    struct Files(Vec<(&'static str, &'static str)>);

    impl FileSource for Files {
        fn files(&self) -> &[FileInfo] {
            &[]
        }
        fn read(&self, path: &str) -> std::io::Result<Vec<u8>> {
            self.0
                .iter()
                .find(|(p, _)| *p == path)
                .map(|(_, t)| t.as_bytes().to_vec())
                .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))
        }
    }

    #[test]
    fn deeper_files_and_later_lines_win() {
        let files = Files(vec![
            (".gitattributes", "*.md conflict-marker-size=32\n*.bin binary\n"),
            ("docs/.gitattributes", "*.md conflict-marker-size=9\n/only-here.txt merge=union\n"),
        ]);
        let attrs = Attributes::new(Arc::new(files), Some("secret.md -diff\n"));
        assert_eq!(attrs.conflict_marker_size("README.md"), 32);
        assert_eq!(attrs.conflict_marker_size("a/b/c.md"), 32);
        assert_eq!(attrs.conflict_marker_size("docs/x/y.md"), 9);
        assert_eq!(attrs.conflict_marker_size("x.txt"), 7);
        assert_eq!(attrs.get("img/a.bin", "merge"), Some(AttrState::Unset));
        assert_eq!(attrs.get("docs/only-here.txt", "merge"), Some(AttrState::Value("union".into())));
        assert_eq!(attrs.get("docs/sub/only-here.txt", "merge"), None);
        assert_eq!(attrs.get("secret.md", "diff"), Some(AttrState::Unset));
    }
}
