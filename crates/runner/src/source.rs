//! File sources the runner provides itself: the working tree (discovered with the `ignore` crate, so
//! `.gitignore` is respected as in ripgrep) and in-memory files (for library users and fixture tests).

use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use globset::GlobSet;
use precheck_core::{FileInfo, FileMode, FileSource};

/// The working tree under `root`: files are listed lazily with `.gitignore` respected; reads go to disk.
pub struct WorkTreeSource {
    root: PathBuf,
    exclude: GlobSet,
    files: OnceLock<Vec<FileInfo>>,
    /// The listing without sizes ([`FileSource::paths`]), when it was asked for before `files`.
    names: OnceLock<Vec<FileInfo>>,
    /// Entries the walk could not name or enter: (path as shown, why).
    skipped: Mutex<Vec<(String, String)>>,
}

impl WorkTreeSource {
    pub fn new(root: &Path, exclude: GlobSet) -> WorkTreeSource {
        WorkTreeSource {
            root: root.to_path_buf(),
            exclude,
            files: OnceLock::new(),
            names: OnceLock::new(),
            skipped: Mutex::new(Vec::new()),
        }
    }

    /// Walks the tree in parallel (hidden files included, `.git` skipped, ignore files honoured). With
    /// `sizes`, each file is `stat`ed for its size and executable bit; without, the directory entries' types
    /// are all it looks at (symlink or not), sizes are 0 and executables show as regular files.
    fn walk(&self, sizes: bool) -> Vec<FileInfo> {
        let found = Mutex::new(Vec::new());
        let skipped = Mutex::new(Vec::new());
        let walker = ignore::WalkBuilder::new(&self.root)
            .hidden(false)
            .parents(true)
            .git_ignore(true)
            .git_exclude(true)
            .git_global(false)
            .require_git(false)
            .follow_links(false)
            .filter_entry(|e| e.file_name() != ".git")
            .build_parallel();
        walker.run(|| {
            let found = &found;
            let skipped = &skipped;
            let root = &self.root;
            let exclude = &self.exclude;
            Box::new(move |entry| {
                let skip = |path: &Path, why: String| {
                    let shown = path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/");
                    if let Ok(mut list) = skipped.lock() {
                        list.push((shown, why));
                    }
                    ignore::WalkState::Continue
                };
                let entry = match entry {
                    Ok(entry) => entry,
                    // A name too long for the system, a directory that cannot be read: said, never skipped
                    // in silence.
                    Err(e) => return skip(error_path(&e).unwrap_or(root), e.to_string()),
                };
                let Some(kind) = entry.file_type() else { return ignore::WalkState::Continue };
                let Some(rel) = relative(root, entry.path()) else {
                    return skip(entry.path(), "its name is not valid UTF-8".to_string());
                };
                if kind.is_dir() {
                    // An excluded directory is not entered at all.
                    if !rel.is_empty() && exclude.is_match(&rel) {
                        return ignore::WalkState::Skip;
                    }
                    return ignore::WalkState::Continue;
                }
                if exclude.is_match(&rel) {
                    return ignore::WalkState::Continue;
                }
                let (mode, size) = if kind.is_symlink() {
                    (FileMode::Symlink, 0)
                } else if !sizes {
                    (FileMode::Regular, 0)
                } else {
                    match entry.metadata() {
                        Ok(meta) => (mode_of(&meta), meta.len()),
                        Err(_) => (FileMode::Regular, 0),
                    }
                };
                if let Ok(mut list) = found.lock() {
                    list.push(FileInfo::new(rel, mode, size));
                }
                ignore::WalkState::Continue
            })
        });
        let mut files = found.into_inner().unwrap_or_default();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let mut skipped = skipped.into_inner().unwrap_or_default();
        skipped.sort();
        if let Ok(mut kept) = self.skipped.lock() {
            *kept = skipped;
        }
        files
    }

    /// Metadata of one path, for files named by the change set rather than discovered.
    pub fn stat(&self, path: &str) -> Option<FileInfo> {
        let meta = std::fs::symlink_metadata(self.root.join(path)).ok()?;
        if meta.is_dir() {
            return None;
        }
        let mode = if meta.file_type().is_symlink() { FileMode::Symlink } else { mode_of(&meta) };
        Some(FileInfo::new(path, mode, meta.len()))
    }
}

/// The path an error of the walk is about, if it names one.
fn error_path(e: &ignore::Error) -> Option<&Path> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => error_path(err),
        _ => None,
    }
}

impl FileSource for WorkTreeSource {
    fn files(&self) -> &[FileInfo] {
        self.files.get_or_init(|| self.walk(true))
    }

    fn skipped(&self) -> Vec<(String, String)> {
        self.skipped.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Repository-wide facts look files up by name: on the `--base` path, where nothing else lists the tree,
    /// a `stat` of every file would be as much work again as the change detection's own.
    fn paths(&self) -> &[FileInfo] {
        match self.files.get() {
            Some(files) => files,
            None => self.names.get_or_init(|| self.walk(false)),
        }
    }

    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        self.read_into(path, &mut bytes)?;
        Ok(bytes)
    }

    fn read_into(&self, path: &str, buf: &mut Vec<u8>) -> io::Result<()> {
        self.read_file(path, buf, false).map(|_| ())
    }

    fn read_text_into(&self, path: &str, buf: &mut Vec<u8>) -> io::Result<bool> {
        self.read_file(path, buf, true)
    }

    fn info(&self, path: &str) -> Option<FileInfo> {
        self.stat(path)
    }

    fn exists(&self, path: &str) -> bool {
        match self.files.get().or(self.names.get()) {
            Some(files) => files.binary_search_by(|f| (*f.path).cmp(path)).is_ok(),
            None => std::fs::symlink_metadata(self.root.join(path)).is_ok(),
        }
    }
}

impl WorkTreeSource {
    /// Reads `path` into `buf`; with `stop_if_binary`, only the start of a binary file. Returns whether `buf`
    /// holds the whole file.
    fn read_file(&self, path: &str, buf: &mut Vec<u8>, stop_if_binary: bool) -> io::Result<bool> {
        buf.clear();
        let full = self.root.join(path);
        // Opening without following a final symlink reads a regular file with one path lookup; only when
        // that fails is the path looked at again, and a symlink's content is its target, as git stores it.
        let opened = open_no_follow(&full);
        let file = match opened {
            Ok(file) => file,
            Err(e) => {
                let meta = std::fs::symlink_metadata(&full)?;
                if meta.file_type().is_symlink() {
                    let target = std::fs::read_link(&full)?;
                    buf.extend_from_slice(target.to_string_lossy().replace('\\', "/").as_bytes());
                    return Ok(true);
                }
                return Err(e);
            }
        };
        read_all(file, buf, stop_if_binary)
    }
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NOFOLLOW).open(path)
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> io::Result<std::fs::File> {
    if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(io::Error::other("a symlink"));
    }
    std::fs::File::open(path)
}

/// The whole file appended to `buf` (`File::read_to_end` reserves the rest of its length first); with
/// `stop_if_binary`, a file whose first bytes are binary is read no further. Returns whether `buf` holds
/// the whole file.
fn read_all(mut file: std::fs::File, buf: &mut Vec<u8>, stop_if_binary: bool) -> io::Result<bool> {
    use std::io::Read;
    let sniff = precheck_core::text::BINARY_SNIFF_LEN;
    if stop_if_binary {
        // Binary files are about 40 % of the bytes of a crate registry (static libraries): their start is
        // enough to skip them.
        buf.reserve(sniff);
        let start = (&mut file).take(sniff as u64).read_to_end(buf)?;
        if precheck_core::text::is_binary(buf) {
            return Ok(false);
        }
        if start < sniff {
            // The file ended within its start.
            return Ok(true);
        }
    }
    file.read_to_end(buf)?;
    Ok(true)
}

#[cfg(unix)]
fn mode_of(meta: &std::fs::Metadata) -> FileMode {
    use std::os::unix::fs::PermissionsExt;
    if meta.permissions().mode() & 0o111 != 0 { FileMode::Executable } else { FileMode::Regular }
}

#[cfg(not(unix))]
fn mode_of(_meta: &std::fs::Metadata) -> FileMode {
    FileMode::Regular
}

/// `path` relative to `root`, `/`-separated; `None` if outside or not UTF-8.
pub(crate) fn relative(root: &Path, path: &Path) -> Option<String> {
    // The walker's paths are `root` joined with names: a byte prefix is the common case, and far cheaper
    // per file than comparing components.
    #[cfg(unix)]
    {
        let (full, base) = (path.as_os_str().as_encoded_bytes(), root.as_os_str().as_encoded_bytes());
        if let Some(rest) = full.strip_prefix(base) {
            let rest = if base.ends_with(b"/") { Some(rest) } else { rest.strip_prefix(b"/") };
            if let Some(rest) =
                rest.filter(|r| !r.split(|&b| b == b'/').any(|p| p.is_empty() || p == b"." || p == b".."))
            {
                return std::str::from_utf8(rest).ok().map(str::to_string);
            }
        }
    }
    let rel = path.strip_prefix(root).ok()?;
    let mut out = String::new();
    for part in rel.components() {
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str(part.as_os_str().to_str()?);
    }
    Some(out)
}

/// Files held in memory: for library users who check content that is not in a repository, and for tests.
#[derive(Debug, Default)]
pub struct MemorySource {
    files: Vec<FileInfo>,
    contents: Vec<Vec<u8>>,
}

impl MemorySource {
    /// Regular files from `(path, bytes)` pairs.
    pub fn new(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> MemorySource {
        let mut pairs: Vec<(String, Vec<u8>)> = files.into_iter().collect();
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        pairs.dedup_by(|a, b| a.0 == b.0);
        let files = pairs.iter().map(|(p, b)| FileInfo::new(p.as_str(), FileMode::Regular, b.len() as u64)).collect();
        MemorySource { files, contents: pairs.into_iter().map(|(_, b)| b).collect() }
    }
}

impl FileSource for MemorySource {
    fn files(&self) -> &[FileInfo] {
        &self.files
    }

    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        match self.files.binary_search_by(|f| (*f.path).cmp(path)) {
            Ok(i) => Ok(self.contents[i].clone()),
            Err(_) => Err(io::Error::new(io::ErrorKind::NotFound, format!("{path}: no such file"))),
        }
    }
}

/// The revision's files as the checks read them: a file over `max-file-size` is refused before a byte of it
/// is read (its size comes from `stat` or the blob's header), so a run-wide fact that reads every XML or SQL
/// file of the repository never holds a gigabyte file in memory. The per-file pass reports such files as
/// PC003 from the listing.
pub(crate) struct SizeCapped<'a> {
    inner: &'a dyn FileSource,
    max: u64,
}

impl<'a> SizeCapped<'a> {
    pub(crate) fn new(inner: &'a dyn FileSource, max: u64) -> SizeCapped<'a> {
        SizeCapped { inner, max }
    }

    fn admit(&self, path: &str) -> io::Result<()> {
        match self.inner.info(path) {
            Some(info) if info.size > self.max => Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{path}: {} bytes, over max-file-size ({} bytes)", info.size, self.max),
            )),
            _ => Ok(()),
        }
    }
}

impl FileSource for SizeCapped<'_> {
    fn files(&self) -> &[FileInfo] {
        self.inner.files()
    }
    fn paths(&self) -> &[FileInfo] {
        self.inner.paths()
    }
    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        self.admit(path)?;
        self.inner.read(path)
    }
    fn read_into(&self, path: &str, buf: &mut Vec<u8>) -> io::Result<()> {
        self.admit(path)?;
        self.inner.read_into(path, buf)
    }
    fn read_text_into(&self, path: &str, buf: &mut Vec<u8>) -> io::Result<bool> {
        self.admit(path)?;
        self.inner.read_text_into(path, buf)
    }
    fn content_id(&self, path: &str) -> Option<precheck_core::ContentId> {
        self.inner.content_id(path)
    }
    fn exists(&self, path: &str) -> bool {
        self.inner.exists(path)
    }
    fn info(&self, path: &str) -> Option<FileInfo> {
        self.inner.info(path)
    }
}

#[cfg(test)]
mod tests {
    use super::relative;
    use std::path::Path;

    #[test]
    fn relative_paths_are_slash_separated_and_normalised() {
        let cases = [
            ("/r", "/r/a/b.txt", Some("a/b.txt")),
            ("/r/", "/r/a/b.txt", Some("a/b.txt")),
            ("/r", "/r//a/./b.txt", Some("a/b.txt")),
            ("/r", "/r", Some("")),
            ("/r", "/rx/a", None),
            ("/r", "/other/a", None),
            (".", "./src/lib.rs", Some("src/lib.rs")),
        ];
        for (root, path, want) in cases {
            assert_eq!(relative(Path::new(root), Path::new(path)).as_deref(), want, "{root} {path}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn the_listing_by_name_stats_nothing_and_the_full_one_has_sizes_and_modes() {
        use super::{FileMode, FileSource, WorkTreeSource};
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir(root.join("bin")).expect("mkdir");
        std::fs::write(root.join("a.txt"), "hello\n").expect("write");
        std::fs::write(root.join("bin/run"), "#!/bin/sh\n").expect("write");
        std::fs::set_permissions(root.join("bin/run"), std::fs::Permissions::from_mode(0o755)).expect("chmod");
        std::os::unix::fs::symlink("a.txt", root.join("link")).expect("symlink");
        let listed = |files: &[precheck_core::FileInfo]| -> Vec<(String, FileMode, u64)> {
            files.iter().map(|f| (f.path.to_string(), f.mode, f.size)).collect()
        };
        let source = WorkTreeSource::new(root, globset::GlobSet::empty());
        let names = listed(source.paths());
        assert_eq!(
            names,
            [
                ("a.txt".into(), FileMode::Regular, 0),
                ("bin/run".into(), FileMode::Regular, 0),
                ("link".into(), FileMode::Symlink, 0)
            ]
        );
        assert!(source.exists("bin/run") && !source.exists("bin"));
        let full = listed(source.files());
        assert_eq!(
            full,
            [
                ("a.txt".into(), FileMode::Regular, 6),
                ("bin/run".into(), FileMode::Executable, 10),
                ("link".into(), FileMode::Symlink, 0)
            ]
        );
        // Once the full listing exists, it serves the names too.
        let fresh = WorkTreeSource::new(root, globset::GlobSet::empty());
        let _ = fresh.files();
        assert_eq!(listed(fresh.paths()), full);
    }
}
