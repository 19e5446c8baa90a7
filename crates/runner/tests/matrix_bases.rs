//! `MergeShared::learn_matrix_bases` answers a matrix's merge bases from one walk of the history: on any history
//! (merges, criss-crosses, unrelated roots, branches that share commits, the same commit under two names),
//! every merge base it gives is one git gives for that pair.

use std::path::Path;
use std::process::Command;

use git2::{Oid, Repository, Signature};
use precheck_git::Repo;
use precheck_runner::MergeShared;
use proptest::prelude::*;

/// A history: commit `i`'s parents, each an earlier commit (none: a root).
fn history() -> impl Strategy<Value = Vec<Vec<usize>>> {
    prop::collection::vec((any::<u8>(), any::<u8>(), 0u8..8), 2..16).prop_map(|picks| {
        picks
            .iter()
            .enumerate()
            .map(|(i, &(a, b, shape))| match (i, shape) {
                (0, _) | (_, 0) => Vec::new(),
                (_, 1 | 2) if i > 1 => {
                    let (a, b) = (a as usize % i, b as usize % i);
                    if a == b { vec![a] } else { vec![a, b] }
                }
                _ => vec![a as usize % i],
            })
            .collect()
    })
}

fn write(dir: &Path, parents: &[Vec<usize>]) -> Vec<String> {
    let repo = Repository::init(dir).expect("init");
    let tree = repo.treebuilder(None).and_then(|b| b.write()).expect("empty tree");
    let tree = repo.find_tree(tree).expect("tree");
    let sig = Signature::new("t", "t@example.com", &git2::Time::new(1_700_000_000, 0)).expect("signature");
    let mut ids: Vec<Oid> = Vec::new();
    for (i, ps) in parents.iter().enumerate() {
        let ps: Vec<git2::Commit<'_>> = ps.iter().map(|&p| repo.find_commit(ids[p]).expect("parent")).collect();
        let refs: Vec<&git2::Commit<'_>> = ps.iter().collect();
        ids.push(repo.commit(None, &sig, &sig, &format!("c{i}"), &tree, &refs).expect("commit"));
    }
    ids.iter().map(Oid::to_string).collect()
}

/// `git merge-base --all a b`: every best common ancestor (none for unrelated histories).
fn git_bases(dir: &Path, a: &str, b: &str) -> Vec<String> {
    let out = Command::new("git").arg("-C").arg(dir).args(["merge-base", "--all", a, b]).output().expect("git runs");
    assert!(out.status.code().is_some_and(|c| c <= 1), "git merge-base failed: {out:?}");
    String::from_utf8(out.stdout).expect("hex ids").lines().map(str::to_string).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn learned_bases_are_merge_bases_git_finds(
        parents in history(),
        target in any::<u8>(),
        picks in prop::collection::vec(any::<u8>(), 2..6),
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let ids = write(dir.path(), &parents);
        let repo = Repo::open(dir.path()).expect("open");
        let target = ids[target as usize % ids.len()].as_str();
        let sources: Vec<&str> = picks.iter().map(|&p| ids[p as usize % ids.len()].as_str()).collect();
        let shared = MergeShared::default();
        shared.learn_matrix_bases(&repo, target, &sources);
        for (i, a) in sources.iter().enumerate() {
            for b in sources.iter().skip(i + 1).chain(std::iter::once(&target)) {
                let ours = shared.merge_base(&repo, a, b).expect("merge base");
                let git = git_bases(dir.path(), a, b);
                match ours {
                    None => prop_assert!(git.is_empty(), "git found {git:?} for {a} {b}"),
                    Some(base) => prop_assert!(git.contains(&base), "{base} is not among git's {git:?} for {a} {b}"),
                }
            }
        }
    }
}

/// Three branches forked from the target's tip, two of which share a commit, and a criss-cross: every pair with
/// one best common ancestor is learned (the target's pairs too), with the commit the shared branches have in
/// common; the two tips of the criss-cross have two and are left to their own walk.
#[test]
fn every_pair_with_one_best_common_ancestor_is_learned() {
    let dir = tempfile::tempdir().expect("temp dir");
    // 0 ← 1 (target); 1 ← 2 (a); 1 ← 3 ← 4 (b); 3 ← 5 (c); 6 = merge(2, 4), 7 = merge(4, 2): x and y criss-cross.
    let ids = write(dir.path(), &[vec![], vec![0], vec![1], vec![1], vec![3], vec![3], vec![2, 4], vec![4, 2]]);
    let repo = Repo::open(dir.path()).expect("open");
    let shared = MergeShared::default();
    let sources = [ids[2].as_str(), &ids[4], &ids[5], &ids[6], &ids[7]];
    // Six pairs of the target and a, b, c; a, b and c with x and y (their own tips or ancestors); not x with y.
    assert_eq!(shared.learn_matrix_bases(&repo, &ids[1], &sources), 14);
    let base = |a: usize, b: usize| shared.merge_base(&repo, &ids[a], &ids[b]).expect("merge base");
    assert_eq!(base(2, 4).as_deref(), Some(ids[1].as_str()));
    assert_eq!(base(4, 5).as_deref(), Some(ids[3].as_str()));
    assert_eq!(base(1, 5).as_deref(), Some(ids[1].as_str()));
    assert_eq!(base(5, 6).as_deref(), Some(ids[3].as_str()));
    assert!(git_bases(dir.path(), &ids[6], &ids[7]).len() == 2);
}
