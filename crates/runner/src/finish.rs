//! After execution: per-path rule policy, inline suppressions (`PC001`), fingerprints, the diff filter, the
//! baseline, stale configuration entries (`PC004`), and the deterministic order.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use globset::GlobSet;
use precheck_core::baseline::Baseline;
use precheck_core::shard::{FindingNote, ShardPart, UnusedSuppression};
use precheck_core::suppress::{self, Suppressions};
use precheck_core::text::{LineIndex, decode};
use precheck_core::{
    Config, DiffMode, FileSource, Finding, Input, Report, RuleMeta, RulePolicy, Span, fingerprint, pc,
    rule::SelectionLayer,
};
use rayon::prelude::*;

use crate::execute::{LineTexts, Raw, fingerprint_lines};
use crate::source::SizeCapped;
use crate::{Plan, RunError, globs, known_selectors};

/// Rule selection: the configuration's `[rules]` with the command line's `--select`/`--ignore`, then the
/// `[[overrides]]` whose globs match a path. Policies are cached per combination of matching overrides.
pub(crate) struct Selection {
    rules: Vec<&'static RuleMeta>,
    /// `[rules]` and the command line: where selection starts, then what they select and ignore.
    base: [SelectionLayer; 2],
    overrides: Vec<(GlobSet, SelectionLayer)>,
    /// The policy per set of matching overrides, shared by a selection's duplicates (they resolve alike).
    cache: Arc<Mutex<HashMap<Vec<bool>, Arc<RulePolicy>>>>,
    union: Arc<RulePolicy>,
    require_reason: bool,
}

impl Selection {
    /// The same selection, sharing its policy cache: resolving the layers costs a pass over every rule per
    /// selector, which the semantic re-runs of a matrix (one or three runs a pair) would otherwise repeat
    /// (a seventh of a 20-branch matrix's time when each re-run started with an empty cache).
    pub fn duplicate(&self) -> Selection {
        Selection {
            rules: self.rules.clone(),
            base: self.base.clone(),
            overrides: self.overrides.clone(),
            cache: Arc::clone(&self.cache),
            union: Arc::clone(&self.union),
            require_reason: self.require_reason,
        }
    }

    pub fn new(config: &Config, input: &Input, rules: &[&'static RuleMeta]) -> Result<Selection, RunError> {
        let cli = &input.selection;
        known_selectors(&cli.select, rules, "--select")?;
        known_selectors(&cli.extend_select, rules, "--extend-select")?;
        known_selectors(&cli.ignore, rules, "--ignore")?;
        let base = config.rules_layers(rules, cli).map_err(RunError::Usage)?;
        let mut overrides = Vec::new();
        for (entry, layer) in config.overrides.iter().zip(config.override_layers()) {
            overrides.push((globs(&entry.paths, "[[overrides]] paths")?, layer));
        }
        // A repo check may report into any path, so it runs with every rule that some path enables.
        let [start, chosen] = &base;
        let mut union = RulePolicy::resolve(rules.iter().copied(), &[start, chosen]);
        let mut enabled: Vec<(&'static str, Option<precheck_core::Severity>)> = Vec::new();
        for (_, layer) in &overrides {
            let with = RulePolicy::resolve(rules.iter().copied(), &[start, chosen, layer]);
            for r in rules {
                if with.is_enabled(r.code) && !union.is_enabled(r.code) {
                    enabled.push((r.code, None));
                }
            }
        }
        if !enabled.is_empty() {
            let extra = SelectionLayer {
                select: enabled.iter().map(|(c, _)| precheck_core::RuleSelector::new(c)).collect(),
                ..SelectionLayer::default()
            };
            union = RulePolicy::resolve(rules.iter().copied(), &[start, chosen, &extra]);
        }
        Ok(Selection {
            rules: rules.to_vec(),
            base,
            overrides,
            cache: Arc::new(Mutex::new(HashMap::new())),
            union: Arc::new(union),
            require_reason: config.rules.require_reason,
        })
    }

    /// The policy for one path.
    pub fn policy_for(&self, path: &str) -> Arc<RulePolicy> {
        let key: Vec<bool> = self.overrides.iter().map(|(g, _)| g.is_match(path)).collect();
        if let Ok(cache) = self.cache.lock()
            && let Some(p) = cache.get(&key)
        {
            return Arc::clone(p);
        }
        let mut layers: Vec<&SelectionLayer> = self.base.iter().collect();
        layers.extend(self.overrides.iter().zip(&key).filter(|(_, hit)| **hit).map(|((_, l), _)| l));
        let policy = Arc::new(RulePolicy::resolve(self.rules.iter().copied(), &layers));
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(key, Arc::clone(&policy));
        }
        policy
    }

    pub fn union_policy(&self) -> &RulePolicy {
        &self.union
    }
}

/// A finding and whether a repository check (rather than a file check) reported it.
type Tagged = (Finding, bool);

pub(crate) fn finish(plan: &Plan<'_>, raw: Raw) -> Result<Report, RunError> {
    let Raw {
        findings,
        repo_findings,
        base_repo_findings,
        mut texts,
        line_indexes,
        without_directive,
        line_texts,
        left_out,
    } = raw;
    let baseline = match &plan.input.baseline {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| RunError::Io(format!("cannot read baseline {}: {e}", path.display())))?;
            Some(Baseline::parse(&text).map_err(|e| RunError::Usage(format!("baseline {}: {e}", path.display())))?)
        }
        None => None,
    };
    // Group every finding by its path; files with suppression comments but no finding join too (PC001).
    let mut groups: HashMap<Arc<str>, Vec<Tagged>> = HashMap::new();
    for f in findings {
        groups.entry(Arc::clone(&f.primary.path)).or_default().push((f, false));
    }
    for f in repo_findings {
        groups.entry(Arc::clone(&f.primary.path)).or_default().push((f, true));
    }
    for path in texts.keys() {
        groups.entry(Arc::clone(path)).or_default();
    }
    // Repo findings may sit in files no per-file task read (or in lines it did not keep): read those now.
    let covered = |path: &Arc<str>, list: &[Tagged]| {
        line_texts.get(path).is_some_and(|lines| {
            list.iter().all(|(f, _)| fingerprint_lines(f).is_none_or(|key| lines.contains_key(&key)))
        })
    };
    let missing: Vec<Arc<str>> = groups
        .iter()
        .filter(|(p, list)| !texts.contains_key(*p) && !covered(p, list))
        .map(|(p, _)| p.clone())
        .collect();
    let loaded: Vec<(Arc<str>, Arc<str>)> =
        missing.par_iter().filter_map(|p| text_of(plan, plan.source.as_ref(), p).map(|t| (Arc::clone(p), t))).collect();
    texts.extend(loaded);

    let mut groups: Vec<(Arc<str>, Vec<Tagged>)> = groups.into_iter().collect();
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    let processed: Vec<PathResult> = groups
        .into_par_iter()
        .map(|(path, list)| {
            let text = texts.get(&path).map(|t| &**t);
            let known = Known {
                lines: line_indexes.get(&path),
                without_directive: without_directive.contains(&path) || line_texts.contains_key(&path),
                line_texts: line_texts.get(&path),
            };
            process_path(plan, &path, list, text, known, baseline.as_ref())
        })
        .collect();
    let mut all: Vec<Tagged> = Vec::new();
    let mut part = Part::default();
    for result in processed {
        all.extend(result.kept);
        part.add(result.part);
    }

    // The diff filter.
    if plan.diff_mode != DiffMode::None {
        let base_fps: Option<HashSet<String>> = base_repo_findings.map(|base| {
            let mut by_path: HashMap<Arc<str>, Vec<Tagged>> = HashMap::new();
            for f in base {
                by_path.entry(Arc::clone(&f.primary.path)).or_default().push((f, true));
            }
            let source = plan.base_source.as_deref();
            by_path
                .into_par_iter()
                .flat_map_iter(|(path, mut list)| {
                    let text = source.and_then(|s| text_of(plan, s, &path));
                    fingerprint_all(&mut list, text.as_deref(), None, None, None);
                    list.into_iter().map(|(f, _)| f.fingerprint)
                })
                .collect()
        });
        all.retain(|(f, from_repo)| keep_in_diff(plan, f, *from_repo, base_fps.as_ref()));
    }

    // The baseline.
    if let Some(baseline) = &baseline {
        all.retain(|(f, _)| !baseline.contains(f));
    }

    let mut findings: Vec<Finding> = all.into_iter().map(|(f, _)| f).collect();
    if plan.full_run {
        // A baseline holds them too (`baseline write` records every finding).
        let accepted = |f: &Finding| baseline.as_ref().is_some_and(|b| b.contains(f));
        findings.extend(stale_entries(plan).into_iter().filter(|f| !accepted(f)));
    }
    findings.sort_by(order);
    let group = plan.config.group_findings && !plan.input.no_group;
    let shard = match plan.input.shard {
        // A shard leaves grouping to the merge, which sees every shard's lines.
        Some(shard) => Some(part.into_shard_part(shard, group, &findings)),
        None if group => {
            let groupable = findings.iter().map(groupable).collect();
            findings = group_repeats(findings, groupable);
            None
        }
        None => None,
    };

    let with_findings: HashSet<&str> = findings.iter().map(|f| &*f.primary.path).collect();
    let mut sources: std::collections::BTreeMap<Arc<str>, Arc<str>> =
        texts.into_iter().filter(|(p, _)| with_findings.contains(&**p)).collect();
    mask_secrets(&findings, &mut sources);
    // The summary counts the files in scope (discovered, after `exclude`, PATHS and the change filter), which
    // repository checks read too, not only the files a per-file rule happened to look at; a shard counts the
    // files it checked, so that the shards' counts add up.
    let files = plan.files.iter().filter(|f| plan.owns_path(&f.path)).count();
    // The rules of the run: those some path enables (deselected rules are not part of it, for SARIF's rule
    // table and JUnit's passing cases alike).
    let union = plan.selection.union_policy();
    let rules = plan.rules.iter().copied().filter(|r| union.is_enabled(r.code)).collect();
    Ok(Report { findings, files, left_out, rules, sources, configuration: plan.configuration.clone(), shard })
}

/// The order of a report's findings: path, line, column, code, message, then end, byte offset and
/// fingerprint, so that it is total whatever the thread count (and the same after `report merge`).
pub(crate) fn order(a: &Finding, b: &Finding) -> std::cmp::Ordering {
    a.sort_key().cmp(&b.sort_key()).then_with(|| {
        (a.primary.end, &a.primary.range.start, &a.fingerprint).cmp(&(
            b.primary.end,
            &b.primary.range.start,
            &b.fingerprint,
        ))
    })
}

/// Whether a finding may be grouped with the same finding on other lines: it points nowhere else (no
/// labels), masks nothing and suggests no fix.
pub(crate) fn groupable(f: &Finding) -> bool {
    f.labels.is_empty() && f.redact.is_empty() && f.fix.is_none()
}

/// What a shard learns on the way that the merge needs (see [`precheck_core::shard`]).
#[derive(Default)]
struct Part {
    /// (path, fingerprint) → hash of the lines, for findings fingerprinted by their lines.
    text_keys: HashMap<(Arc<str>, String), u128>,
    used: Vec<(Arc<str>, usize)>,
    unused: Vec<UnusedSuppression>,
}

impl Part {
    fn add(&mut self, other: Part) {
        self.text_keys.extend(other.text_keys);
        self.used.extend(other.used);
        self.unused.extend(other.unused);
    }

    fn into_shard_part(self, shard: precheck_core::Shard, group: bool, findings: &[Finding]) -> ShardPart {
        let notes = findings
            .iter()
            .map(|f| FindingNote {
                groupable: groupable(f),
                text_key: self.text_keys.get(&(Arc::clone(&f.primary.path), f.fingerprint.clone())).copied(),
            })
            .collect();
        ShardPart { shard, group, notes, used: self.used, unused: self.unused }
    }
}

/// One path's findings after policy, suppressions and fingerprints, and (in a shard) what the merge needs.
struct PathResult {
    kept: Vec<Tagged>,
    part: Part,
}

/// How many line numbers a grouped finding lists.
const GROUP_SHOWS: usize = 5;

/// The same finding on many lines of one file (trailing whitespace on 300 lines) is one finding at the first
/// line, its message saying how many lines and which come first. Only findings that say exactly the same
/// thing (rule, severity, message, help) and point nowhere else (no labels, nothing to mask) are grouped;
/// they come in sorted order, so the first of a group is its first line. Suppressions, the diff filter and the
/// baseline already saw every line, so a group holds only what is reported.
///
/// `groupable` says for each finding whether it may be grouped ([`groupable`], or a shard's note of it).
pub(crate) fn group_repeats(findings: Vec<Finding>, groupable: Vec<bool>) -> Vec<Finding> {
    type Key = (Arc<str>, &'static str, precheck_core::Severity, String, Option<String>);
    let key =
        |f: &Finding| -> Key { (Arc::clone(&f.primary.path), f.code, f.severity, f.message.clone(), f.help.clone()) };
    let mut lines: HashMap<Key, Vec<u32>> = HashMap::new();
    for (f, _) in findings.iter().zip(&groupable).filter(|(_, g)| **g) {
        lines.entry(key(f)).or_default().push(f.primary.start.line);
    }
    let mut out = Vec::with_capacity(findings.len());
    for (mut f, groupable) in findings.into_iter().zip(groupable) {
        if !groupable {
            out.push(f);
            continue;
        }
        let Some(mut group) = lines.remove(&key(&f)) else { continue };
        let times = group.len();
        group.dedup();
        if times > 1 {
            let shown: Vec<String> = group.iter().take(GROUP_SHOWS).map(u32::to_string).collect();
            let rest = group.len().saturating_sub(GROUP_SHOWS);
            let more = if rest > 0 { format!(" and {rest} more") } else { String::new() };
            let count = if times == group.len() { String::new() } else { format!("{times} times ") };
            let lines = if group.len() == 1 { "line" } else { "lines" };
            f.message = format!("{} ({count}on {} {lines}: {}{more})", f.message, group.len(), shown.join(", "));
        }
        out.push(f);
    }
    out
}

/// The text of a file with findings that no per-file task kept, for fingerprints and snippets; none for a
/// binary file or one over `max-file-size` (a PC003 on a 1 GB file must not read it after all).
fn text_of(plan: &Plan<'_>, source: &dyn FileSource, path: &str) -> Option<Arc<str>> {
    let bytes = SizeCapped::new(source, plan.config.max_file_size).read(path).ok()?;
    if precheck_core::text::is_binary(&bytes) {
        return None;
    }
    Some(Arc::from(&*decode(&bytes).text))
}

/// What execution already learned about a path's text.
struct Known<'a> {
    lines: Option<&'a LineIndex>,
    /// The text was searched for suppression comments and holds none.
    without_directive: bool,
    /// The lines the fingerprints read, when the text itself was not kept.
    line_texts: Option<&'a LineTexts>,
}

/// Per-path policy and severity, suppressions, PC001 and fingerprints for one path's findings. In a shard,
/// PC001 is not decided here: the suppressions used and those seen unused go to the merge.
fn process_path(
    plan: &Plan<'_>,
    path: &Arc<str>,
    list: Vec<Tagged>,
    text: Option<&str>,
    known: Known<'_>,
    baseline: Option<&Baseline>,
) -> PathResult {
    let policy = plan.selection.policy_for(path);
    let mut part = Part::default();
    let mut kept: Vec<Tagged> = Vec::with_capacity(list.len());
    for (mut f, from_repo) in list {
        if !policy.is_enabled(f.code) {
            continue;
        }
        if let Some(sev) = policy.severity_override(f.code) {
            f.severity = sev;
        }
        kept.push((f, from_repo));
    }
    let mut unused: Vec<(usize, Finding)> = Vec::new();
    if let Some(text) = text
        && !known.without_directive
        && memchr::memmem::find(text.as_bytes(), crate::execute::DIRECTIVE).is_some()
    {
        let parsed = suppress::parse(text);
        if !parsed.is_empty() {
            let mut sups = Suppressions::new(parsed, plan.selection.require_reason);
            kept.retain(|(f, _)| match rule_of(plan, f.code) {
                Some(rule) => !sups.suppresses(f, rule),
                None => true,
            });
            if plan.input.shard.is_some() {
                part.used.extend(sups.used().map(|s| (Arc::clone(path), s.range.start)));
            }
            if policy.is_enabled(pc::UNUSED_SUPPRESSION.code) {
                let index = LineIndex::new(text);
                for (s, why) in sups.unused() {
                    // Judge only suppressions whose rules all ran on this path: `--only sql` must not call a
                    // `precheck:allow(CF001)` unused.
                    let judged = s.selectors.iter().all(|sel| {
                        let named: Vec<&&RuleMeta> = plan.rules.iter().filter(|r| sel.matches(r).is_some()).collect();
                        !named.is_empty() && named.iter().all(|r| policy.is_enabled(r.code))
                    });
                    let reasonless = plan.selection.require_reason && s.reason.is_none();
                    if !(judged || reasonless) {
                        continue;
                    }
                    let codes: Vec<&str> = s.selectors.iter().map(|sel| sel.as_str()).collect();
                    let span = index.span(path, text, s.range.clone());
                    let mut f = Finding::new(
                        &pc::UNUSED_SUPPRESSION,
                        span,
                        format!("`precheck:allow({})` {why}", codes.join(", ")),
                    )
                    .with_help("delete the suppression comment");
                    if let Some(sev) = policy.severity_override(f.code) {
                        f.severity = sev;
                    }
                    unused.push((s.range.start, f));
                }
                if plan.input.shard.is_some() {
                    part.unused = unused_for_merge(plan, path, text, &index, std::mem::take(&mut unused), baseline);
                }
            }
        }
    }
    kept.extend(unused.into_iter().map(|(_, f)| (f, false)));
    let keys = plan.input.shard.is_some().then_some(&mut part.text_keys);
    fingerprint_all(&mut kept, text, known.lines, known.line_texts, keys);
    PathResult { kept, part }
}

/// A shard's unused suppressions of one path as the merge needs them: the PC001 finding, the fingerprint it
/// gets for each occurrence index it can end up with (its occurrence counts only the PC001 findings on the
/// same text before it that no shard used, at most its rank here), and whether the diff filter and the
/// baseline keep it.
fn unused_for_merge(
    plan: &Plan<'_>,
    path: &Arc<str>,
    text: &str,
    index: &LineIndex,
    mut unused: Vec<(usize, Finding)>,
    baseline: Option<&Baseline>,
) -> Vec<UnusedSuppression> {
    unused.sort_by(|a, b| a.1.sort_key().cmp(&b.1.sort_key()));
    let mut rank: HashMap<u128, usize> = HashMap::new();
    unused
        .into_iter()
        .map(|(at, finding)| {
            // As `fingerprint_all` reads them: the primary lines, or the message for a whole-file finding.
            let lines = match fingerprint_lines(&finding) {
                Some((first, last)) => {
                    text.get(index.line_range(first).start..index.line_range(last).end).unwrap_or_default()
                }
                None => &finding.message,
            };
            let prefix = fingerprint::TextFingerprint::new(finding.code, path, lines);
            let n = rank.entry(prefix.text_key()).or_insert(0);
            let fingerprints = (0..=*n)
                .map(|occurrence| {
                    let fingerprint = prefix.with_occurrence(u32::try_from(occurrence).unwrap_or(u32::MAX));
                    let probe = Finding { fingerprint: fingerprint.clone(), ..finding.clone() };
                    (!baseline.is_some_and(|b| b.contains(&probe))).then_some(fingerprint)
                })
                .collect();
            *n += 1;
            let in_diff = keep_in_diff(plan, &finding, false, None);
            UnusedSuppression { at, text_key: prefix.text_key(), fingerprints, in_diff, finding }
        })
        .collect()
}

fn rule_of(plan: &Plan<'_>, code: &str) -> Option<&'static RuleMeta> {
    plan.rules.iter().copied().find(|r| r.code == code)
}

/// Fills missing fingerprints: code, path, the primary lines' text and the occurrence index among findings
/// with the same code and text (in position order, so it is the same whatever the thread count).
fn fingerprint_all(
    list: &mut [Tagged],
    text: Option<&str>,
    built: Option<&LineIndex>,
    kept: Option<&LineTexts>,
    mut keys: Option<&mut HashMap<(Arc<str>, String), u128>>,
) {
    list.sort_by(|a, b| a.0.sort_key().cmp(&b.0.sort_key()));
    let fresh;
    let index = match (text, built) {
        (Some(_), Some(index)) => Some(index),
        (Some(text), None) => {
            fresh = LineIndex::new(text);
            Some(&fresh)
        }
        (None, _) => None,
    };
    // Occurrences count per code and normalised text; the text of a line range is hashed once per code, so
    // thousands of findings on one long line cost one pass over it.
    let mut seen: HashMap<(&'static str, u128), u32> = HashMap::new();
    let mut by_lines: HashMap<(&'static str, u32, u32), fingerprint::TextFingerprint> = HashMap::new();
    for (f, _) in list.iter_mut() {
        if !f.fingerprint.is_empty() {
            continue;
        }
        let range = fingerprint_lines(f);
        let make = |f: &Finding| {
            let lines = match (range, text, &index, kept) {
                (Some((first, last)), Some(text), Some(index), _) => {
                    text.get(index.line_range(first).start..index.line_range(last).end).unwrap_or_default().to_string()
                }
                (Some(key), None, _, Some(kept)) => kept.get(&key).cloned().unwrap_or_else(|| f.message.clone()),
                _ => f.message.clone(),
            };
            fingerprint::TextFingerprint::new(f.code, &f.primary.path, &lines)
        };
        // Cached only where the lines come from the text or the kept lines (a fallback to the message differs
        // per finding).
        let from_lines =
            |key: &(u32, u32)| (text.is_some() && index.is_some()) || kept.is_some_and(|k| k.contains_key(key));
        let prefix = match range {
            Some((first, last)) if from_lines(&(first, last)) => {
                by_lines.entry((f.code, first, last)).or_insert_with(|| make(f)).clone()
            }
            _ => make(f),
        };
        let n = seen.entry((f.code, prefix.text_key())).or_insert(0);
        f.fingerprint = prefix.with_occurrence(*n);
        *n += 1;
        if let Some(keys) = keys.as_deref_mut() {
            keys.insert((Arc::clone(&f.primary.path), f.fingerprint.clone()), prefix.text_key());
        }
    }
}

/// The diff filter for one finding.
fn keep_in_diff(plan: &Plan<'_>, f: &Finding, from_repo: bool, base_fps: Option<&HashSet<String>>) -> bool {
    let Some(changes) = &plan.changes else { return true };
    let touches = |span: &Span, widen: u32| -> bool {
        let Some(change) = changes.get(&span.path) else { return false };
        if span.range.is_empty() && span.start.line == 1 && span.start.column == 1 {
            // A finding about the whole file counts when the file changed.
            return true;
        }
        if change.old_mode != 0 && change.new_mode != 0 && change.old_mode != change.new_mode && span.start.line == 1 {
            // A mode change touches no line, but rules about the mode (a shebang, an executable bit) point at
            // the first line: the change is theirs.
            return true;
        }
        let last = span.end.line.max(span.start.line);
        if widen == 0 {
            change.added_lines.intersects(span.start.line, last)
        } else {
            change.added_lines.widened(widen).intersects(span.start.line, last)
        }
    };
    match plan.diff_mode {
        DiffMode::None => true,
        DiffMode::File => {
            changes.get(&f.primary.path).is_some() || f.labels.iter().any(|l| changes.get(&l.span.path).is_some())
        }
        DiffMode::Added | DiffMode::DiffContext => {
            let widen = if plan.diff_mode == DiffMode::DiffContext { 3 } else { 0 };
            if touches(&f.primary, widen) || f.labels.iter().any(|l| touches(&l.span, widen)) {
                return true;
            }
            from_repo && base_fps.is_some_and(|fps| !fps.contains(&f.fingerprint))
        }
    }
}

/// PC004: configuration entries that match no file of a full run, at the entry in precheck.toml: the
/// `[[overrides]]` path globs, and the checks' path allow-lists (e.g. `[code] large-file-allowlist`, each
/// check matching with its own glob rules).
fn stale_entries(plan: &Plan<'_>) -> Vec<Finding> {
    let Some((config_path, text)) = &plan.config.source else { return Vec::new() };
    let Some(rel) = config_path.canonicalize().ok().and_then(|p| crate::source::relative(&plan.root, &p)) else {
        return Vec::new();
    };
    // In a sharded run, the shard that owns precheck.toml's path reports them.
    if !plan.owns_path(&rel) {
        return Vec::new();
    }
    let policy = plan.selection.policy_for(&rel);
    if !policy.is_enabled(pc::STALE_CONFIG_ENTRY.code) {
        return Vec::new();
    }
    // (where it is written, the message)
    let mut stale: Vec<(Option<std::ops::Range<usize>>, String)> = Vec::new();
    for entry in &plan.config.overrides {
        for glob in &entry.paths {
            let Ok(set) = globs(std::slice::from_ref(glob), "[[overrides]] paths") else { continue };
            if !plan.files.iter().any(|f| set.is_match(&*f.path)) {
                let needle = format!("\"{glob}\"");
                let at = text.find(&needle).map(|at| at..at + needle.len());
                stale.push((at, format!("`[[overrides]]` path `{glob}` matches no file")));
            }
        }
    }
    for check in &plan.checks {
        let entries = match check.config() {
            Some(spec) => spec.stale_entries(plan.config.section(check.id()), &plan.files),
            None => Vec::new(),
        };
        for (key, entry) in entries {
            let at = entry_position(text, check.id(), key, &entry);
            stale.push((at, format!("`{key}` entry `{entry}` in [{}] matches no file", check.id())));
        }
    }
    let path: Arc<str> = Arc::from(rel.as_str());
    let index = LineIndex::new(text);
    let mut list: Vec<Tagged> = stale
        .into_iter()
        .map(|(at, message)| {
            let span = match at {
                Some(range) => index.span(&path, text, range),
                None => Span::file(Arc::clone(&path)),
            };
            let mut f =
                Finding::new(&pc::STALE_CONFIG_ENTRY, span, message).with_help("delete the entry, or fix the pattern");
            if let Some(sev) = policy.severity_override(f.code) {
                f.severity = sev;
            }
            (f, false)
        })
        .collect();
    fingerprint_all(&mut list, Some(text), Some(&index), None, None);
    list.into_iter().map(|(f, _)| f).collect()
}

/// Where `entry` (a string in the list `key` of section `[section]`) is written in precheck.toml: after the
/// section header and the key, quoted either way.
#[allow(clippy::string_slice, reason = "offsets are line starts or where an ASCII-delimited needle was found")]
fn entry_position(text: &str, section: &str, key: &str, entry: &str) -> Option<std::ops::Range<usize>> {
    let header = format!("[{section}]");
    let mut offset = 0;
    let section_start = text.split_inclusive('\n').find_map(|line| {
        let at = offset;
        offset += line.len();
        line.trim_start().starts_with(&header).then_some(at)
    })?;
    let key_at = section_start + text[section_start..].find(key)?;
    [format!("\"{entry}\""), format!("'{entry}'")]
        .iter()
        .filter_map(|needle| text[key_at..].find(needle.as_str()).map(|i| (key_at + i, needle.len())))
        .min()
        .map(|(at, len)| at..at + len)
}

/// Masks the byte ranges findings mark as secrets in the source texts renderers quote, one `*` per byte so
/// every other offset stays valid.
fn mask_secrets(findings: &[Finding], sources: &mut std::collections::BTreeMap<Arc<str>, Arc<str>>) {
    for f in findings.iter().filter(|f| !f.redact.is_empty()) {
        let Some(text) = sources.get_mut(&f.primary.path) else { continue };
        let mut masked = text.to_string();
        for range in &f.redact {
            let (start, end) = (range.start.min(masked.len()), range.end.min(masked.len()));
            if start < end && masked.is_char_boundary(start) && masked.is_char_boundary(end) {
                masked.replace_range(start..end, &"*".repeat(end - start));
            }
        }
        *text = Arc::from(masked);
    }
}
