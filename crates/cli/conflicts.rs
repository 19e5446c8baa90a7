//! `precheck conflicts`: merge-conflict prediction for one branch, several, or a release-train matrix. The
//! merging and rendering live in precheck-conflict; this module only wires the command line to them.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use precheck_conflict::{ConflictConfig, Options, Prediction, Rev};

use crate::Fatal;
use crate::progress;

#[derive(Debug, Args)]
pub struct ConflictsArgs {
    /// The branch the sources would merge into.
    #[arg(long, value_name = "TARGET")]
    pub into: String,
    /// Also merge every pair of sources with each other (the release-train matrix).
    #[arg(long, conflicts_with = "merge_base")]
    pub matrix: bool,
    /// Merge as if BASE were the merge base ("the branch against the target as of BASE"); needs git 2.40,
    /// else libgit2 answers.
    #[arg(long, value_name = "BASE")]
    pub merge_base: Option<String>,
    /// Look for semantic conflicts (CF007: the checks re-run on the tree of each clean merge) whatever
    /// `[conflict] semantic` says (it defaults to true).
    #[arg(long, conflicts_with = "merge_base")]
    pub semantic: bool,
    /// Do not look for semantic conflicts (CF007) or migration clashes (CF008–CF010): git's textual verdict
    /// alone, in about half the time of a matrix.
    #[arg(long, conflicts_with = "semantic")]
    pub no_semantic: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ConflictsFormat::Human)]
    pub format: ConflictsFormat,
    /// Write the output to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The branches (any revisions) to merge into TARGET; default HEAD.
    #[arg(value_name = "SOURCE")]
    pub sources: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ConflictsFormat {
    Human,
    Json,
    Markdown,
    Html,
}

/// Exit 1 when a merge into the target does not go clean (conflicts or cannot merge), 0 otherwise.
pub fn run(dir: &Path, args: &ConflictsArgs, explicit_config: Option<&Path>) -> Result<u8, Fatal> {
    let repo = precheck_git::Repo::discover(dir)?;
    // A bare repository (a server) has no working tree: its configuration is the one committed at HEAD.
    let committed_at = repo.is_bare().then_some("HEAD");
    let sources = crate::config::Sources { explicit: explicit_config, committed_at, repo: Some(&repo) };
    let config = crate::config::load(dir, sources)?;
    // JSON does not show the merge-base count: no history walk for it.
    let section = ConflictConfig::of(&config);
    // Semantic conflicts read the merged trees: the predictor keeps them until it is dropped. With a given
    // merge base there are none to look for (the merge is hypothetical). `[conflict] semantic` (default true)
    // decides, as for the gate; `--semantic` and `--no-semantic` override it. A matrix with them costs at most
    // about twice the textual one (benches/README.md, "The cost bar").
    let set = ConflictConfig::semantic_set(&config);
    let wanted = args.semantic || !args.no_semantic && set.unwrap_or(true);
    let semantic = wanted && args.merge_base.is_none();
    let options =
        Options { count_merge_bases: args.format != ConflictsFormat::Json, keep_trees: semantic, ..section.options() };
    let sources = if args.sources.is_empty() { vec!["HEAD".to_string()] } else { args.sources.clone() };
    let started = std::time::Instant::now();
    let shared = precheck_runner::MergeShared::default();
    let checks = precheck_checks::builtin();
    let input =
        precheck_core::Input { dir: dir.to_path_buf(), cache_dir: crate::cache::dir_for(dir), ..Default::default() };
    let rerun = Rerun { config: &config, input: &input, checks: &checks, shared: &shared };
    let mut prediction = std::thread::scope(|scope| -> Result<Prediction, Fatal> {
        // Each merge git makes clean is checked as soon as git reports it, on the comparing thread's workers,
        // while git makes the others; that thread compares them all once told which (semantic_conflicts).
        // The predictor (holding a sender) is dropped before the scope ends, so the comparing thread always
        // sees the channel close.
        let (send, incoming) = std::sync::mpsc::channel::<precheck_runner::Streamed>();
        // Told when the merged trees have all been checked: this thread, idle until the comparison ends, then
        // deletes their objects while the sides are checked.
        let (trees_read, all_read) = std::sync::mpsc::channel::<()>();
        let predictor = precheck_conflict::Predictor::new(&repo, options.clone());
        let (predictor, comparing) = if semantic {
            let early = send.clone();
            let predictor = predictor.on_clean(move |m| {
                let _ = early.send(precheck_runner::Streamed::Early(precheck_runner::OwnedMerge {
                    target: m.target.to_string(),
                    source: m.source.to_string(),
                    tree: m.tree.to_string(),
                    object_dirs: vec![m.object_dir.to_path_buf()],
                    asking: "conflict",
                }));
            });
            let compare = move || {
                let read = move || {
                    let _ = trees_read.send(());
                };
                let Rerun { config, input, checks, shared } = rerun;
                precheck_runner::new_in_merges_streamed(config, input, checks, incoming, shared, &read)
            };
            (predictor, Some(scope.spawn(compare)))
        } else {
            (predictor, None)
        };
        // While git merges, what the semantic pass asks of the history (each pair's merge base, each side's
        // change since, where Flyway keeps migrations) is answered on another thread: git's processes leave
        // a core to spare most of the time.
        let warming = match predictor.plan(&args.into, &sources, args.matrix) {
            Ok(planned) if semantic => Some(scope.spawn(|| warm(&repo, &shared, planned))),
            _ => None,
        };
        let prediction = match (&args.merge_base, args.matrix) {
            (Some(base), _) => precheck_conflict::predict_on_base(&repo, options, &args.into, &sources, base),
            (None, true) => predictor.predict_matrix(&args.into, &sources),
            (None, false) => predictor.predict(&args.into, &sources),
        };
        let located = warming.and_then(|w| w.join().ok());
        let mut prediction = prediction?;
        tracing::debug!("{} merges in {:.1} ms", prediction.merges.len(), started.elapsed().as_secs_f64() * 1000.0);
        if set == Some(true) && args.merge_base.is_some() {
            prediction.notes.push(
                "semantic conflicts (CF007) and migration clashes (CF008-CF010) were not looked for: with \
                 `--merge-base` the merge is hypothetical"
                    .to_string(),
            );
        }
        if let Some(comparing) = comparing {
            let compare = |merges: Vec<precheck_runner::OwnedMerge>| {
                let n = merges.len();
                let _ = send.send(precheck_runner::Streamed::Compare(merges));
                // Also when the comparison stopped before (the sender is dropped with it).
                if all_read.recv().is_ok() {
                    predictor.release_trees();
                }
                match comparing.join() {
                    Ok(found) if found.len() == n => found,
                    // Never silence for a merge: each one says its comparison did not finish.
                    _ => (0..n)
                        .map(|_| Err(precheck_runner::RunError::Io("the semantic comparison stopped".to_string())))
                        .collect(),
                }
            };
            semantic_conflicts(&rerun, &predictor, &mut prediction, located, compare)?;
            tracing::debug!("with semantic conflicts: {:.1} ms", started.elapsed().as_secs_f64() * 1000.0);
        }
        Ok(prediction)
    })?;
    // The process ends right after the report: what the re-runs parsed is not freed piece by piece first.
    shared.finish();
    prediction.made = Some(utc_now());
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let color = progress::color_allowed(to_terminal);
    crate::output::write_to(args.output.as_deref(), |out| render(&prediction, args.format, color, out))?;
    Ok(u8::from(prediction.target_conflicts()))
}

/// Re-runs the checks on the tree of every clean merge (CF007), filling each merge's `semantic` list; a check
/// that fails on a merged tree alone is listed as PC002 for that pair. Migration clashes (CF008–CF010) of
/// every pair that could be merged are listed there too: git merges them cleanly, Flyway does not.
fn semantic_conflicts(
    rerun: &Rerun<'_>,
    predictor: &precheck_conflict::Predictor<'_>,
    prediction: &mut Prediction,
    located: Option<Vec<String>>,
    compare: impl FnOnce(
        Vec<precheck_runner::OwnedMerge>,
    ) -> Vec<Result<Vec<precheck_core::NewInMerge>, precheck_runner::RunError>>,
) -> Result<(), Fatal> {
    let Rerun { config, shared, .. } = *rerun;
    let dirs = predictor.object_dirs();
    let section = ConflictConfig::of(config);
    let repo = predictor.repo();
    let located = located.unwrap_or_else(|| {
        let pairs = prediction.merges.iter().map(|m| (m.target_id.as_str(), m.source_id.as_str()));
        precheck_conflict::migrations::configured_globs(repo, &commits_of(pairs))
    });
    let globs = section.migration_globs_with(&located)?;
    // Every migration clash needs the source side to add or change a migration: one diff of that side (without
    // patches, once per merge base and commit, shared with the semantic re-runs) decides whether a pair is
    // looked at further.
    let mut touches: std::collections::HashMap<(String, String), bool> = std::collections::HashMap::new();
    // A pair of two open branches (not into the target): its migration clashes are warnings (conflicts.md §11).
    let into_target: Vec<bool> = (0..prediction.merges.len())
        .map(|i| prediction.matrix.as_ref().is_none_or(|mx| mx.into_target.contains(&i)))
        .collect();
    for (m, into_target) in prediction.merges.iter_mut().zip(into_target).filter(|(m, _)| m.error().is_none()) {
        let Ok(Some(base)) = shared.merge_base(repo, &m.target_id, &m.source_id) else { continue };
        let key = (base, m.source_id.clone());
        let touched = match touches.get(&key) {
            Some(t) => *t,
            None => {
                let t = shared
                    .changes(repo, &key.0, &key.1)
                    .map_or(true, |c| c.files.keys().any(|p| globs.is_match(p.as_str())));
                touches.insert(key, t);
                t
            }
        };
        if !touched {
            continue;
        }
        let target = Rev { name: m.target.clone(), id: m.target_id.clone() };
        for f in precheck_conflict::migration_findings_in(repo, &globs, &target, &m.source_id, |_| true) {
            m.semantic.push(precheck_conflict::SemanticConflict {
                rule: f.code.to_string(),
                name: f.name.to_string(),
                path: f.primary.path.to_string(),
                line: f.primary.start.line,
                message: f.message.clone(),
                target_paths: f.labels.iter().map(|l| l.span.path.to_string()).collect(),
                source_paths: vec![f.primary.path.to_string()],
                severity: if into_target {
                    f.severity
                } else {
                    precheck_conflict::rules::migration_clash_between_branches(f.severity)
                },
            });
        }
    }
    // The git2 fallback writes no tree: say so once rather than let silence read as "no semantic conflicts".
    let treeless: Vec<&precheck_conflict::MergeResult> =
        prediction.merges.iter().filter(|m| m.is_clean() && m.tree.is_none()).collect();
    if let Some(first) = treeless.first() {
        let why = precheck_conflict::semantic_skipped_why(first);
        let n = treeless.len();
        let merges = if n == 1 { "1 clean merge".to_string() } else { format!("{n} clean merges") };
        let note = format!("semantic conflicts (CF007) were not looked for in {merges}: {why}");
        tracing::info!("{note}");
        prediction.notes.push(note);
    }
    let clean: Vec<usize> = (0..prediction.merges.len())
        .filter(|&i| prediction.merges[i].is_clean() && prediction.merges[i].tree.is_some())
        .collect();
    let merged: Vec<precheck_runner::OwnedMerge> = clean
        .iter()
        .map(|&i| {
            let m = &prediction.merges[i];
            precheck_runner::OwnedMerge {
                target: m.target_id.clone(),
                source: m.source_id.clone(),
                tree: m.tree.clone().unwrap_or_default(),
                object_dirs: dirs.clone(),
                asking: "conflict",
            }
        })
        .collect();
    let found = compare(merged);
    for (i, found) in clean.into_iter().zip(found) {
        let listed: Vec<_> = found?.iter().map(precheck_conflict::rules::cf007_semantic_conflict::listed).collect();
        prediction.merges[i].semantic.extend(listed);
    }
    Ok(())
}

/// What the semantic pass runs with, from the merges git reports early to the comparison.
#[derive(Clone, Copy)]
struct Rerun<'a> {
    config: &'a precheck_core::Config,
    input: &'a precheck_core::Input,
    checks: &'a [Box<dyn precheck_core::Check>],
    shared: &'a precheck_runner::MergeShared,
}

/// What [`semantic_conflicts`] will ask of the history for `pairs`, asked ahead into `shared` (a question that
/// fails here is asked again there, and its error reported then); returns the migration folders the
/// repository's Flyway configuration names.
fn warm(
    repo: &precheck_git::Repo,
    shared: &precheck_runner::MergeShared,
    planned: precheck_conflict::Planned,
) -> Vec<String> {
    let pairs = &planned.pairs;
    // Several pairs' merge bases from one walk of the history rather than one per pair.
    if pairs.len() > 2 {
        let sources: Vec<&str> = planned.sources.iter().map(|s| s.id.as_str()).collect();
        let learned = shared.learn_matrix_bases(repo, &planned.target.id, &sources);
        tracing::debug!("{learned} of {} merge bases learned from one walk", pairs.len());
    }
    // Flyway's configured folders only matter to a pair whose sides change a file named as a versioned
    // migration (`V2__x.sql`: CF008-CF010 look at no other there); without one, the configuration is not read
    // (a walk of a whole tree).
    let mut flyway_named = false;
    for (target, source) in pairs {
        let Ok(Some(base)) = shared.merge_base(repo, &target.id, &source.id) else {
            flyway_named = true;
            continue;
        };
        for side in [&source.id, &target.id] {
            flyway_named |= shared
                .changes(repo, &base, side)
                .map_or(true, |c| c.files.keys().any(|p| precheck_conflict::migrations::flyway_version(p).is_some()));
        }
    }
    if !flyway_named {
        return Vec::new();
    }
    precheck_conflict::migrations::configured_globs(
        repo,
        &commits_of(pairs.iter().map(|(t, s)| (t.id.as_str(), s.id.as_str()))),
    )
}

/// The commits of `pairs` (target and source ids), each once, in order.
fn commits_of<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<&'a str> {
    let mut commits: Vec<&str> = Vec::new();
    for (target, source) in pairs {
        for id in [target, source] {
            if !commits.contains(&id) {
                commits.push(id);
            }
        }
    }
    commits
}

fn render(p: &Prediction, format: ConflictsFormat, color: bool, out: &mut dyn Write) -> std::io::Result<()> {
    match format {
        ConflictsFormat::Human => precheck_conflict::render_human(p, out, color),
        ConflictsFormat::Json => precheck_conflict::render_json(p, out),
        ConflictsFormat::Markdown => precheck_conflict::render_markdown(p, out),
        ConflictsFormat::Html => precheck_conflict::render_html(p, out),
    }
}

/// The current time as `2026-12-07 09:58 UTC` (the civil-from-days algorithm of Howard Hinnant: no date
/// crate for one line of a report).
fn utc_now() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rest) = ((secs / 86_400) as i64, secs % 86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02} UTC", rest / 3600, rest % 3600 / 60)
}
