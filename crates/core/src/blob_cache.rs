//! Blob ids known to hold nothing a repository-wide fact looks for, kept between runs so that a fact that must
//! recognise files by content (every XML file of the revision, for the Zdal catalogue) reads only the blobs
//! it has not seen before: the pre-push path stays proportional to the change from the second push on.
//!
//! The ids live in the user's cache directory, never in the repository: one file per fact, the raw 20-byte
//! ids one after another, appended once per run. An id is a hash of the content, so a recorded id never goes
//! stale; the file name carries a version to bump when a recogniser changes what it looks for. The
//! directory comes with the run ([`crate::Input::cache_dir`], [`crate::RepoCtx::cache_dir`]); a run without
//! one keeps nothing, and every failure to read or write only costs the time the cache would have saved.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A git object id (SHA-1), as [`crate::FileSource::content_id`] gives it.
pub type ContentId = [u8; 20];

/// A file larger than this is started over rather than appended to (1.6 million ids).
const MAX_BYTES: u64 = 32 << 20;

/// The ids of blobs a fact found nothing in, with those it finds in this run.
#[derive(Debug)]
pub struct BlobCache {
    file: Option<PathBuf>,
    known: HashSet<ContentId>,
    new: Mutex<Vec<ContentId>>,
}

impl BlobCache {
    /// The ids recorded under `name` (a file name such as `zdal-recognition-v1`) in the run's cache directory
    /// `dir`; none without one.
    pub fn load(dir: Option<&Path>, name: &str) -> BlobCache {
        let file = dir.map(|d| d.join(name));
        let known = file
            .as_deref()
            .and_then(|f| std::fs::read(f).ok())
            .map(|bytes| bytes.chunks_exact(20).filter_map(|c| c.try_into().ok()).collect())
            .unwrap_or_default();
        BlobCache { file, known, new: Mutex::new(Vec::new()) }
    }

    /// Whether the blob was recorded as holding nothing the fact looks for.
    pub fn contains(&self, id: &ContentId) -> bool {
        self.known.contains(id)
    }

    /// The bytes of `path`, unless an earlier run found nothing in its blob or it cannot be read; a blob in
    /// which `finds_nothing` says there is nothing is remembered (when the source knows its id) and `None`.
    pub fn read(
        &self,
        source: &dyn crate::FileSource,
        path: &str,
        finds_nothing: impl FnOnce(&[u8]) -> bool,
    ) -> Option<Vec<u8>> {
        let id = source.content_id(path);
        if id.is_some_and(|id| self.contains(&id)) {
            return None;
        }
        let bytes = source.read(path).ok()?;
        if finds_nothing(&bytes) {
            if let Some(id) = id {
                self.record(id);
            }
            return None;
        }
        Some(bytes)
    }

    /// Records that the blob holds nothing the fact looks for ([`BlobCache::save`] keeps it).
    pub fn record(&self, id: ContentId) {
        if let Ok(mut new) = self.new.lock() {
            new.push(id);
        }
    }

    /// Appends this run's new ids to the file (one write, so that concurrent runs append whole ids).
    pub fn save(self) {
        let Some(file) = self.file else { return };
        let mut new = self.new.into_inner().unwrap_or_default();
        new.retain(|id| !self.known.contains(id));
        new.sort_unstable();
        new.dedup();
        if new.is_empty() {
            return;
        }
        let bytes: Vec<u8> = new.concat();
        let _ = append(&file, &bytes);
    }
}

fn append(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let too_big = std::fs::metadata(file).is_ok_and(|m| m.len() + bytes.len() as u64 > MAX_BYTES);
    let mut options = std::fs::OpenOptions::new();
    if too_big {
        options.write(true).create(true).truncate(true);
    } else {
        options.append(true).create(true);
    }
    options.open(file)?.write_all(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_kept_between_runs_and_a_torn_tail_is_ignored() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (a, b, c) = ([1u8; 20], [2u8; 20], [3u8; 20]);
        let first = BlobCache::load(Some(dir.path()), "fact-v1");
        assert!(!first.contains(&a));
        first.record(a);
        first.record(b);
        first.record(a);
        first.save();
        assert_eq!(std::fs::metadata(dir.path().join("fact-v1")).map(|m| m.len()).ok(), Some(40));
        let second = BlobCache::load(Some(dir.path()), "fact-v1");
        assert!(second.contains(&a) && second.contains(&b) && !second.contains(&c));
        second.record(a);
        second.record(c);
        second.save();
        // Only the id that was new is appended.
        assert_eq!(std::fs::metadata(dir.path().join("fact-v1")).map(|m| m.len()).ok(), Some(60));
        // A write cut short leaves a partial id at the end: it is not an id.
        let mut torn = std::fs::OpenOptions::new().append(true).open(dir.path().join("fact-v1")).expect("open");
        torn.write_all(&[9u8; 7]).expect("write");
        let third = BlobCache::load(Some(dir.path()), "fact-v1");
        assert!(third.contains(&c) && third.known.len() == 3);
        // Another fact's file, and no directory at all, know nothing.
        assert!(!BlobCache::load(Some(dir.path()), "other-v1").contains(&a));
        let none = BlobCache::load(None, "fact-v1");
        none.record(a);
        none.save();
        assert_eq!(std::fs::read_dir(dir.path()).map(|d| d.count()).ok(), Some(1));
    }

    /// Two files with ids (one holds what the fact looks for), one without: counts the reads.
    struct Counted(std::sync::atomic::AtomicUsize, Vec<crate::FileInfo>);

    impl crate::FileSource for Counted {
        fn files(&self) -> &[crate::FileInfo] {
            &self.1
        }
        fn read(&self, path: &str) -> std::io::Result<Vec<u8>> {
            self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Ok(if path == "hit.xml" { b"<zdal/>".to_vec() } else { b"<other/>".to_vec() })
        }
        fn content_id(&self, path: &str) -> Option<ContentId> {
            match path {
                "hit.xml" => Some([1; 20]),
                "miss.xml" => Some([2; 20]),
                _ => None,
            }
        }
    }

    #[test]
    fn a_blob_found_empty_is_not_read_again() {
        let dir = tempfile::tempdir().expect("tempdir");
        let source = Counted(Default::default(), Vec::new());
        let scan = |seen: &BlobCache| -> Vec<String> {
            ["hit.xml", "miss.xml", "no-id.xml"]
                .into_iter()
                .filter(|p| seen.read(&source, p, |b| !b.starts_with(b"<zdal")).is_some())
                .map(String::from)
                .collect()
        };
        let first = BlobCache::load(Some(dir.path()), "fact-v1");
        assert_eq!(scan(&first), ["hit.xml"]);
        first.save();
        assert_eq!(source.0.swap(0, std::sync::atomic::Ordering::Relaxed), 3);
        let second = BlobCache::load(Some(dir.path()), "fact-v1");
        assert_eq!(scan(&second), ["hit.xml"]);
        // `miss.xml` is known; the hit and the file without an id are read again.
        assert_eq!(source.0.load(std::sync::atomic::Ordering::Relaxed), 2);
    }
}
