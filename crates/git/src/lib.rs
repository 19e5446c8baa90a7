//! precheck-git: everything precheck asks of git: through libgit2 (git2), and by running the git program
//! where git's own behaviour is the reference.
//!
//! It owns:
//! - finding and describing a repository ([`Repo`]: working tree, bare repository or linked worktree) and
//!   resolving revisions, merge-bases and `HEAD`;
//! - change sets ([`Repo::changes_between`], [`Repo::changes_to_index`], [`Repo::changes_to_workdir`]): which
//!   paths changed since a base commit and which head-side lines were added or changed, with git's rename
//!   detection, as [`precheck_core::ChangeSet`];
//! - reading a commit's tree or the index as a [`precheck_core::FileSource`] ([`TreeSource`], [`IndexSource`]),
//!   shareable across threads, in bare repositories too;
//! - the pre-push hook's stdin ([`parse_pre_push`]) and the base a push is measured from ([`Repo::pre_push_base`]),
//!   and the hooks directory git runs hooks from ([`process::hooks_dir`], `core.hooksPath`);
//! - starting git ([`process`]: the program found once, its version probed once, a clean environment) and the
//!   temporary object directory its writing commands write into ([`scratch`]), so that `git merge-tree`
//!   leaves nothing behind.
//!
//! Everything here is read-only: no ref, index, working-tree file or object is ever written. Trees that only
//! exist to drive a diff are kept in an in-memory object backend that dies with the diff.

mod diff;
pub mod process;
mod push;
mod repo;
pub mod scratch;
mod source;

use std::path::PathBuf;

pub use push::{PushBase, PushUpdate, ReceiveUpdate, parse_pre_push, parse_pre_receive};
pub use repo::{History, Repo};
pub use source::{IndexSource, TreeSource};

/// Skips hashing each object again on every read, which libgit2 does by default and git does not
/// (it was a quarter of a pre-push run with every check). Corruption is `git fsck`'s business, as in git.
///
/// This is a process-wide libgit2 setting: the `precheck` binary calls it at start; a program that uses
/// precheck as a library decides for its own process.
pub fn skip_object_hash_verification() {
    git2::opts::strict_hash_verification(false);
}

/// What went wrong talking to git. Its `Display` is one line that says what and where.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// No repository at the directory or any parent.
    #[error("not a git repository: {} (or any parent)", path.display())]
    NotARepository { path: PathBuf },
    /// A revision that names no object.
    #[error("unknown revision `{0}`")]
    UnknownRevision(String),
    /// A short id or name that matches more than one object.
    #[error("ambiguous revision `{0}`")]
    AmbiguousRevision(String),
    /// A revision that exists but does not lead to a commit (a blob, or a tree where a commit is needed).
    #[error("revision `{rev}` is a {kind}, not a commit")]
    NotACommit { rev: String, kind: &'static str },
    /// An operation that needs a working tree or an index, asked of a bare repository.
    #[error("{what} needs a working tree, but {} is a bare repository", git_dir.display())]
    BareRepository { what: &'static str, git_dir: PathBuf },
    /// A line of the pre-push hook's stdin that is not `<local ref> <local sha> <remote ref> <remote sha>`.
    #[error(
        "malformed pre-push input on line {line}: `{text}` (expected `<local ref> <local sha> <remote ref> <remote sha>`)"
    )]
    MalformedPushLine { line: usize, text: String },
    /// Anything else libgit2 reported (a corrupt object, an unreadable file, …).
    #[error("{context}: {}", source.message())]
    Git {
        context: String,
        #[source]
        source: git2::Error,
    },
}

impl GitError {
    pub(crate) fn git(context: impl Into<String>, source: git2::Error) -> GitError {
        GitError::Git { context: context.into(), source }
    }
}
