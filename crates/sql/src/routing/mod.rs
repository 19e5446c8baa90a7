//! Zdal routing checks (zdal.md §7): SQL judged against precheck-zdal's [`ShardingCatalogue`].
//!
//! A file's statements are bound to Zdal data sources ([`wiring`]: Spring factories; otherwise the
//! fallback on the first table's name, when exactly one Zdal app has it as a sharded logical table), then
//! every rendering of each statement is read into a [`shape::Shape`] and the ZD rules under `rules/` judge
//! the statement per candidate data source. The catalogue and the wiring are run-wide facts built only when
//! a checked file holds DML and a ZD rule is on, so the pre-push path pays for them only when it must.

use std::collections::HashSet;
use std::sync::Arc;

use precheck_core::{Finding, RepoCtx, RuleMeta, Severity, Span};
use precheck_zdal::{CatalogueDataSource, CatalogueTable, ShardingCatalogue};

use crate::Located;
use crate::pos::Locator;
use crate::rules::Origin;

pub mod shape;
pub mod wiring;

use shape::{Bind, Shape, TableRef, Verb, bind};
use wiring::{Bound, Wiring};

/// One rendering of a statement with its shape.
pub struct Variant<'a> {
    pub loc: &'a Located,
    pub shape: Shape<'a>,
}

/// What a routing rule sees: one statement (all its renderings) against one candidate data source.
pub struct RouteCx<'a> {
    pub ds: &'a CatalogueDataSource,
    /// The binding was inferred from the table name (no Spring wiring selects the file).
    pub inferred: bool,
    /// How many data sources the file is bound to (more than one: a mapper shared by factories).
    pub candidates: usize,
    pub variants: &'a [Variant<'a>],
    /// Index of the full rendering (all conditions on; a script's only one).
    pub full: usize,
}

/// How a rendering routes on a sharded table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Every shard column bound by `=`/`IN` (or a range on a range-enumerated column); `single` when each
    /// is bound to exactly one value (one target).
    Bound { single: bool },
    /// This column is bound only by a range, and its rule has no range enumeration.
    RangeOnly(String),
    /// This column is not bound.
    Unbound(String),
}

impl<'a> RouteCx<'a> {
    pub fn full(&self) -> &Variant<'a> {
        &self.variants[self.full]
    }

    /// The first table of the full rendering, Zdal's routing table.
    pub fn first(&self) -> &TableRef {
        &self.full().shape.tables[0]
    }

    /// The catalogue entry of the routing table.
    pub fn target(&self) -> Option<&'a CatalogueTable> {
        self.ds.table(&self.first().name)
    }

    /// The data source's name for messages: `app`/`ds`.
    pub fn ds_name(&self) -> String {
        format!("`{}` (app `{}`)", self.ds.app_ds_name, self.ds.app_name)
    }

    /// Whether the data source is a sharded one (SHARD, SHARD_GROUP, SHARD_FAILOVER).
    pub fn sharded_ds(&self) -> bool {
        self.ds.config_type.as_deref().is_some_and(|c| c.starts_with("SHARD"))
    }

    /// How rendering `v` routes on table `t` (its first table).
    pub fn verdict(&self, v: &Variant<'_>, t: &CatalogueTable) -> Verdict {
        let first = &v.shape.tables[0];
        let mut single = true;
        for col in t.shard_columns() {
            let b = if v.shape.verb == Verb::Insert {
                match &v.shape.insert_cols {
                    Some(cols) if cols.iter().any(|c| c == col) => Bind::Values(v.shape.insert_rows.max(1)),
                    _ => Bind::None,
                }
            } else {
                let ours = |q: &str| q == first.name || first.alias.as_deref() == Some(q);
                v.shape.selection.map_or(Bind::None, |e| bind(e, col, &ours))
            };
            match b {
                Bind::Values(1) => {}
                Bind::Values(_) => single = false,
                Bind::Range if t.range_columns.iter().any(|r| r == col) => single = false,
                Bind::Range => return Verdict::RangeOnly(col.to_string()),
                Bind::None => return Verdict::Unbound(col.to_string()),
            }
        }
        Verdict::Bound { single }
    }

    /// Every rendering whose first table is `t`'s.
    pub fn renderings(&self) -> impl Iterator<Item = &Variant<'a>> {
        let name = self.first().name.clone();
        self.variants.iter().filter(move |v| v.shape.tables[0].name == name)
    }
}

/// Collects routing findings, mapping statement ranges to file spans.
pub struct RouteOut<'a> {
    pub enabled: &'a dyn Fn(&str) -> bool,
    locator: &'a Locator<'a>,
    pub findings: Vec<Finding>,
}

impl RouteOut<'_> {
    pub fn on(&self, rule: &RuleMeta) -> bool {
        (self.enabled)(rule.code)
    }

    /// The file span of a statement range of rendering `v`.
    pub fn span(&self, v: &Variant<'_>, range: (usize, usize)) -> Span {
        let (a, b) = v.loc.file_range(self.locator.text(), range.0, range.1);
        self.locator.span(a..b)
    }

    /// Reports at `range` of rendering `v`, with the labels every routing finding carries: the rule of
    /// `table` (or the data source), and the inferred binding.
    #[allow(clippy::too_many_arguments, reason = "a finding's place, message, help and both labels")]
    pub fn add(
        &mut self,
        rule: &'static RuleMeta,
        severity: Severity,
        cx: &RouteCx<'_>,
        v: &Variant<'_>,
        range: (usize, usize),
        table: Option<(&CatalogueTable, String)>,
        message: String,
        help: String,
    ) {
        if !self.on(rule) {
            return;
        }
        // A shared mapper's finding is merged over the candidates in `Router::group`, which names them.
        let mut f = Finding::new(rule, self.span(v, range), message).with_help(help).with_severity(severity);
        match table {
            Some((t, label)) => f = f.with_label(t.rule.clone(), label),
            None => {
                f = f.with_label(cx.ds.location.clone(), format!("sharded data source {} declared here", cx.ds_name()))
            }
        }
        if cx.inferred {
            f = f.with_label(
                cx.ds.location.clone(),
                format!("data source {} inferred from the table name: no Spring factory wires this file", cx.ds_name()),
            );
        }
        self.findings.push(f);
    }

    /// Pushes a finding built by a rule itself (one whose primary span is elsewhere).
    pub fn push(&mut self, f: Finding) {
        self.findings.push(f);
    }
}

/// The codes of the routing rules (the caller skips the whole pass when none is on).
pub fn any_enabled(enabled: &dyn Fn(&str) -> bool) -> bool {
    crate::rules::routing_rules().any(|(r, _)| enabled(r.code))
}

/// The logical table a physical name such as `orders_07` stands for, when `ds` has it.
pub fn logical_of<'d>(ds: &'d CatalogueDataSource, name: &str) -> Option<&'d CatalogueTable> {
    if ds.table(name).is_some() {
        return None;
    }
    let stem = name.trim_end_matches(|c: char| c.is_ascii_digit());
    if stem.len() == name.len() {
        return None;
    }
    let stem = stem.strip_suffix('_').unwrap_or(stem);
    ds.table(stem).filter(|t| t.is_sharded())
}

/// What the routing rules need of the run for one file, found when its first DML statement comes.
struct Ready {
    catalogue: Arc<ShardingCatalogue>,
    /// The data sources Spring wires the file to (by app and name); none when it is not wired.
    wired: Vec<(String, String)>,
}

/// Runs the routing rules over a file's statements, one statement (with all its renderings) at a time.
pub struct Router<'a> {
    repo: &'a RepoCtx<'a>,
    locator: &'a Locator<'a>,
    enabled: &'a dyn Fn(&str) -> bool,
    /// `None` until a statement has a routing shape; then `Some(None)` when the file routes through no Zdal
    /// data source this repository configures.
    ready: Option<Option<Ready>>,
    findings: Vec<Finding>,
    seen: HashSet<(&'static str, Span, String)>,
}

impl<'a> Router<'a> {
    pub fn new(repo: &'a RepoCtx<'a>, locator: &'a Locator<'a>, enabled: &'a dyn Fn(&str) -> bool) -> Router<'a> {
        Router { repo, locator, enabled, ready: None, findings: Vec::new(), seen: HashSet::new() }
    }

    fn prepare(&self) -> Option<Ready> {
        let catalogue = ShardingCatalogue::of(self.repo);
        if catalogue.data_sources.is_empty() {
            return None;
        }
        let wired = match Wiring::of(self.repo).bind(self.locator.path()) {
            Bound::NotZdal => return None,
            Bound::Zdal(list) => {
                let known: Vec<(String, String)> =
                    list.into_iter().filter(|(a, d)| catalogue.data_source(a, d).is_some()).collect();
                if known.is_empty() {
                    return None; // wired to a ZdalDataSource whose configuration is not in the repository
                }
                known
            }
            Bound::Unwired => Vec::new(),
        };
        Some(Ready { catalogue, wired })
    }

    /// Judges one statement: its renderings (parsed DML only) against each candidate data source.
    pub fn group(&mut self, renderings: &[Located]) {
        let variants: Vec<Variant<'_>> = renderings
            .iter()
            .filter_map(|loc| {
                let ast = loc.stmt.ast.as_ref()?;
                let verb_at = loc.stmt.toks.first().map_or((0, 0), |t| (t.start, t.end));
                let shape = Shape::of(ast, &loc.stmt.text, verb_at)?;
                Some(Variant { loc, shape })
            })
            .collect();
        if variants.is_empty() {
            return;
        }
        if self.ready.is_none() {
            self.ready = Some(self.prepare());
        }
        let Some(Some(ready)) = &self.ready else { return };
        let catalogue = &ready.catalogue;
        let wired: Vec<&CatalogueDataSource> =
            ready.wired.iter().filter_map(|(a, d)| catalogue.data_source(a, d)).collect();
        let full =
            variants.iter().position(|v| matches!(v.loc.origin, Origin::MapperMax | Origin::Script)).unwrap_or(0);
        let (mut candidates, inferred) = if wired.is_empty() {
            (fallback(catalogue, &variants[full].shape.tables[0].name), true)
        } else {
            (wired, false)
        };
        // Several factories may share one data source: judging it twice would count it as two candidates.
        let mut distinct = HashSet::new();
        candidates.retain(|d| distinct.insert((d.app_name.as_str(), d.app_ds_name.as_str())));
        let mut per_candidate = Vec::with_capacity(candidates.len());
        for ds in &candidates {
            let mut out = RouteOut { enabled: self.enabled, locator: self.locator, findings: Vec::new() };
            let cx = RouteCx { ds, inferred, candidates: candidates.len(), variants: &variants, full };
            for (rule, check) in crate::rules::routing_rules() {
                if (self.enabled)(rule.code) {
                    check(&cx, &mut out);
                }
            }
            per_candidate.push(out.findings);
        }
        for f in merge(&candidates, per_candidate, inferred) {
            if self.seen.insert((f.code, f.primary.clone(), f.message.clone())) {
                self.findings.push(f);
            }
        }
    }

    /// The findings, each once.
    pub fn finish(self) -> Vec<Finding> {
        self.findings
    }
}

/// Merges one statement's findings over its candidate data sources (issue 17): one finding per rule and
/// place, however many candidates fail. The statement runs on one of them, and which one the wiring cannot
/// tell, so the finding is an error only when it fails on every candidate (below that it may well run
/// where it works) and never above a warning when the binding was inferred from a table name; a merged
/// finding says on how many candidates it fails and labels each failing one.
fn merge(candidates: &[&CatalogueDataSource], per_candidate: Vec<Vec<Finding>>, inferred: bool) -> Vec<Finding> {
    /// A merged finding: its rule and place, the first failing candidate's finding, and every failing
    /// candidate (by index) with the severity it reported.
    type Merged = ((&'static str, Span), Finding, Vec<(usize, Severity)>);
    let total = candidates.len();
    // In first-seen order, so the output does not depend on hashing: the finding of the first failing
    // candidate speaks for the rest, with the candidates (by index) that report it and at what severity.
    let mut order: Vec<Merged> = Vec::new();
    for (i, findings) in per_candidate.into_iter().enumerate() {
        for f in findings {
            let key = (f.code, f.primary.clone());
            match order.iter_mut().find(|(k, _, _)| *k == key) {
                Some((_, _, failing)) => {
                    if !failing.iter().any(|(c, _)| *c == i) {
                        failing.push((i, f.severity));
                    }
                }
                None => {
                    let sev = f.severity;
                    order.push((key, f, vec![(i, sev)]));
                }
            }
        }
    }
    order
        .into_iter()
        .map(|(_, mut f, failing)| {
            let everywhere = failing.len() == total && failing.iter().all(|(_, s)| *s == Severity::Error);
            if f.severity == Severity::Error && (!everywhere || inferred) {
                f.severity = Severity::Warning;
            }
            if total > 1 {
                let name = |i: usize| format!("`{}` (app `{}`)", candidates[i].app_ds_name, candidates[i].app_name);
                f.message = if failing.len() == total {
                    format!("{} (on all {total} candidate data sources)", f.message)
                } else {
                    let names: Vec<String> = failing.iter().map(|&(i, _)| name(i)).collect();
                    format!(
                        "{} (on {} of {total} candidate data sources: {})",
                        f.message,
                        failing.len(),
                        names.join(", ")
                    )
                };
                for &(i, _) in &failing {
                    f.labels.push(precheck_core::Label {
                        span: candidates[i].location.clone(),
                        message: format!("fails on candidate data source {}", name(i)),
                    });
                }
            }
            f
        })
        .collect()
}

/// The data sources of the one Zdal app that has `table` (or the logical table of a physical name) as a
/// sharded logical table; none when no app or several apps have it (zdal.md §7.1, fallback).
fn fallback<'c>(catalogue: &'c ShardingCatalogue, table: &str) -> Vec<&'c CatalogueDataSource> {
    let mut hits: Vec<&CatalogueDataSource> =
        catalogue.tables_named(table).into_iter().filter(|(_, t)| t.is_sharded()).map(|(d, _)| d).collect();
    if hits.is_empty() {
        hits = catalogue.data_sources.iter().filter(|d| logical_of(d, table).is_some()).collect();
    }
    let apps: HashSet<&str> = hits.iter().map(|d| d.app_name.as_str()).collect();
    if apps.len() == 1 { hits } else { Vec::new() }
}
