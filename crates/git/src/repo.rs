//! [`Repo`]: a discovered repository, revisions, merge-bases and small reads.

use std::path::{Path, PathBuf};

use git2::{Commit, ErrorCode, ObjectType, Oid, Repository, RepositoryOpenFlags, Tree};

use crate::GitError;
use crate::source::{IndexSource, Pool, TreeSource};

/// Commits, each with its parents' ids ([`Repo::history_above_common_ancestor`]).
pub type History = Vec<(String, Vec<String>)>;

/// A git repository: a working tree with its `.git`, a linked worktree, or a bare repository.
///
/// `Repo` is `Send + Sync`: it keeps a small pool of libgit2 handles (see the `source` module), so one `Repo`
/// can serve several threads.
pub struct Repo {
    pool: Pool,
    git_dir: PathBuf,
    common_dir: PathBuf,
    workdir: Option<PathBuf>,
}

impl std::fmt::Debug for Repo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Repo").field("git_dir", &self.git_dir).field("workdir", &self.workdir).finish()
    }
}

/// libgit2 reports directories with a trailing `/`; drop it so paths print and compare like the user's.
fn clean(path: &Path) -> PathBuf {
    path.components().collect()
}

impl Repo {
    /// The repository containing `dir`, searched like git does from `dir` upward: a `.git` directory, a
    /// `.git` file (linked worktrees, submodules) or a bare repository.
    pub fn discover(dir: &Path) -> Result<Repo, GitError> {
        // One search that opens what it finds (`Repository::discover` searches, then opens the result with a
        // second search); across file systems, as `git_repository_discover` does.
        let no_ceiling: [&std::ffi::OsStr; 0] = [];
        match Repository::open_ext(dir, RepositoryOpenFlags::CROSS_FS, no_ceiling) {
            Ok(repo) => Ok(Repo::from_repository(repo)),
            Err(e) if e.code() == ErrorCode::NotFound => Err(GitError::NotARepository { path: dir.to_path_buf() }),
            Err(e) => Err(GitError::git(format!("cannot open a repository at {}", dir.display()), e)),
        }
    }

    /// The repository whose git directory (or working tree) is exactly `path`, without searching upward.
    pub fn open(path: &Path) -> Result<Repo, GitError> {
        match Repository::open(path) {
            Ok(repo) => Ok(Repo::from_repository(repo)),
            Err(e) if e.code() == ErrorCode::NotFound => Err(GitError::NotARepository { path: path.to_path_buf() }),
            Err(e) => Err(GitError::git(format!("cannot open a repository at {}", path.display()), e)),
        }
    }

    fn from_repository(repo: Repository) -> Repo {
        let git_dir = clean(repo.path());
        let common_dir = clean(repo.commondir());
        let workdir = if repo.is_bare() { None } else { repo.workdir().map(clean) };
        let pool = Pool::new(git_dir.clone(), Vec::new());
        // The object directories git passes down (a pre-receive hook's quarantine) for this handle too; a
        // handle that cannot take them is dropped and the pool opens its own.
        if pool.layer(&repo).is_ok() {
            pool.put(repo);
        }
        Repo { pool, git_dir, common_dir, workdir }
    }

    /// The git directory: `.git`, `.git/worktrees/<name>` for a linked worktree, or the bare repository.
    pub fn git_dir(&self) -> &Path {
        &self.git_dir
    }

    /// The directory shared by all worktrees (objects, refs, config, `info/`); the git directory otherwise.
    pub fn common_dir(&self) -> &Path {
        &self.common_dir
    }

    /// The working tree's root, `None` for a bare repository.
    pub fn workdir(&self) -> Option<&Path> {
        self.workdir.as_deref()
    }

    pub fn is_bare(&self) -> bool {
        self.workdir.is_none()
    }

    pub(crate) fn pool(&self) -> &Pool {
        &self.pool
    }

    /// Runs `f` with a libgit2 handle on this repository (for callers that need git2 directly).
    pub fn with_git2<R>(&self, f: impl FnOnce(&Repository) -> R) -> Result<R, GitError> {
        let repo = self.pool.get()?;
        Ok(f(&repo))
    }

    pub(crate) fn bare_error(&self, what: &'static str) -> GitError {
        GitError::BareRepository { what, git_dir: self.git_dir.clone() }
    }

    /// The full hex id of the commit `rev` names (any revision git understands; tags are peeled).
    pub fn resolve(&self, rev: &str) -> Result<String, GitError> {
        let repo = self.pool.get()?;
        Ok(resolve_commit(&repo, rev)?.id().to_string())
    }

    /// The best common ancestor of two revisions, `None` when their histories are unrelated.
    pub fn merge_base(&self, a: &str, b: &str) -> Result<Option<String>, GitError> {
        let repo = self.pool.get()?;
        let a_id = resolve_commit(&repo, a)?.id();
        let b_id = resolve_commit(&repo, b)?.id();
        merge_base_of(&repo, a_id, b_id).map(|base| base.map(|oid| oid.to_string()))
    }

    /// The history of `tips` above a common ancestor of them all (libgit2's octopus merge base): every commit
    /// reachable from a tip and not from that ancestor, children before parents, each with its parents' ids,
    /// then the ancestor itself (its parents left out). Every best common ancestor of two of the tips is among
    /// them: one below the ancestor would have it as a common descendant. `None` when the tips have no common
    /// ancestor, or more than `limit` commits lie above it (the caller asks pair by pair instead).
    pub fn history_above_common_ancestor(&self, tips: &[&str], limit: usize) -> Result<Option<History>, GitError> {
        let repo = self.pool.get()?;
        let ids = tips.iter().map(|t| resolve_commit(&repo, t).map(|c| c.id())).collect::<Result<Vec<Oid>, _>>()?;
        let context = || "cannot walk the history of the branches".to_string();
        let base = match repo.merge_base_octopus(&ids) {
            Ok(base) => base,
            Err(e) if e.code() == ErrorCode::NotFound => return Ok(None),
            Err(e) => return Err(GitError::git(context(), e)),
        };
        let mut walk = repo.revwalk().map_err(|e| GitError::git(context(), e))?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL).map_err(|e| GitError::git(context(), e))?;
        for id in &ids {
            walk.push(*id).map_err(|e| GitError::git(context(), e))?;
        }
        walk.hide(base).map_err(|e| GitError::git(context(), e))?;
        let mut out = Vec::new();
        for oid in walk {
            if out.len() == limit {
                return Ok(None);
            }
            let oid = oid.map_err(|e| GitError::git(context(), e))?;
            let commit = repo.find_commit(oid).map_err(|e| GitError::git(context(), e))?;
            out.push((oid.to_string(), commit.parent_ids().map(|p| p.to_string()).collect()));
        }
        out.push((base.to_string(), Vec::new()));
        Ok(Some(out))
    }

    /// The commit `HEAD` points at; `None` on an unborn branch (a repository without commits).
    pub fn head_commit(&self) -> Option<String> {
        let repo = self.pool.get().ok()?;
        let head = repo.head().ok()?;
        Some(head.peel_to_commit().ok()?.id().to_string())
    }

    /// The bytes of `path` in the tree of `commit`: a blob's content (a symlink's target), a submodule's commit
    /// id as hex text; `None` when the path does not exist there or is a directory.
    pub fn read_blob_at(&self, commit: &str, path: &str) -> Result<Option<Vec<u8>>, GitError> {
        let repo = self.pool.get()?;
        let tree = resolve_tree(&repo, commit)?;
        let tree = repo.find_tree(tree).map_err(|e| GitError::git(format!("cannot read the tree of `{commit}`"), e))?;
        if !is_repo_path(path) {
            return Ok(None);
        }
        let entry = match tree.get_path(Path::new(path)) {
            Ok(entry) => entry,
            Err(e) if e.code() == ErrorCode::NotFound => return Ok(None),
            Err(e) => return Err(GitError::git(format!("cannot look up `{path}` in `{commit}`"), e)),
        };
        match entry.kind() {
            Some(ObjectType::Blob) => {
                let blob = repo.find_blob(entry.id()).map_err(|e| GitError::git(format!("cannot read `{path}`"), e))?;
                Ok(Some(blob.content().to_vec()))
            }
            Some(ObjectType::Commit) => Ok(Some(entry.id().to_string().into_bytes())),
            _ => Ok(None),
        }
    }

    /// A [`TreeSource`] over the tree of `rev`.
    pub fn tree_source(&self, rev: &str) -> Result<TreeSource, GitError> {
        TreeSource::new(&self.git_dir, rev)
    }

    /// An [`IndexSource`] over the index as it is now.
    pub fn index_source(&self) -> Result<IndexSource, GitError> {
        if self.is_bare() {
            return Err(self.bare_error("reading the index"));
        }
        IndexSource::new(&self.git_dir)
    }

    /// The text of `$GIT_DIR/info/attributes` (in the common directory, which worktrees share), if present.
    pub fn info_attributes(&self) -> Option<String> {
        let bytes = std::fs::read(self.common_dir.join("info").join("attributes")).ok()?;
        Some(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// Whether the repository has a commit-graph file (`objects/info/commit-graph` or a split graph in
    /// `objects/info/commit-graphs/`), which makes history walks cheap.
    pub fn has_commit_graph(&self) -> bool {
        let info = self.common_dir.join("objects").join("info");
        info.join("commit-graph").is_file() || info.join("commit-graphs").is_dir()
    }

    /// How many objects the repository's packs hold, from each pack index's header (the last entry of its
    /// fan-out table): a constant cost per pack, where counting commits would walk the history. Loose objects
    /// are not counted (git packs them past a few thousand).
    pub fn packed_object_count(&self) -> u64 {
        let Ok(entries) = std::fs::read_dir(self.common_dir.join("objects").join("pack")) else { return 0 };
        entries
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "idx"))
            .filter_map(|e| pack_index_count(&e.path()))
            .sum()
    }
}

/// The number of objects a pack index names: the last entry of its 256-entry fan-out table, after the
/// `\xfftOc` magic and version of a version-2 index, or at its very start in a version-1 one.
fn pack_index_count(path: &Path) -> Option<u64> {
    use std::io::Read;
    let mut head = [0u8; 8 + 256 * 4];
    std::fs::File::open(path).ok()?.read_exact(&mut head).ok()?;
    let table = if head.starts_with(b"\xfftOc") { 8 } else { 0 };
    let last = table + 255 * 4;
    let bytes: [u8; 4] = head.get(last..last + 4)?.try_into().ok()?;
    Some(u64::from(u32::from_be_bytes(bytes)))
}

/// Whether `path` can name a file of a tree: repo-relative, `/`-separated, no empty, `.` or `..` component.
pub(crate) fn is_repo_path(path: &str) -> bool {
    !path.is_empty() && path.split('/').all(|c| !c.is_empty() && c != "." && c != "..")
}

/// The commit `rev` names, with git-like errors.
pub(crate) fn resolve_commit<'r>(repo: &'r Repository, rev: &str) -> Result<Commit<'r>, GitError> {
    let object = repo.revparse_single(rev).map_err(|e| revparse_error(rev, e))?;
    let kind = object.kind();
    object.peel_to_commit().map_err(|e| peel_error(rev, kind, e))
}

/// The tree `rev` names: a commit's tree, or a tree given directly (e.g. the result of `git merge-tree`).
pub(crate) fn resolve_tree(repo: &Repository, rev: &str) -> Result<Oid, GitError> {
    let object = repo.revparse_single(rev).map_err(|e| revparse_error(rev, e))?;
    let kind = object.kind();
    let tree: Tree<'_> = object.peel_to_tree().map_err(|e| peel_error(rev, kind, e))?;
    Ok(tree.id())
}

fn revparse_error(rev: &str, e: git2::Error) -> GitError {
    match e.code() {
        ErrorCode::Ambiguous => GitError::AmbiguousRevision(rev.to_string()),
        ErrorCode::NotFound | ErrorCode::InvalidSpec | ErrorCode::Invalid => GitError::UnknownRevision(rev.to_string()),
        // libgit2 reports some malformed specs (`a..b`, `@{`) with the generic code and the invalid class.
        _ if e.class() == git2::ErrorClass::Invalid => GitError::UnknownRevision(rev.to_string()),
        _ => GitError::git(format!("cannot resolve revision `{rev}`"), e),
    }
}

/// A failed peel: the object is of the wrong kind (a blob, a tag of a tree, …), unless it already was a commit,
/// in which case something is broken in the repository.
fn peel_error(rev: &str, kind: Option<ObjectType>, e: git2::Error) -> GitError {
    if kind == Some(ObjectType::Commit) {
        GitError::git(format!("cannot read revision `{rev}`"), e)
    } else {
        GitError::NotACommit { rev: rev.to_string(), kind: kind_name(kind) }
    }
}

fn kind_name(kind: Option<ObjectType>) -> &'static str {
    match kind {
        Some(ObjectType::Blob) => "blob",
        Some(ObjectType::Tree) => "tree",
        Some(ObjectType::Tag) => "tag",
        Some(ObjectType::Commit) => "commit",
        _ => "object",
    }
}

/// The merge-base of two commits, `None` when unrelated.
pub(crate) fn merge_base_of(repo: &Repository, a: Oid, b: Oid) -> Result<Option<Oid>, GitError> {
    match repo.merge_base(a, b) {
        Ok(base) => Ok(Some(base)),
        Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
        Err(e) => Err(GitError::git(format!("cannot compute the merge-base of {a} and {b}"), e)),
    }
}
