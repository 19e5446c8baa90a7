//! The pre-push hook: git's stdin lines and the base each pushed ref is checked against.

use std::collections::HashSet;

use git2::{Oid, Repository};

use crate::repo::merge_base_of;
use crate::{GitError, Repo};

/// One ref being pushed: `<local ref> SP <local sha> SP <remote ref> SP <remote sha>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushUpdate {
    /// `refs/heads/topic`, or `(delete)` when the remote ref is being deleted.
    pub local_ref: String,
    /// Lower-case hex; all zeros when the remote ref is being deleted.
    pub local_sha: String,
    pub remote_ref: String,
    /// Lower-case hex; all zeros when the remote ref does not exist yet (a new branch).
    pub remote_sha: String,
}

impl PushUpdate {
    /// The push deletes the remote ref: nothing to check.
    pub fn is_delete(&self) -> bool {
        is_zero(&self.local_sha)
    }

    /// The remote ref does not exist yet.
    pub fn is_new_branch(&self) -> bool {
        is_zero(&self.remote_sha)
    }
}

fn is_zero(sha: &str) -> bool {
    sha.bytes().all(|b| b == b'0')
}

/// A SHA-1 (40) or SHA-256 (64) id in hex.
fn is_object_id(s: &str) -> bool {
    (s.len() == 40 || s.len() == 64) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Parses the pre-push hook's stdin. Blank lines are ignored; any other line that is not four fields with two
/// object ids is an error naming the line (1-based).
pub fn parse_pre_push(stdin: &str) -> Result<Vec<PushUpdate>, GitError> {
    let mut updates = Vec::new();
    for (n, raw) in stdin.split('\n').enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let malformed = || GitError::MalformedPushLine { line: n + 1, text: shown(line) };
        let fields: Vec<&str> = line.split_ascii_whitespace().collect();
        let [local_ref, local_sha, remote_ref, remote_sha] = fields[..] else { return Err(malformed()) };
        if !is_object_id(local_sha) || !is_object_id(remote_sha) {
            return Err(malformed());
        }
        updates.push(PushUpdate {
            local_ref: local_ref.to_string(),
            local_sha: local_sha.to_ascii_lowercase(),
            remote_ref: remote_ref.to_string(),
            remote_sha: remote_sha.to_ascii_lowercase(),
        });
    }
    Ok(updates)
}

/// One line of the pre-receive hook's stdin: `<old sha> SP <new sha> SP <ref name>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceiveUpdate {
    /// All zeros when the ref is being created.
    pub old_sha: String,
    /// All zeros when the ref is being deleted.
    pub new_sha: String,
    pub ref_name: String,
}

impl ReceiveUpdate {
    pub fn is_delete(&self) -> bool {
        is_zero(&self.new_sha)
    }

    pub fn is_create(&self) -> bool {
        is_zero(&self.old_sha)
    }
}

/// Parses the pre-receive hook's stdin, as [`parse_pre_push`] does its own: blank lines ignored, anything
/// else that is not two object ids and a ref name is an error naming the line.
pub fn parse_pre_receive(stdin: &str) -> Result<Vec<ReceiveUpdate>, GitError> {
    let mut updates = Vec::new();
    for (n, raw) in stdin.split('\n').enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let malformed = || GitError::MalformedPushLine { line: n + 1, text: shown(line) };
        let fields: Vec<&str> = line.split_ascii_whitespace().collect();
        let [old_sha, new_sha, ref_name] = fields[..] else { return Err(malformed()) };
        if !is_object_id(old_sha) || !is_object_id(new_sha) {
            return Err(malformed());
        }
        updates.push(ReceiveUpdate {
            old_sha: old_sha.to_ascii_lowercase(),
            new_sha: new_sha.to_ascii_lowercase(),
            ref_name: ref_name.to_string(),
        });
    }
    Ok(updates)
}

/// A line as an error message shows it: on one line, and not unreasonably long.
fn shown(line: &str) -> String {
    const MAX: usize = 200;
    let escaped: String = line.chars().flat_map(char::escape_debug).collect();
    match escaped.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &escaped[..cut]),
        None => escaped,
    }
}

/// What a pushed ref is checked against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PushBase {
    /// The push deletes the remote ref: nothing to check.
    Delete,
    /// Check `base...local_sha`: the changes since the merge-base of this commit and the pushed commit.
    Commit(String),
    /// No base is known: check every file of the pushed commit.
    Root,
    /// The pushed object is not a commit and names none (a tag of a tree or a blob): nothing to check.
    NotACommit,
}

impl Repo {
    /// The base `update` is checked against, for a push to `remote_name` (the hook's first argument: a remote's
    /// name, or a URL when pushing to one).
    ///
    /// - a deletion: [`PushBase::Delete`];
    /// - an existing remote ref whose commit is here: that commit;
    /// - a new branch, or a remote commit never fetched: the merge-base of the pushed commit with the remote's
    ///   default branch (`refs/remotes/<remote>/HEAD`, else `…/main`, else `…/master`); failing that, the newest
    ///   commit of the pushed history that some remote-tracking ref already has, so that what is checked is
    ///   exactly the commits no remote has; [`PushBase::Root`] when no remote has any of them.
    pub fn pre_push_base(&self, remote_name: &str, update: &PushUpdate) -> Result<PushBase, GitError> {
        if update.is_delete() {
            return Ok(PushBase::Delete);
        }
        let repo = self.pool().get()?;
        // An annotated tag is checked as the commit it names (`git push --tags`, `--follow-tags`).
        let local = match commit_id(&repo, &update.local_sha) {
            Some(commit) => commit,
            None if Oid::from_str(&update.local_sha).is_ok_and(|oid| repo.find_object(oid, None).is_ok()) => {
                return Ok(PushBase::NotACommit);
            }
            None => return Err(GitError::UnknownRevision(update.local_sha.clone())),
        };
        if !update.is_new_branch() {
            if let Some(remote) = commit_id(&repo, &update.remote_sha) {
                return Ok(PushBase::Commit(remote.to_string()));
            }
        }
        for branch in ["HEAD", "main", "master"] {
            let Some(tip) = remote_tracking_commit(&repo, &format!("refs/remotes/{remote_name}/{branch}")) else {
                continue;
            };
            // An unrelated default branch says nothing about this history: keep looking.
            if let Some(base) = merge_base_of(&repo, local, tip)? {
                return Ok(PushBase::Commit(base.to_string()));
            }
        }
        newest_known(&repo, local, "refs/remotes/*")
    }
}

impl Repo {
    /// The base a received `update` is checked against, in the receiving repository (run from its pre-receive
    /// hook, so the pushed objects are visible through the quarantine directory):
    ///
    /// - a deletion: [`PushBase::Delete`];
    /// - an update of an existing ref: its old commit;
    /// - a new ref: the newest commit of the pushed history that some existing ref already has, so that what
    ///   is checked is exactly the commits the repository did not have; [`PushBase::Root`] when it has none.
    ///
    /// A pushed object this repository does not have is an error (the push must be refused, never let through).
    pub fn receive_base(&self, update: &ReceiveUpdate) -> Result<PushBase, GitError> {
        if update.is_delete() {
            return Ok(PushBase::Delete);
        }
        let repo = self.pool().get()?;
        let new = match commit_id(&repo, &update.new_sha) {
            Some(commit) => commit,
            None if Oid::from_str(&update.new_sha).is_ok_and(|oid| repo.find_object(oid, None).is_ok()) => {
                return Ok(PushBase::NotACommit);
            }
            None => return Err(GitError::UnknownRevision(update.new_sha.clone())),
        };
        if !update.is_create() {
            if let Some(old) = commit_id(&repo, &update.old_sha) {
                return Ok(PushBase::Commit(old.to_string()));
            }
        }
        newest_known(&repo, new, "refs/*")
    }
}

/// The commit `sha` names, if this repository has it: a commit, or an annotated tag peeled to its commit.
fn commit_id(repo: &Repository, sha: &str) -> Option<Oid> {
    let oid = Oid::from_str(sha).ok()?;
    repo.find_object(oid, None).ok()?.peel_to_commit().ok().map(|c| c.id())
}

impl Repo {
    /// The commit `sha` names (an annotated tag peeled to its commit), as full hex; `None` when this
    /// repository has no such object or it names no commit.
    pub fn commit_of(&self, sha: &str) -> Option<String> {
        let repo = self.pool().get().ok()?;
        commit_id(&repo, sha).map(|c| c.to_string())
    }
}

/// The commit a remote-tracking ref (possibly symbolic, like `refs/remotes/origin/HEAD`) points at, if it
/// exists. A remote given as a URL makes an invalid ref name, which counts as absent.
fn remote_tracking_commit(repo: &Repository, name: &str) -> Option<Oid> {
    let reference = repo.find_reference(name).ok()?;
    Some(reference.resolve().ok()?.peel_to_commit().ok()?.id())
}

/// The newest commit of `local`'s history reachable from a ref matching `known` (remote-tracking refs for a
/// push, every ref for a receive), as the base; `local` itself when every commit is already known; `Root`
/// when none is.
fn newest_known(repo: &Repository, local: Oid, known: &str) -> Result<PushBase, GitError> {
    let wrap = |e| GitError::git(format!("cannot walk the history of {local}"), e);
    let mut walk = repo.revwalk().map_err(wrap)?;
    walk.push(local).map_err(wrap)?;
    walk.hide_glob(known).map_err(wrap)?;
    let fresh: HashSet<Oid> = walk.collect::<Result<_, _>>().map_err(wrap)?;
    if fresh.is_empty() {
        return Ok(PushBase::Commit(local.to_string()));
    }
    // The boundary: parents of the new commits that are not new themselves, i.e. commits a remote has.
    let mut best: Option<(i64, Oid)> = None;
    for &id in &fresh {
        let commit = repo.find_commit(id).map_err(wrap)?;
        for parent in commit.parent_ids() {
            if fresh.contains(&parent) {
                continue;
            }
            // A parent missing from a shallow clone cannot be a base.
            let Ok(parent_commit) = repo.find_commit(parent) else { continue };
            let key = (parent_commit.time().seconds(), parent);
            // Newest first; the id breaks ties so the choice never depends on hash-set order.
            if best.is_none_or(|b| key > b) {
                best = Some(key);
            }
        }
    }
    Ok(match best {
        Some((_, base)) => PushBase::Commit(base.to_string()),
        None => PushBase::Root,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pre_receive_lines() {
        let (zero, a) = ("0".repeat(40), "a".repeat(40));
        let updates = parse_pre_receive(&format!("{zero} {a} refs/heads/new\r\n\n{a} {zero} refs/tags/gone\n"));
        let updates = updates.unwrap_or_default();
        assert_eq!(updates.len(), 2);
        assert!(updates[0].is_create() && !updates[0].is_delete());
        assert_eq!(updates[0].ref_name, "refs/heads/new");
        assert!(updates[1].is_delete());
        assert!(matches!(
            parse_pre_receive(&format!("{a} refs/heads/x\n")),
            Err(GitError::MalformedPushLine { line: 1, .. })
        ));
        assert!(parse_pre_receive(&format!("{a} {a} refs/heads/x extra")).is_err());
    }

    #[test]
    fn shown_escapes_and_truncates() {
        assert_eq!(shown("a\tb"), "a\\tb");
        let long = "x".repeat(300);
        assert_eq!(shown(&long), format!("{}…", "x".repeat(200)));
    }
}
