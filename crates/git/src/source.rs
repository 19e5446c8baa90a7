//! File sources read from git objects: a commit's tree ([`TreeSource`]) and the index ([`IndexSource`]).
//!
//! `git2::Repository` may move between threads but not be shared by them, while the runner reads files from
//! many rayon threads at once. So every source keeps a small [`Pool`] of repositories opened on the same git
//! directory: a read borrows one for the duration of that read only, and the pool grows to the number of
//! threads that actually read at the same time.

use std::collections::HashMap;
use std::io;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use git2::{ErrorCode, ObjectType, Oid, Repository, TreeWalkMode, TreeWalkResult};
use precheck_core::{FileInfo, FileMode, FileSource};

use crate::GitError;

/// Idle repositories kept for reuse; more may be open at once, the rest are closed when returned.
const MAX_IDLE: usize = 32;

/// Repositories opened on one git directory, handed out one per concurrent user.
pub(crate) struct Pool {
    git_dir: PathBuf,
    /// Extra object directories layered over the repository's own (e.g. a temporary merge result).
    alternates: Vec<PathBuf>,
    idle: Mutex<Vec<Repository>>,
    /// Whether several trees read through this pool ([`TreeSource::sibling`]): only then is a listing kept as
    /// a [`Reference`] for the others.
    shared: AtomicBool,
    /// Shared with the pools of other object directories over the same repository
    /// ([`TreeSource::with_object_dirs_beside`]): a folder's files are the same whichever objects hold it.
    reference: Arc<Mutex<Option<Arc<Reference>>>>,
}

/// A tree's files in walk order, with where each folder's files are among them: a sibling tree's listing
/// copies the folders it has in common with it (the same tree object at the same path: the same files) rather
/// than reading their tree objects again. The trees of a merge matrix differ in a few folders.
struct Reference {
    entries: Vec<(Arc<str>, Entry)>,
    /// (folder path with its trailing `/`, tree object) → its files' range in `entries`.
    folders: HashMap<(String, Oid), std::ops::Range<usize>>,
}

impl Pool {
    /// A pool over `git_dir` with `alternates` layered over its objects, and the object directories git passes
    /// down in the environment (inside a pre-receive hook the pushed objects are only in the quarantine
    /// directory `GIT_OBJECT_DIRECTORY` names; libgit2 does not read these variables itself).
    pub(crate) fn new(git_dir: PathBuf, mut alternates: Vec<PathBuf>) -> Pool {
        alternates.extend(env_object_dirs(&git_dir));
        Pool {
            git_dir,
            alternates,
            idle: Mutex::new(Vec::new()),
            shared: AtomicBool::new(false),
            reference: Arc::new(Mutex::new(None)),
        }
    }

    /// A repository of its own for the caller, never returned to the pool (e.g. one that gets an in-memory
    /// object backend).
    pub(crate) fn open_fresh(&self) -> Result<Repository, GitError> {
        let repo = Repository::open(&self.git_dir).map_err(|e| open_error(&self.git_dir, e))?;
        self.layer(&repo)?;
        Ok(repo)
    }

    /// Adds the pool's extra object directories to `repo`.
    pub(crate) fn layer(&self, repo: &Repository) -> Result<(), GitError> {
        if !self.alternates.is_empty() {
            let odb = repo.odb().map_err(|e| open_error(&self.git_dir, e))?;
            for dir in &self.alternates {
                let Some(dir_str) = dir.to_str() else {
                    return Err(GitError::git(
                        format!("cannot use object directory {}", dir.display()),
                        git2::Error::from_str("the path is not valid UTF-8"),
                    ));
                };
                odb.add_disk_alternate(dir_str)
                    .map_err(|e| GitError::git(format!("cannot use object directory {}", dir.display()), e))?;
            }
        }
        Ok(())
    }

    /// Borrows a repository until the guard is dropped.
    pub(crate) fn get(&self) -> Result<Pooled<'_>, GitError> {
        let idle = lock(&self.idle).pop();
        let repo = match idle {
            Some(repo) => repo,
            None => self.open_fresh()?,
        };
        Ok(Pooled { pool: self, repo: Some(repo) })
    }

    /// Adds an already open repository (the one discovery opened) to the idle list.
    pub(crate) fn put(&self, repo: Repository) {
        let mut idle = lock(&self.idle);
        if idle.len() < MAX_IDLE {
            idle.push(repo);
        }
    }
}

/// `GIT_OBJECT_DIRECTORY` and `GIT_ALTERNATE_OBJECT_DIRECTORIES`, absolute, without the repository's own
/// object directory.
fn env_object_dirs(git_dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    if let Some(dir) = std::env::var_os("GIT_OBJECT_DIRECTORY") {
        dirs.push(PathBuf::from(dir));
    }
    if let Some(list) = std::env::var_os("GIT_ALTERNATE_OBJECT_DIRECTORIES") {
        dirs.extend(std::env::split_paths(&list));
    }
    let canonical = |p: &Path| p.canonicalize().ok();
    let own = canonical(&git_dir.join("objects"));
    dirs.into_iter().filter(|d| d.is_dir() && (own.is_none() || canonical(d) != own)).collect()
}

fn open_error(git_dir: &Path, e: git2::Error) -> GitError {
    GitError::git(format!("cannot open repository {}", git_dir.display()), e)
}

/// Locks a mutex, ignoring poisoning: the protected data (a list of idle handles) has no invariant a panic
/// could break.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    match m.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// A repository borrowed from a [`Pool`].
pub(crate) struct Pooled<'p> {
    pool: &'p Pool,
    repo: Option<Repository>,
}

impl Deref for Pooled<'_> {
    type Target = Repository;
    #[allow(clippy::expect_used, reason = "only `drop` takes the repository out, after the last deref")]
    fn deref(&self) -> &Repository {
        self.repo.as_ref().expect("a pooled repository is present until drop")
    }
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        if let Some(repo) = self.repo.take() {
            self.pool.put(repo);
        }
    }
}

/// A path's object in a listing: its id and git mode.
#[derive(Clone, Copy, Debug)]
struct Entry {
    oid: Oid,
    mode: u32,
}

/// A computed listing: the sorted files and, by path, their objects.
struct Listing {
    /// Sorted by path.
    files: Vec<FileInfo>,
    /// The entry of each of `files`, at the same index (a path is found by binary search: a hash map of every
    /// path cost a matrix's many trees more than the search).
    entries: Vec<Entry>,
    /// Why the listing may be incomplete (a missing or corrupt tree object), if it is.
    error: Option<String>,
}

impl Listing {
    fn get(&self, path: &str) -> Option<Entry> {
        self.files.binary_search_by(|f| (*f.path).cmp(path)).ok().map(|i| self.entries[i])
    }
}

fn is_gitlink(mode: u32) -> bool {
    mode & 0o170000 == 0o160000
}

/// A blob's id as [`FileSource::content_id`] gives it; `None` for a gitlink (no content of its own).
fn content_id_of(entry: Entry) -> Option<precheck_core::ContentId> {
    if is_gitlink(entry.mode) {
        return None;
    }
    entry.oid.as_bytes().try_into().ok()
}

/// The bytes [`FileSource::read`] returns for an entry: the blob's content, or a gitlink's commit id.
fn read_entry(repo: &Repository, path: &str, entry: Entry) -> io::Result<Vec<u8>> {
    if is_gitlink(entry.mode) {
        return Ok(entry.oid.to_string().into_bytes());
    }
    let blob = repo.find_blob(entry.oid).map_err(|e| io_error(path, e))?;
    Ok(blob.content().to_vec())
}

fn io_error(path: &str, e: git2::Error) -> io::Error {
    let kind = if e.code() == ErrorCode::NotFound { io::ErrorKind::NotFound } else { io::ErrorKind::Other };
    io::Error::new(kind, format!("{path}: {}", e.message()))
}

fn not_found(path: &str) -> io::Error {
    io::Error::new(io::ErrorKind::NotFound, format!("{path}: no such file in the revision"))
}

/// The size of a blob without reading it, from the object header.
fn blob_size(odb: &git2::Odb<'_>, oid: Oid) -> Result<u64, git2::Error> {
    odb.read_header(oid).map(|(size, _)| size as u64)
}

/// Paths in git are bytes; precheck's are `str`. A non-UTF-8 path is shown with U+FFFD but still read
/// correctly through the listing, which keys the object by that same string.
pub(crate) fn path_string(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every file of a commit's (or a tree's) tree, read from git objects. Works in a bare repository.
///
/// Blobs are listed with their git mode and size; submodules (gitlinks) with [`FileMode::Gitlink`] and size 0,
/// and reading one gives its commit id as hex text; reading a symlink gives its target.
pub struct TreeSource {
    /// Shared by the sources made with [`TreeSource::sibling`]: the repositories are opened once for all.
    pool: Arc<Pool>,
    tree: Oid,
    /// Paths and modes (sizes 0): listing needs no object read besides the trees.
    listing: OnceLock<Listing>,
    /// The listing with sizes, from every blob's header (a delta chain each): built only when asked.
    sized: OnceLock<Vec<FileInfo>>,
}

impl std::fmt::Debug for TreeSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TreeSource").field("git_dir", &self.pool.git_dir).field("tree", &self.tree).finish()
    }
}

impl TreeSource {
    /// The tree of `commit_id` (any revision that peels to a commit or a tree) in the repository whose git
    /// directory is `git_dir`.
    pub fn new(git_dir: &Path, commit_id: &str) -> Result<TreeSource, GitError> {
        TreeSource::with_object_dirs(git_dir, commit_id, Vec::new())
    }

    /// Like [`TreeSource::new`], with extra object directories searched after the repository's own: a tree
    /// written to a temporary object directory (an in-memory merge's result) reads as if it were in the
    /// repository, and nothing is added to the repository.
    pub fn with_object_dirs(
        git_dir: &Path,
        commit_id: &str,
        object_dirs: Vec<PathBuf>,
    ) -> Result<TreeSource, GitError> {
        TreeSource::in_pool(Arc::new(Pool::new(git_dir.to_path_buf(), object_dirs)), commit_id)
    }

    /// [`TreeSource::with_object_dirs`], in a pool that shares `beside`'s listing reference: the merged trees
    /// of a matrix (read with the merges' objects) copy the folders the sides' first listing read, rather than
    /// walking one tree of their own in full.
    pub fn with_object_dirs_beside(
        git_dir: &Path,
        commit_id: &str,
        object_dirs: Vec<PathBuf>,
        beside: &TreeSource,
    ) -> Result<TreeSource, GitError> {
        beside.pool.shared.store(true, Ordering::Relaxed);
        let mut pool = Pool::new(git_dir.to_path_buf(), object_dirs);
        pool.reference = Arc::clone(&beside.pool.reference);
        pool.shared = AtomicBool::new(true);
        TreeSource::in_pool(Arc::new(pool), commit_id)
    }

    /// The tree of `commit_id` read through the same repositories (and extra object directories) as `self`:
    /// for many trees of one repository (the merge results of a matrix), which then open the repository once
    /// rather than once per tree.
    pub fn sibling(&self, commit_id: &str) -> Result<TreeSource, GitError> {
        self.pool.shared.store(true, Ordering::Relaxed);
        TreeSource::in_pool(Arc::clone(&self.pool), commit_id)
    }

    fn in_pool(pool: Arc<Pool>, commit_id: &str) -> Result<TreeSource, GitError> {
        let tree = {
            let repo = pool.get()?;
            crate::repo::resolve_tree(&repo, commit_id)?
        };
        Ok(TreeSource { pool, tree, listing: OnceLock::new(), sized: OnceLock::new() })
    }

    /// The id of the tree being read.
    pub fn tree_id(&self) -> String {
        self.tree.to_string()
    }

    /// Why [`FileSource::files`] may be incomplete (a tree object that could not be read), if it is.
    pub fn listing_error(&self) -> Option<&str> {
        self.listing().error.as_deref()
    }

    fn listing(&self) -> &Listing {
        self.listing.get_or_init(|| match self.walk() {
            Ok(listing) => listing,
            Err(e) => Listing { files: Vec::new(), entries: Vec::new(), error: Some(e.to_string()) },
        })
    }

    fn walk(&self) -> Result<Listing, GitError> {
        let repo = self.pool.get()?;
        let context = || format!("cannot list tree {}", self.tree);
        let tree = repo.find_tree(self.tree).map_err(|e| GitError::git(context(), e))?;
        let mut files = Vec::new();
        let mut found_entries: Vec<Entry> = Vec::new();
        let mut error = None;
        // Trees that share the pool: copy the folders the first listed tree has too, or be that tree (the
        // others wait for it rather than all walking in full at once).
        let mut recording = None;
        let reference = if self.pool.shared.load(Ordering::Relaxed) {
            let guard = lock(&self.pool.reference);
            let found = guard.clone();
            if found.is_none() {
                recording = Some(guard);
            }
            found
        } else {
            None
        };
        let record = recording.is_some();
        let mut entries: Vec<(Arc<str>, Entry)> = Vec::new();
        let mut folders: HashMap<(String, Oid), std::ops::Range<usize>> = HashMap::new();
        // The folders being walked (pre-order: a folder's files come right after it), with their first file.
        let mut open: Vec<(String, Oid, usize)> = Vec::new();
        let walked = tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
            let mode = entry.filemode_raw() as u32;
            if record {
                while open.last().is_some_and(|(folder, _, _)| !dir.starts_with(folder.as_str())) {
                    if let Some((folder, oid, start)) = open.pop() {
                        folders.insert((folder, oid), start..entries.len());
                    }
                }
            }
            if entry.kind() == Some(ObjectType::Tree) {
                let folder = format!("{dir}{}/", String::from_utf8_lossy(entry.name_bytes()));
                if let Some(range) = reference.as_ref().and_then(|r| r.folders.get(&(folder.clone(), entry.id())))
                    && let Some(known) = reference.as_ref().and_then(|r| r.entries.get(range.clone()))
                {
                    for (path, e) in known {
                        found_entries.push(*e);
                        files.push(FileInfo { path: Arc::clone(path), mode: FileMode::from_git(e.mode), size: 0 });
                    }
                    return TreeWalkResult::Skip;
                }
                if record {
                    open.push((folder, entry.id(), entries.len()));
                }
                return TreeWalkResult::Ok;
            }
            let mut path = String::with_capacity(dir.len() + entry.name_bytes().len());
            path.push_str(dir);
            path.push_str(&String::from_utf8_lossy(entry.name_bytes()));
            let path: Arc<str> = path.into();
            let found = Entry { oid: entry.id(), mode };
            found_entries.push(found);
            if record {
                entries.push((Arc::clone(&path), found));
            }
            files.push(FileInfo { path, mode: FileMode::from_git(mode), size: 0 });
            TreeWalkResult::Ok
        });
        if let Err(e) = walked {
            error.get_or_insert_with(|| format!("{}: {}", context(), e.message()));
        }
        if let Some(mut reference) = recording
            && error.is_none()
        {
            for (folder, oid, start) in open.drain(..) {
                folders.insert((folder, oid), start..entries.len());
            }
            *reference = Some(Arc::new(Reference { entries, folders }));
        }
        // Git orders a tree's entries as if a folder's name ended in `/`, so a pre-order walk lists paths in
        // byte order already; sorted here all the same should a tree be out of order.
        let (files, entries) = if files.is_sorted_by(|a, b| a.path <= b.path) {
            (files, found_entries)
        } else {
            let mut pairs: Vec<(FileInfo, Entry)> = files.into_iter().zip(found_entries).collect();
            pairs.sort_unstable_by(|a, b| a.0.path.cmp(&b.0.path));
            pairs.into_iter().unzip()
        };
        Ok(Listing { files, entries, error })
    }

    /// The listing with every blob's size (a read of its header; 0 where that fails: reading the file
    /// reports the problem).
    fn sized(&self) -> &[FileInfo] {
        self.sized.get_or_init(|| {
            let listing = self.listing();
            let Ok(repo) = self.pool.get() else { return listing.files.clone() };
            let Ok(odb) = repo.odb() else { return listing.files.clone() };
            let size_of =
                |entry: &Entry| if is_gitlink(entry.mode) { 0 } else { blob_size(&odb, entry.oid).unwrap_or(0) };
            listing
                .files
                .iter()
                .zip(&listing.entries)
                .map(|(f, e)| FileInfo { size: size_of(e), ..f.clone() })
                .collect()
        })
    }

    /// The entry at `path` looked up in the tree directly, without listing the whole tree (so that a run that
    /// only reads a few changed files stays proportional to them).
    fn lookup(&self, repo: &Repository, path: &str) -> io::Result<Entry> {
        if !crate::repo::is_repo_path(path) {
            return Err(not_found(path));
        }
        let tree = repo.find_tree(self.tree).map_err(|e| io_error(path, e))?;
        let entry = tree.get_path(Path::new(path)).map_err(|e| io_error(path, e))?;
        match entry.kind() {
            Some(ObjectType::Blob) | Some(ObjectType::Commit) => {
                Ok(Entry { oid: entry.id(), mode: entry.filemode_raw() as u32 })
            }
            _ => Err(not_found(path)),
        }
    }
}

impl FileSource for TreeSource {
    fn files(&self) -> &[FileInfo] {
        self.sized()
    }

    fn paths(&self) -> &[FileInfo] {
        &self.listing().files
    }

    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        let repo = self.pool.get().map_err(|e| io::Error::other(e.to_string()))?;
        let entry = match self.listing.get() {
            Some(listing) => listing.get(path).ok_or_else(|| not_found(path))?,
            None => self.lookup(&repo, path)?,
        };
        read_entry(&repo, path, entry)
    }

    fn content_id(&self, path: &str) -> Option<precheck_core::ContentId> {
        let entry = match self.listing.get() {
            Some(listing) => listing.get(path)?,
            None => self.lookup(&*self.pool.get().ok()?, path).ok()?,
        };
        content_id_of(entry)
    }

    fn exists(&self, path: &str) -> bool {
        if let Some(listing) = self.listing.get() {
            return listing.get(path).is_some();
        }
        match self.pool.get() {
            Ok(repo) => self.lookup(&repo, path).is_ok(),
            Err(_) => false,
        }
    }

    fn info(&self, path: &str) -> Option<FileInfo> {
        if let Some(files) = self.sized.get() {
            return files.binary_search_by(|f| (*f.path).cmp(path)).ok().map(|i| files[i].clone());
        }
        let repo = self.pool.get().ok()?;
        let entry = match self.listing.get() {
            Some(listing) => listing.get(path)?,
            None => self.lookup(&repo, path).ok()?,
        };
        let size = if is_gitlink(entry.mode) { 0 } else { blob_size(&repo.odb().ok()?, entry.oid).ok()? };
        Some(FileInfo { path: Arc::from(path), mode: FileMode::from_git(entry.mode), size })
    }
}

/// The index's stage-0 entries: what `git commit` would commit (`--staged`). Reads give the staged content
/// from the object store, not the working-tree file.
///
/// Unmerged paths (stages 1–3, during a conflicted merge) and `git add -N` placeholders are not listed: they
/// have no staged content.
pub struct IndexSource {
    pool: Pool,
    /// Index entries sorted by path.
    entries: Vec<(Arc<str>, Entry)>,
    by_path: HashMap<Arc<str>, Entry>,
    files: OnceLock<Vec<FileInfo>>,
}

impl std::fmt::Debug for IndexSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexSource")
            .field("git_dir", &self.pool.git_dir)
            .field("entries", &self.entries.len())
            .finish_non_exhaustive()
    }
}

/// `GIT_INDEX_ENTRY_STAGEMASK` / `GIT_INDEX_ENTRY_STAGESHIFT`.
const STAGE_MASK: u16 = 0x3000;
/// `GIT_INDEX_ENTRY_INTENT_TO_ADD`, in the extended flags.
const INTENT_TO_ADD: u16 = 1 << 13;

impl IndexSource {
    /// A snapshot of the index of the repository whose git directory is `git_dir`, taken now.
    pub fn new(git_dir: &Path) -> Result<IndexSource, GitError> {
        let pool = Pool::new(git_dir.to_path_buf(), Vec::new());
        let mut entries = Vec::new();
        {
            let repo = pool.get()?;
            if repo.is_bare() {
                return Err(GitError::BareRepository { what: "reading the index", git_dir: git_dir.to_path_buf() });
            }
            let index = repo
                .index()
                .map_err(|e| GitError::git(format!("cannot read the index of {}", git_dir.display()), e))?;
            for e in index.iter() {
                let mode = e.mode;
                if e.flags & STAGE_MASK != 0 || e.flags_extended & INTENT_TO_ADD != 0 || mode & 0o170000 == 0o040000 {
                    continue;
                }
                entries.push((Arc::<str>::from(path_string(&e.path)), Entry { oid: e.id, mode }));
            }
        }
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        entries.dedup_by(|a, b| a.0 == b.0);
        let by_path = entries.iter().map(|(p, e)| (Arc::clone(p), *e)).collect();
        Ok(IndexSource { pool, entries, by_path, files: OnceLock::new() })
    }

    fn compute_files(&self) -> Vec<FileInfo> {
        // Sizes come from the object headers (the staged blob's size, which is what `read` returns; the
        // index's own size field is the working-tree file's, before clean filters).
        let repo = self.pool.get().ok();
        let odb = repo.as_ref().and_then(|r| r.odb().ok());
        self.entries
            .iter()
            .map(|(path, e)| {
                let size = match &odb {
                    Some(odb) if !is_gitlink(e.mode) => blob_size(odb, e.oid).unwrap_or(0),
                    _ => 0,
                };
                FileInfo { path: Arc::clone(path), mode: FileMode::from_git(e.mode), size }
            })
            .collect()
    }
}

impl FileSource for IndexSource {
    fn files(&self) -> &[FileInfo] {
        self.files.get_or_init(|| self.compute_files())
    }

    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        let entry = *self.by_path.get(path).ok_or_else(|| not_found(path))?;
        if is_gitlink(entry.mode) {
            return Ok(entry.oid.to_string().into_bytes());
        }
        let repo = self.pool.get().map_err(|e| io::Error::other(e.to_string()))?;
        read_entry(&repo, path, entry)
    }

    fn content_id(&self, path: &str) -> Option<precheck_core::ContentId> {
        content_id_of(*self.by_path.get(path)?)
    }

    fn exists(&self, path: &str) -> bool {
        self.by_path.contains_key(path)
    }

    fn info(&self, path: &str) -> Option<FileInfo> {
        if let Some(files) = self.files.get() {
            return files.binary_search_by(|f| (*f.path).cmp(path)).ok().map(|i| files[i].clone());
        }
        let (path, entry) = self.by_path.get_key_value(path)?;
        let size = if is_gitlink(entry.mode) {
            0
        } else {
            let repo = self.pool.get().ok()?;
            blob_size(&repo.odb().ok()?, entry.oid).ok()?
        };
        Some(FileInfo { path: Arc::clone(path), mode: FileMode::from_git(entry.mode), size })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn sources_are_send_and_sync() {
        assert_send_sync::<TreeSource>();
        assert_send_sync::<IndexSource>();
        assert_send_sync::<crate::Repo>();
    }
}
