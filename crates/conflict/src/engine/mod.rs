//! The merge engines: `git merge-tree --write-tree` (the reference, run read-only over a temporary object
//! directory) and the git2 fallback, chosen per run by probing the git found (conflicts.md §4.1).

pub(crate) mod libgit2;
pub(crate) mod merge_tree;
pub(crate) mod parse;

use std::process::Stdio;
use std::sync::Arc;

use precheck_git::Repo;
pub use precheck_git::process::{GitInfo, parse_version, probe};

use crate::model::{Conflict, EngineKind, Verdict};

/// How to run merges.
#[derive(Clone, Debug)]
pub struct Options {
    /// The git program to probe (`[conflict] git`); `git` is the first on `PATH`.
    pub git: String,
    /// Merge unrelated histories instead of reporting them as cannot-merge (`[conflict]
    /// allow-unrelated-histories`).
    pub allow_unrelated_histories: bool,
    /// Use one long-lived `git merge-tree --stdin` process when the git supports it. Tests turn it off to
    /// force the one-process-per-pair path.
    pub use_stdin: bool,
    /// Force the git2 engine whatever git is found (tests of the fallback).
    pub force_git2: bool,
    /// Count the merge bases of merges that do not go clean ([`crate::MergeResult::merge_bases`], a
    /// criss-cross note in the human, Markdown and HTML output). Off, the count is `None` and no history is
    /// walked beside the merges: JSON does not show it.
    pub count_merge_bases: bool,
    /// Keep the temporary object directories until the engine is dropped, so the merged trees
    /// ([`crate::MergeResult::tree`]) can be read (semantic conflicts re-run the checks on them).
    pub keep_trees: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            git: "git".to_string(),
            allow_unrelated_histories: false,
            use_stdin: true,
            force_git2: false,
            count_merge_bases: true,
            keep_trees: false,
        }
    }
}

/// How many threads (or git processes) to spread `units` independent pieces of work over: one per core,
/// never more than there are pieces.
pub(crate) fn workers(units: usize) -> usize {
    if units <= 1 {
        // Asking the system (cgroup files) costs more than the answer is worth here.
        return 1;
    }
    std::thread::available_parallelism().map_or(1, |n| n.get()).min(units)
}

/// How [`in_parallel`] shares items out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Share {
    /// Like cards (item `i` to part `i % parts`): neighbours cost alike (a matrix lists every branch into the
    /// target first, merges much cheaper than the pairs), and the slowest part is what everyone waits for.
    Dealt,
    /// In runs: each part's results come from its own end of the list (a caller acting on results as they
    /// come gets work from several places of the list at once).
    Runs,
}

/// Runs `f` on `parts` shares of `items` on as many threads and gives the results in the items' order; a share
/// whose thread panicked gets `fallback` for each of its items.
pub(crate) fn in_parallel<T: Clone + Send + Sync, R: Send>(
    items: &[T],
    parts: usize,
    share: Share,
    f: impl Fn(&[T]) -> Vec<R> + Sync,
    fallback: impl Fn(&T) -> R,
) -> Vec<R> {
    if parts <= 1 || items.len() <= 1 {
        return f(items);
    }
    if share == Share::Runs {
        let size = items.len().div_ceil(parts);
        return std::thread::scope(|scope| {
            let f = &f;
            let running: Vec<_> = items.chunks(size).map(|chunk| (chunk, scope.spawn(move || f(chunk)))).collect();
            running
                .into_iter()
                .flat_map(|(chunk, thread)| thread.join().unwrap_or_else(|_| chunk.iter().map(&fallback).collect()))
                .collect()
        });
    }
    let parts = parts.min(items.len());
    let dealt: Vec<Vec<T>> = (0..parts).map(|k| items.iter().skip(k).step_by(parts).cloned().collect()).collect();
    let results: Vec<Vec<R>> = std::thread::scope(|scope| {
        let f = &f;
        let running: Vec<_> = dealt.iter().map(|share| scope.spawn(move || f(share))).collect();
        running
            .into_iter()
            .zip(&dealt)
            .map(|(thread, share)| thread.join().unwrap_or_else(|_| share.iter().map(&fallback).collect()))
            .collect()
    });
    let mut results: Vec<std::vec::IntoIter<R>> = results.into_iter().map(Vec::into_iter).collect();
    (0..items.len()).filter_map(|i| results[i % parts].next()).collect()
}

/// One merge to run: `theirs` (the source) into `ours` (the target), commit ids.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Job {
    pub ours: String,
    pub theirs: String,
    /// An explicit merge base (`--merge-base`), else git computes them.
    pub base: Option<String>,
}

/// What an engine says about one job.
#[derive(Clone, Debug)]
pub(crate) struct Outcome {
    pub verdict: Verdict,
    pub engine: EngineKind,
    pub conflicts: Vec<Conflict>,
    pub auto_merged: Vec<String>,
    pub conflicted_paths: Vec<String>,
    /// The merged tree's id (git engine only: git2 merges in memory).
    pub tree: Option<String>,
}

impl Outcome {
    pub fn failed(engine: EngineKind, why: String) -> Outcome {
        Outcome {
            verdict: Verdict::Failed(why),
            engine,
            conflicts: Vec::new(),
            auto_merged: Vec::new(),
            conflicted_paths: Vec::new(),
            tree: None,
        }
    }
}

/// The engine of a run: the probed git and the options.
pub(crate) struct Engine<'r> {
    pub repo: &'r Repo,
    pub options: Options,
    pub git: Arc<GitInfo>,
    /// The temporary object directories kept for reading merged trees (`keep_trees`), deleted on drop.
    pub kept: std::sync::Mutex<Vec<precheck_git::scratch::TempObjects>>,
    /// Told of each clean merge as git reports it ([`crate::Predictor::on_clean`]).
    pub observer: Option<Box<Observer<'r>>>,
}

/// What [`crate::Predictor::on_clean`] calls.
pub type Observer<'r> = dyn Fn(CleanMerge<'_>) + Send + Sync + 'r;

/// A merge git made clean, told as soon as git reports it (the others may still be running).
#[derive(Clone, Copy, Debug)]
pub struct CleanMerge<'a> {
    /// The commit merged into.
    pub target: &'a str,
    /// The commit merged.
    pub source: &'a str,
    /// The merged tree's id.
    pub tree: &'a str,
    /// Where the merged tree's objects are, besides the repository's (kept while the predictor lives).
    pub object_dir: &'a std::path::Path,
}

impl<'r> Engine<'r> {
    pub fn new(repo: &'r Repo, options: Options) -> Engine<'r> {
        let git = probe(&options.git, repo.git_dir());
        Engine { repo, options, git, kept: std::sync::Mutex::new(Vec::new()), observer: None }
    }

    /// Tells the observer of `raw`, the merge of `job` whose objects are in `dir`, when it went clean and its
    /// tree is kept to be read.
    pub(crate) fn made(&self, job: &Job, raw: &parse::RawMerge, dir: &std::path::Path) {
        if let Some(observe) = &self.observer
            && self.options.keep_trees
            && raw.clean
            && job.base.is_none()
        {
            observe(CleanMerge { target: &job.ours, source: &job.theirs, tree: &raw.tree, object_dir: dir });
        }
    }

    /// Keeps `temp` until the engine is dropped when the options ask for merged trees; else it is deleted now.
    pub fn keep(&self, temp: precheck_git::scratch::TempObjects) {
        if self.options.keep_trees {
            self.kept.lock().unwrap_or_else(|e| e.into_inner()).push(temp);
        }
    }

    /// Deletes the kept object directories.
    pub fn release(&self) {
        // Taken out in a statement of its own, so the lock is released before the unlinking.
        let kept = std::mem::take(&mut *self.kept.lock().unwrap_or_else(|e| e.into_inner()));
        drop(kept);
    }

    /// The kept object directories.
    pub fn kept_dirs(&self) -> Vec<std::path::PathBuf> {
        self.kept.lock().unwrap_or_else(|e| e.into_inner()).iter().map(|t| t.path().to_path_buf()).collect()
    }

    pub fn git_version(&self) -> Option<String> {
        self.git.version()
    }

    /// Which engine judges `job`.
    pub fn kind_for(&self, job: &Job) -> EngineKind {
        if self.options.force_git2 || !self.git.write_tree() || (job.base.is_some() && !self.git.merge_base()) {
            EngineKind::Git2
        } else {
            EngineKind::GitMergeTree
        }
    }

    /// The number of merge bases of each job (`None`: the history could not be walked, e.g. a shallow clone),
    /// from `git merge-base --all` (which reads the commit-graph and its generation numbers), one process per
    /// job spread over the cores; from libgit2 when there is no usable git.
    pub fn merge_bases(&self, jobs: &[&Job]) -> Vec<Option<usize>> {
        if jobs.is_empty() {
            return Vec::new();
        }
        if self.options.force_git2 || self.git.version().is_none() {
            return self
                .repo
                .with_git2(|git| jobs.iter().map(|j| libgit2::merge_base_count(git, j)).collect())
                .unwrap_or_else(|_| jobs.iter().map(|_| None).collect());
        }
        in_parallel(
            jobs,
            workers(jobs.len()),
            Share::Dealt,
            |chunk| {
                chunk
                    .iter()
                    .map(|job| {
                        let out = self
                            .git
                            .command()
                            .args(["merge-base", "--all", &job.ours, &job.theirs])
                            .stdin(Stdio::null())
                            .output()
                            .ok()?;
                        match out.status.code() {
                            Some(0) => Some(out.stdout.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count()),
                            // No common ancestor: unrelated histories.
                            Some(1) => Some(0),
                            _ => None,
                        }
                    })
                    .collect()
            },
            |_| None,
        )
    }

    /// Runs every job (one outcome per job, in order) and `beside` while git merges: its time is hidden
    /// behind the merges'.
    pub fn run_beside<R: Send>(&self, jobs: &[Job], beside: impl FnOnce() -> R + Send) -> (Vec<Outcome>, R) {
        // The common case, one merge without an explicit base, starts before the probe has answered: every
        // git with `--write-tree` runs it the same way, and an older git (or none) only rejects the command,
        // so its answer is dropped and git2 merges instead.
        if let [job] = jobs {
            if job.base.is_none() && !self.options.force_git2 {
                let (outcome, beside) = merge_tree::run_one_beside(self, job, || {
                    self.git.start();
                    beside()
                });
                if self.git.write_tree() {
                    return (vec![outcome], beside);
                }
                return (libgit2::run(self, &[job]), beside);
            }
        }
        std::thread::scope(|scope| {
            let running = scope.spawn(beside);
            let outcomes = self.run(jobs);
            let beside = running.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (outcomes, beside)
        })
    }

    /// Runs every job, in order; one outcome per job.
    pub fn run(&self, jobs: &[Job]) -> Vec<Outcome> {
        if let [job] = jobs {
            if job.base.is_none() && !self.options.force_git2 {
                return self.run_beside(jobs, || ()).0;
            }
        }
        let kinds: Vec<EngineKind> = jobs.iter().map(|j| self.kind_for(j)).collect();
        let git_jobs: Vec<&Job> =
            jobs.iter().zip(&kinds).filter(|(_, k)| **k == EngineKind::GitMergeTree).map(|(j, _)| j).collect();
        let git2_jobs: Vec<&Job> =
            jobs.iter().zip(&kinds).filter(|(_, k)| **k == EngineKind::Git2).map(|(j, _)| j).collect();
        let mut from_git = merge_tree::run(self, &git_jobs).into_iter();
        let mut from_git2 = libgit2::run(self, &git2_jobs).into_iter();
        kinds
            .iter()
            .map(|k| {
                let next = if *k == EngineKind::GitMergeTree { from_git.next() } else { from_git2.next() };
                next.unwrap_or_else(|| Outcome::failed(*k, "the engine gave no answer for this merge".to_string()))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::{Share, in_parallel};

    #[test]
    fn results_come_in_the_items_order_however_the_items_are_shared() {
        let items: Vec<u32> = (0..23).collect();
        for share in [Share::Dealt, Share::Runs] {
            for parts in [1, 2, 3, 7, 40] {
                let doubled = in_parallel(&items, parts, share, |part| part.iter().map(|i| i * 2).collect(), |_| 0);
                assert_eq!(doubled, items.iter().map(|i| i * 2).collect::<Vec<_>>(), "{share:?} {parts}");
            }
        }
    }

    #[test]
    fn a_share_whose_thread_panics_gets_the_fallback_for_each_of_its_items() {
        let items: Vec<u32> = (0..10).collect();
        // Dealt over two parts, the odd items share a thread: it panics.
        let out = in_parallel(
            &items,
            2,
            Share::Dealt,
            |part| {
                assert!(part[0] % 2 == 0, "the odd share fails");
                part.to_vec()
            },
            |_| 99,
        );
        assert_eq!(out, vec![0, 99, 2, 99, 4, 99, 6, 99, 8, 99]);
    }
}
