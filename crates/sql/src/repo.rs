//! The repository-level pass: rules that need the schema catalogue (SQL022, SQL038).
//!
//! It only runs when a checked file can need the schema — a `.sql` file with MODIFY/CHANGE, or a mapper
//! with an UPDATE — and only then reads the repository's `.sql` files, so a push that touches neither
//! costs nothing here.

use std::collections::HashSet;
use std::sync::Arc;

use precheck_core::text::{LineIndex, decode};
use precheck_core::{Finding, RepoCtx, Sink};

use crate::config::Settings;
use crate::ddl::Ddl;
use crate::pos::Locator;
use crate::rules::{sql022_no_change_column_type as r022, sql038_update_sets_modified_time as r038};
use crate::schema::{self, Catalogue};

fn contains_ci(text: &str, needle: &str) -> bool {
    let n = needle.as_bytes();
    text.as_bytes().windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

/// A mapper UPDATE that misses the column: index of its file in the texts read, table, file range of the
/// statement's verb.
type Candidate = (usize, String, (usize, usize));

pub fn run(cx: &RepoCtx<'_>, settings: &Settings, out: &mut Sink) {
    let read = |path: &str| cx.source.read(path).ok().map(|b| decode(&b).text.into_owned());
    let checked_sql: Vec<&str> =
        cx.checked.iter().map(|f| &*f.path).filter(|p| p.to_ascii_lowercase().ends_with(".sql")).collect();
    let checked_xml: Vec<&str> =
        cx.checked.iter().map(|f| &*f.path).filter(|p| p.to_ascii_lowercase().ends_with(".xml")).collect();
    // Only an ALTER that may MODIFY/CHANGE a column needs the schema; the words alone (in a comment, in
    // "changed") must not make every push read every .sql file of the repository.
    let want_types = out.enabled(&r022::RULE)
        && checked_sql.iter().any(|p| {
            read(p)
                .is_some_and(|t| contains_ci(&t, "alter") && (contains_ci(&t, "modify") || contains_ci(&t, "change")))
        });
    // SQL038 candidates: mapper UPDATEs that do not set the column (their files' texts kept once each).
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut mapper_texts: Vec<(Arc<str>, String)> = Vec::new();
    if out.enabled(&r038::RULE) {
        for p in &checked_xml {
            let Some(text) = read(p) else { continue };
            if !crate::mapper::sniff(&text) || !contains_ci(&text, "update") {
                continue;
            }
            let file = mapper_texts.len();
            let before = candidates.len();
            crate::each_mapper_statement(&text, settings, cx.memo().as_deref(), |_, renderings| {
                // The first full rendering that misses the column, per statement.
                let hit = renderings.iter().filter(|l| l.origin == crate::rules::Origin::MapperMax).find_map(|loc| {
                    let table = r038::misses(loc.stmt.ast.as_ref()?, &settings.cfg.modified_time_column)?;
                    Some((loc, table))
                });
                let Some((loc, table)) = hit else { return };
                let Some(first) = loc.stmt.toks.first() else { return };
                candidates.push((file, table, loc.file_range(&text, first.start, first.end)));
            });
            if candidates.len() > before {
                mapper_texts.push((Arc::from(*p), text));
            }
        }
    }
    if !want_types && candidates.is_empty() {
        return;
    }
    let migrations = migrations(cx);
    let texts = &migrations.0;
    let report: HashSet<&str> = if want_types { checked_sql.iter().copied().collect() } else { HashSet::new() };
    let (cat, changes) =
        Catalogue::replay(texts.iter().map(|(p, t)| (p.as_str(), t.as_str())), settings, &|p| report.contains(p));
    // One line index per file with findings (the changes come file by file; one per change was quadratic).
    for group in changes.chunk_by(|x, y| x.0 == y.0) {
        let Some((path, text)) = texts.iter().find(|(p, _)| *p == group[0].0) else { continue };
        let lines = LineIndex::new(text);
        let path: Arc<str> = Arc::from(path.as_str());
        let locator = Locator::new(&lines, text, &path);
        for (_, (a, b), msg) in group {
            let span = locator.span(*a..*b);
            out.emit(&r022::RULE, || {
                Finding::new(&r022::RULE, span, msg.clone())
                    .with_help("add a new column, backfill it and switch the code over, instead of changing the type")
            });
        }
    }
    let col = settings.cfg.modified_time_column.to_ascii_lowercase();
    let lines: Vec<LineIndex> = mapper_texts.iter().map(|(_, t)| LineIndex::new(t)).collect();
    let locators: Vec<Locator<'_>> =
        mapper_texts.iter().zip(&lines).map(|((path, text), lines)| Locator::new(lines, text, path)).collect();
    for (file, table, (a, b)) in candidates {
        if let Some(t) = cat.tables.get(&table) {
            match t.columns.get(&col) {
                None => continue,
                Some(c) if c.on_update_now => continue,
                Some(_) => {}
            }
        }
        let span = locators[file].span(a..b);
        out.emit(&r038::RULE, || {
            Finding::new(&r038::RULE, span, format!("`UPDATE` of `{table}` does not set `{col}`")).with_help(format!(
                "add `{col} = now()` to the SET list, or declare the column `ON UPDATE CURRENT_TIMESTAMP`"
            ))
        });
    }
}

/// The repository's `.sql` files in migration order, read once per run (a run-wide fact), and only when a
/// checked statement needs the schema (SQL028 on ALTER/CREATE INDEX, SQL034).
#[derive(Default)]
struct Migrations(Vec<(String, String)>);

/// The run's migrations, read once whichever asks first (the per-file SQL028/SQL034 or this pass).
fn migrations(cx: &RepoCtx<'_>) -> Arc<Migrations> {
    cx.fact(|| {
        let mut paths: Vec<String> = cx
            .source
            .paths()
            .iter()
            .filter(|f| f.path.to_ascii_lowercase().ends_with(".sql"))
            .map(|f| f.path.to_string())
            .collect();
        schema::migration_order(&mut paths);
        Migrations(
            paths
                .into_iter()
                .filter_map(|p| cx.source.read(&p).ok().map(|b| (p, decode(&b).text.into_owned())))
                .collect(),
        )
    })
}

/// Migrations replayed between checkpoints: a file's catalogue costs one snapshot clone and at most this many
/// files' replay, where replaying every earlier migration for each checked script was quadratic in the number
/// of migrations (22 generated scripts: 6x the run's CPU; a Flyway history has hundreds).
const CHECKPOINT_EVERY: usize = 8;

/// Each migration's DDL, parsed once per run, and the catalogue after every [`CHECKPOINT_EVERY`]-th migration
/// (`snapshots[k]`: the first `k * EVERY` files), with the dialect they were read in.
#[derive(Default)]
struct Checkpoints {
    dialect: Option<crate::config::Dialect>,
    ddl: Vec<Arc<Vec<Ddl>>>,
    snapshots: Vec<Catalogue>,
}

fn checkpoints(cx: &RepoCtx<'_>, settings: &Settings, migrations: &Migrations) -> Arc<Checkpoints> {
    cx.fact(|| {
        // The runs of a semantic comparison share each script's DDL (a schema dump is the same text in the
        // merged tree and on both sides): parsed once for all of them.
        let memo = cx.memo();
        let ddl: Vec<Arc<Vec<Ddl>>> = migrations
            .0
            .iter()
            .map(|(p, t)| {
                // A script for another database is not part of this one's schema.
                if settings.dialect_for(p) != settings.dialect {
                    return Arc::new(Vec::new());
                }
                match memo.as_deref() {
                    Some(memo) => {
                        let key = format!("sql-ddl {}\0{t}", settings.dialect as u8);
                        memo.get_or_insert(&key, || schema::ddl_of(t, settings))
                    }
                    None => Arc::new(schema::ddl_of(t, settings)),
                }
            })
            .collect();
        let mut snapshots = vec![Catalogue::default()];
        let mut cat = Catalogue::default();
        for chunk in ddl.chunks(CHECKPOINT_EVERY) {
            chunk.iter().flat_map(|d| d.iter()).for_each(|d| cat.apply_ddl(d));
            snapshots.push(cat.clone());
        }
        Checkpoints { dialect: Some(settings.dialect), ddl, snapshots }
    })
}

/// The catalogue as the migrations before `path` leave it (files after it in migration order, and the file
/// itself, are not replayed; a path outside the repository's files sees every migration).
pub fn catalogue_before(cx: &RepoCtx<'_>, settings: &Settings, path: &str) -> Catalogue {
    let migrations = migrations(cx);
    let end = migrations.0.iter().position(|(p, _)| p == path).unwrap_or(migrations.0.len());
    let points = checkpoints(cx, settings, &migrations);
    if points.dialect != Some(settings.dialect) {
        // Settings unlike the run's first caller's (not expected: `[sql]` is run-wide): replay from scratch.
        let earlier = migrations.0[..end].iter().map(|(p, t)| (p.as_str(), t.as_str()));
        return Catalogue::replay(earlier, settings, &|_| false).0;
    }
    let k = end / CHECKPOINT_EVERY;
    let mut cat = points.snapshots[k].clone();
    points.ddl[k * CHECKPOINT_EVERY..end].iter().flat_map(|d| d.iter()).for_each(|d| cat.apply_ddl(d));
    cat
}
