//! `precheck report merge`: the reports of the shards of one run (`check --shard I/N`) back into the report
//! the unsharded run makes, finding for finding and byte for byte once rendered.
//!
//! Each shard's findings are final except for what only the whole run can decide (see
//! [`precheck_core::shard`]): PC001 is reported for the suppressions that some shard saw unused and no shard
//! used, with the fingerprint of the occurrence index it has among them; then the findings are ordered and
//! grouped as one run does it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use precheck_core::shard::{FindingNote, UnusedSuppression};
use precheck_core::{Finding, Report};

use crate::finish::{group_repeats, order};

/// Merges the reports of every shard of one run (`name` says where each came from, for errors). A single
/// report that is no shard's is returned as it is (a JSON report rendered in another format). Errors are one
/// line: reports of different configurations, a shard missing or given twice, a report that is no shard's.
pub fn merge(reports: Vec<(String, Report)>) -> Result<Report, String> {
    let Some((first_name, first)) = reports.first() else { return Err("no report to merge".to_string()) };
    if reports.len() == 1 && first.shard.is_none() {
        return Ok(reports.into_iter().next().map(|(_, r)| r).unwrap_or_default());
    }
    let Some(total) = first.shard.as_ref().map(|p| p.shard.total()) else {
        return Err(format!(
            "{first_name}: not a shard's report (made without --shard); merge the reports of `check --shard I/N`, or give one report alone to render it"
        ));
    };
    let mut seen: BTreeMap<u32, &str> = BTreeMap::new();
    for (name, report) in &reports {
        let Some(part) = &report.shard else {
            return Err(format!("{name}: not a shard's report (made without --shard)"));
        };
        if report.configuration != first.configuration {
            return Err(format!(
                "{name} and {first_name} come from different configurations or revisions (configuration {} and {}); merge the shards of one run",
                report.configuration, first.configuration
            ));
        }
        if part.shard.total() != total {
            return Err(format!("{name} is shard {} but {first_name} is one of {total}", part.shard));
        }
        if report.rules != first.rules || part.group != first.shard.as_ref().is_some_and(|p| p.group) {
            return Err(format!("{name} and {first_name} ran different rules; merge the shards of one run"));
        }
        if let Some(other) = seen.insert(part.shard.index(), name) {
            return Err(format!("shard {} given twice: {other} and {name}", part.shard));
        }
    }
    if let Some(missing) = (1..=total).find(|i| !seen.contains_key(i)) {
        return Err(format!("shard {missing}/{total} is missing: a merge needs every shard of the run"));
    }

    let group = first.shard.as_ref().is_some_and(|p| p.group);
    let mut merged =
        Report { rules: first.rules.clone(), configuration: first.configuration.clone(), ..Report::default() };
    // (finding, note, the shard that reported it; none for PC001 decided here)
    let mut entries: Vec<(Finding, FindingNote, Option<u32>)> = Vec::new();
    let mut used: HashSet<(Arc<str>, usize)> = HashSet::new();
    let mut unused: BTreeMap<(Arc<str>, usize), UnusedSuppression> = BTreeMap::new();
    for (_, report) in reports {
        let Some(part) = report.shard else { continue };
        merged.files += report.files;
        merged.left_out += report.left_out;
        merged.sources.extend(report.sources);
        let index = part.shard.index();
        let notes = part.notes.into_iter().chain(std::iter::repeat(FindingNote::default()));
        entries.extend(report.findings.into_iter().zip(notes).map(|(f, note)| (f, note, Some(index))));
        used.extend(part.used);
        for u in part.unused {
            unused.entry((Arc::clone(&u.finding.primary.path), u.at)).or_insert(u);
        }
    }

    // PC001: unused where a shard saw it, used by none; its occurrence counts the PC001 findings on the same
    // text before it, whether or not the diff filter or the baseline keeps them (as in one run).
    let mut unused: Vec<UnusedSuppression> =
        unused.into_iter().filter(|(key, _)| !used.contains(key)).map(|(_, u)| u).collect();
    unused.sort_by(|a, b| a.finding.sort_key().cmp(&b.finding.sort_key()));
    let mut occurrences: HashMap<(Arc<str>, u128), usize> = HashMap::new();
    for u in unused {
        let n = occurrences.entry((Arc::clone(&u.finding.primary.path), u.text_key)).or_insert(0);
        let Some(fingerprint) = u.fingerprints.get(*n) else {
            return Err(format!(
                "{}: the shards disagree on the suppressions of this file; merge the shards of one run",
                u.finding.primary.path
            ));
        };
        *n += 1;
        if let (Some(fingerprint), true) = (fingerprint, u.in_diff) {
            let finding = Finding { fingerprint: fingerprint.clone(), ..u.finding };
            entries.push((finding, FindingNote { groupable: true, text_key: None }, None));
        }
    }

    entries.sort_by(|a, b| order(&a.0, &b.0));
    // Work every shard may do reports the same finding in each: a run-wide fact that failed to build (one
    // PC002 at `.` per run) is built by every shard that reads it. One run never holds two findings alike to
    // the fingerprint, so such twins from two shards are one finding.
    entries.dedup_by(|a, b| {
        a.2 != b.2
            && (a.0.code, &a.0.primary, &a.0.message, &a.0.fingerprint)
                == (b.0.code, &b.0.primary, &b.0.message, &b.0.fingerprint)
    });
    // Two shards that fingerprinted the same code on the same lines of one file counted their occurrences
    // apart: their fingerprints would not be the unsharded run's. No built-in check reports so (a rule's
    // findings in a file come from the file's shard or from its check's repository pass, never both with
    // line fingerprints), so this is a refusal, not a guess.
    let mut origin: HashMap<(&str, &str, u128), u32> = HashMap::new();
    for (f, note, shard) in &entries {
        if let (Some(key), Some(shard)) = (note.text_key, shard) {
            let first = *origin.entry((&f.primary.path, f.code, key)).or_insert(*shard);
            if first != *shard {
                return Err(format!(
                    "cannot merge exactly: shards {} and {} both report {} on the same lines of {} (their fingerprints count occurrences apart); run it unsharded",
                    first.min(*shard),
                    first.max(*shard),
                    f.code,
                    f.primary.path
                ));
            }
        }
    }
    let groupable: Vec<bool> = entries.iter().map(|(_, note, _)| note.groupable).collect();
    let findings: Vec<Finding> = entries.into_iter().map(|(f, _, _)| f).collect();
    merged.findings = if group { group_repeats(findings, groupable) } else { findings };
    Ok(merged)
}
