//! precheck-sql: the `sql` check (specs/sql.md) — SQL review of `.sql` scripts and MyBatis / iBatis mapper
//! XML, the rules DBAs at MySQL/Oracle Java shops gate on.
//!
//! Pipeline per file (in [`Check::check_file`], one shared parse through `FileCtx::parsed`):
//! [`split`] cuts a script into statements with exact byte positions (our own splitter: quotes, comments,
//! `DELIMITER`, procedure bodies); [`stmt`] tokenises each with sqlparser's tokenizer and parses it from
//! those tokens in the configured dialect, so findings inside a statement point at the exact token;
//! [`ddl`] models CREATE/ALTER/DROP on tokens (it works where sqlparser has gaps); [`mapper`] renders mapper
//! statements in a few variants with an offset map back to the XML. Each rule is a file under [`rules`].
//!
//! Schema rules (SQL022, and the schema exception of SQL038) run in [`Check::check_repo`]: [`schema`]
//! replays the repository's `.sql` files in migration order into a catalogue, only when a checked file can
//! need it, so the pre-push path stays proportional to the change. Per-file rules that need the schema
//! (SQL028 on ALTER / CREATE INDEX, SQL034's "existing table") get the catalogue as the earlier migrations
//! leave it through `StmtCx::schema`, built only for a file with such a statement; the migrations are
//! read once per run (a `RepoCtx::fact`).
//!
//! Public API for other crates (the Zdal routing rules): [`analyze_script`] and [`analyze_mapper`] give the
//! statements of a file with their tokens, AST and a position map; [`config::Settings`] the `[sql]` section.

#![warn(clippy::string_slice)]

use std::collections::HashSet;
use std::sync::Arc;

use precheck_core::text::{LineIndex, floor_char_boundary};
use precheck_core::{Check, FileCtx, FileInfo, Finding, RepoCtx, RuleMeta, Severity, Sink, Span};

pub mod config;
pub mod ddl;
pub mod mapper;
pub mod pos;
pub mod routing;
pub mod rules;
pub mod schema;
pub mod split;
pub mod stmt;

use config::Settings;
use rules::{Origin, Out, StmtCx, sql190_parse_error as parse_error};
use stmt::Stmt;

/// The `sql` check.
#[derive(Debug, Default)]
pub struct SqlCheck;

/// A statement of a file with where it sits: for scripts a byte offset; for mappers an offset map.
#[derive(Debug)]
pub struct Located {
    pub stmt: Stmt,
    pub ddl: Option<ddl::Ddl>,
    pub origin: Origin,
    /// Script: the statement's start in the file text.
    pub offset: usize,
    /// Mapper: the rendering's map back to the file (offset unused).
    pub map: Option<mapper::Buf>,
    /// Index of the mapper statement this rendering belongs to (scripts: the statement index).
    pub group: usize,
}

impl Located {
    /// The file byte range of a statement range.
    pub fn file_range(&self, text: &str, s: usize, e: usize) -> (usize, usize) {
        let (a, b) = match &self.map {
            None => (self.offset + s, self.offset + e),
            Some(m) => {
                let a = m.map(s);
                // The last character of the range, which may be several bytes long (`，` after `#{a}`).
                let last_at = floor_char_boundary(&self.stmt.text, e.saturating_sub(1).max(s));
                let last = m.map(last_at);
                let len = self.stmt.text.get(last_at..).and_then(|t| t.chars().next()).map_or(1, char::len_utf8);
                (a, (last + len).max(a))
            }
        };
        let mut a = a.min(text.len());
        let mut b = b.min(text.len()).max(a);
        while !text.is_char_boundary(a) {
            a -= 1;
        }
        while !text.is_char_boundary(b) {
            b += 1;
        }
        (a, b)
    }
}

/// A file's statements, parsed once.
#[derive(Debug, Default)]
pub struct Analysis {
    pub statements: Vec<Located>,
    pub mapper: Option<mapper::Mapper>,
}

/// Splits and parses a script.
pub fn analyze_script(text: &str, settings: &Settings) -> Analysis {
    let statements = split::split(text, settings.dialect)
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let (start, body) = p.text_in(text);
            let stmt = Stmt::new(body.to_string(), settings.dialect);
            let ddl = if stmt.tokenized { ddl::parse(&stmt.toks) } else { None };
            Located { stmt, ddl, origin: Origin::Script, offset: start, map: None, group: i }
        })
        .collect();
    Analysis { statements, mapper: None }
}

/// Extracts and parses a mapper's statements (every rendering).
pub fn analyze_mapper(text: &str, settings: &Settings) -> Analysis {
    let mut m = mapper::extract(text, settings.cfg.max_variants);
    let mut statements = Vec::new();
    for (g, ms) in m.statements.iter_mut().enumerate() {
        if ms.opaque {
            continue;
        }
        for v in ms.variants.drain(..) {
            let stmt = Stmt::new(v.buf.s.clone(), settings.dialect);
            let origin = if v.min { Origin::MapperMin } else { Origin::MapperMax };
            statements.push(Located { stmt, ddl: None, origin, offset: 0, map: Some(v.buf), group: g });
        }
    }
    Analysis { statements, mapper: Some(m) }
}

/// Which rule codes are on, indexed by the code's number (`SQLnnn` → nnn, `ZDnnn` → 1000 + nnn); a code of
/// another shape falls back to a scan of [`rules::RULES`].
struct EnabledCodes {
    on: Vec<bool>,
    fallback: Vec<(&'static str, bool)>,
}

impl EnabledCodes {
    fn new(enabled: impl Fn(&RuleMeta) -> bool) -> Self {
        let mut on = vec![false; 2000];
        let mut fallback = Vec::new();
        for r in &rules::RULES {
            let e = enabled(r);
            match Self::key(r.code) {
                Some(k) => on[k] |= e,
                None => fallback.push((r.code, e)),
            }
        }
        EnabledCodes { on, fallback }
    }

    fn key(code: &str) -> Option<usize> {
        let (base, digits) = if let Some(d) = code.strip_prefix("SQL") {
            (0, d)
        } else if let Some(d) = code.strip_prefix("ZD") {
            (1000, d)
        } else {
            return None;
        };
        let b = digits.as_bytes();
        if b.len() != 3 || !b.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(base + b.iter().fold(0usize, |n, d| n * 10 + usize::from(d - b'0')))
    }

    fn get(&self, code: &str) -> bool {
        match Self::key(code) {
            Some(k) => self.on[k],
            None => self.fallback.iter().any(|(c, e)| *c == code && *e),
        }
    }
}

fn is_mapper(info: &FileInfo, text: &str) -> bool {
    info.extension().eq_ignore_ascii_case("xml") && mapper::sniff(text)
}

fn settings_of(config: &precheck_core::Config) -> Settings {
    // validate_config already rejected a bad section at load time.
    config.section("sql").and_then(|s| config::parse(s).ok()).unwrap_or_default()
}

/// The statements (by group) that change every row of a table on purpose (see SQL002's explanation).
fn whole_table_on_purpose(analysis: &Analysis) -> HashSet<usize> {
    use rules::sql002_update_delete_require_where::{clears_everything, written_table};
    let mut out = HashSet::new();
    if let Some(m) = &analysis.mapper {
        out.extend(m.statements.iter().enumerate().filter(|(_, s)| clears_everything(&s.id)).map(|(i, _)| i));
        return out;
    }
    // A script: what each statement writes or defines, in order.
    let written: Vec<Option<String>> =
        analysis.statements.iter().map(|l| l.stmt.ast.as_ref().and_then(written_table)).collect();
    for (i, loc) in analysis.statements.iter().enumerate() {
        let Some(ast) = &loc.stmt.ast else { continue };
        if !matches!(ast, sqlparser::ast::Statement::Update(_) | sqlparser::ast::Statement::Delete(_)) {
            continue;
        }
        let Some(table) = &written[i] else { continue };
        let is_update = matches!(ast, sqlparser::ast::Statement::Update(_));
        let defined_before = analysis.statements[..i].iter().any(|l| match &l.ddl {
            Some(ddl::Ddl::Create(ct)) => ct.name.as_ref().is_some_and(|n| n.lower() == *table),
            Some(ddl::Ddl::Alter(a)) => {
                is_update && a.name.lower() == *table && a.ops.iter().any(|op| matches!(op, ddl::AlterOp::AddColumn(_)))
            }
            _ => false,
        });
        let refilled_after = written[i + 1..].iter().zip(&analysis.statements[i + 1..]).any(|(w, l)| {
            w.as_ref() == Some(table) && matches!(l.stmt.ast, Some(sqlparser::ast::Statement::Insert(_)))
        });
        if defined_before || refilled_after {
            out.insert(loc.group);
        }
    }
    out
}

/// Runs every per-file rule over an analysis; returns the findings (deduplicated across mapper renderings).
pub fn review(
    analysis: &Analysis,
    text: &str,
    path: &Arc<str>,
    lines: &LineIndex,
    settings: &Settings,
    enabled: &dyn Fn(&str) -> bool,
    schema: &dyn Fn() -> Option<schema::Catalogue>,
) -> Vec<Finding> {
    let span = |a: usize, b: usize| lines.span(path, text, a..b);
    let mut findings: Vec<Finding> = Vec::new();
    let mut file_tables: Vec<String> = Vec::new();
    let mut alters: Vec<(String, Span)> = Vec::new();
    let mut parse_reported: HashSet<usize> = HashSet::new();
    if let Some(m) = &analysis.mapper {
        for e in &m.errors {
            if enabled(parse_error::RULE.code) {
                let (a, b) = (e.at.min(text.len()), e.at.min(text.len()));
                findings.push(
                    Finding::new(&parse_error::RULE, span(a, b), e.message.clone())
                        .with_help(e.help.unwrap_or("fix the mapper XML")),
                );
            }
        }
        for ms in &m.statements {
            if enabled(rules::sql110_foreach_empty::RULE.code) {
                for f in &ms.bare_foreach {
                    findings.push(rules::sql110_foreach_empty::finding(f, span(f.start, f.end)));
                }
            }
            for d in &ms.dollars {
                if let Some((sev, msg, help)) =
                    rules::sql037_no_dollar_param::verdict(&d.name, d.identifier, &settings.cfg.dollar_param_allowlist)
                {
                    if enabled(rules::sql037_no_dollar_param::RULE.code) {
                        let f = Finding::new(&rules::sql037_no_dollar_param::RULE, span(d.start, d.end), msg)
                            .with_help(help);
                        findings.push(f.with_severity(sev));
                    }
                }
            }
        }
    }
    // Mapper statements whose full rendering has a WHERE: only there can a WHERE "vanish" (SQL039); a
    // statement without any WHERE is SQL002's.
    let full_has_where: HashSet<usize> = analysis
        .statements
        .iter()
        .filter(|l| l.origin == Origin::MapperMax)
        .filter(|l| {
            l.stmt
                .ast
                .as_ref()
                .is_some_and(|a| rules::sql002_update_delete_require_where::lacks_where(a) == Some(false))
        })
        .map(|l| l.group)
        .collect();
    // The schema is read only when a statement needs it (and a rule that uses it is on): the pre-push path
    // of a change without such DDL never replays the repository's migrations.
    let schema_rules = [rules::sql028_no_duplicate_index::RULE.code, rules::sql034_backward_compatible::RULE.code];
    let mut catalogue = (schema_rules.iter().any(|c| enabled(c))
        && analysis.statements.iter().any(|l| rules::needs_schema(l.ddl.as_ref())))
    .then(|| schema().unwrap_or_default());
    let schema_known = catalogue.as_ref().is_some_and(|c| !c.tables.is_empty());
    let on_purpose = whole_table_on_purpose(analysis);
    for loc in &analysis.statements {
        let locate = |s: usize, e: usize| {
            let (a, b) = loc.file_range(text, s, e);
            span(a, b)
        };
        let mut out = Out { enabled, locate: &locate, findings: Vec::new() };
        if let Some(err) = &loc.stmt.error {
            if parse_reported.insert(loc.group) {
                let verb = loc.stmt.verb();
                let what = if verb.is_empty() { "statement".to_string() } else { format!("`{verb}` statement") };
                let at = err.at.min(loc.stmt.text.len());
                #[allow(
                    clippy::string_slice,
                    reason = "`at` is 0, the length or from `stmt::offset_of`, which steps over whole characters only"
                )]
                let end = loc.stmt.text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                out.add(
                    &parse_error::RULE,
                    (at, end),
                    format!("{what} could not be parsed: {}", err.message),
                    "fix the syntax, or check `[sql] dialect`",
                );
            }
        }
        let cx = StmtCx {
            stmt: &loc.stmt,
            ddl: loc.ddl.as_ref(),
            settings,
            origin: loc.origin,
            file_tables: &file_tables,
            full_has_where: full_has_where.contains(&loc.group),
            whole_table_on_purpose: on_purpose.contains(&loc.group),
            schema: catalogue.as_ref(),
            schema_known,
        };
        if loc.stmt.tokenized {
            for (rule, check) in &rules::STMT_RULES {
                if enabled(rule.code) {
                    check(&cx, &mut out);
                }
            }
            if enabled(rules::sql039_where_may_vanish::RULE.code) {
                rules::sql039_where_may_vanish::check(&cx, &mut out);
            }
            if enabled(rules::sql040_require_shard_key::RULE.code) {
                rules::sql040_require_shard_key::check(&cx, &mut out);
            }
        }
        match &loc.ddl {
            Some(ddl::Ddl::Create(ct)) => file_tables.extend(ct.name.as_ref().map(ddl::Name::lower)),
            Some(ddl::Ddl::Alter(a)) => alters.push((a.name.lower(), locate(a.name.start, a.name.end))),
            _ => {}
        }
        findings.append(&mut out.findings);
        if let (Some(c), Some(d)) = (catalogue.as_mut(), &loc.ddl) {
            c.apply_ddl(d);
        }
    }
    if enabled(rules::sql021_merge_same_table::RULE.code) {
        rules::sql021_merge_same_table::check(&alters, &mut findings);
    }
    // Mapper renderings repeat most findings: keep one per (rule, position).
    let mut seen = HashSet::new();
    findings.retain(|f| seen.insert((f.code, f.primary.range.start, f.primary.range.end)));
    findings
}

impl Check for SqlCheck {
    fn id(&self) -> &'static str {
        "sql"
    }

    fn rules(&self) -> &'static [&'static RuleMeta] {
        &rules::RULES
    }

    /// All but the schema rules, which replay the migrations in `check_repo`: a run that selects only those
    /// reads no file for them.
    fn file_rules(&self) -> &'static [&'static RuleMeta] {
        static FILE_RULES: std::sync::OnceLock<Vec<&'static RuleMeta>> = std::sync::OnceLock::new();
        let schema = [&rules::sql022_no_change_column_type::RULE, &rules::sql038_update_sets_modified_time::RULE];
        FILE_RULES
            .get_or_init(|| rules::RULES.iter().copied().filter(|r| !schema.iter().any(|s| s.code == r.code)).collect())
    }

    fn config_keys(&self) -> &'static [&'static str] {
        config::KEYS
    }

    fn validate_config(&self, section: &toml::Table) -> Result<(), String> {
        config::validate(section)
    }

    fn default_config(&self) -> &'static str {
        config::DEFAULT
    }

    fn wants(&self, file: &FileInfo) -> bool {
        let ext = file.extension();
        ext.eq_ignore_ascii_case("sql") || ext.eq_ignore_ascii_case("xml")
    }

    fn wants_binary(&self) -> bool {
        true // a binary `.sql` file is reported, never silently skipped
    }

    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if !rules::RULES.iter().any(|r| out.enabled(r)) {
            return;
        }
        let is_sql = cx.info.extension().eq_ignore_ascii_case("sql");
        if cx.is_binary() {
            if is_sql {
                out.emit(&parse_error::RULE, || {
                    Finding::new(
                        &parse_error::RULE,
                        Span::file(Arc::clone(cx.path())),
                        format!("`{}` holds binary data (NUL bytes): not reviewed", cx.info.file_name()),
                    )
                    .with_help("keep binary dumps out of the SQL sources, or exclude the path")
                });
            }
            return;
        }
        let text = cx.text();
        let mapper = !is_sql && is_mapper(cx.info, text);
        if !is_sql && !mapper {
            return;
        }
        let settings = cx.parsed(|| settings_of(cx.config));
        let analysis =
            cx.parsed(|| if mapper { analyze_mapper(text, &settings) } else { analyze_script(text, &settings) });
        // Asked per statement and rule: answered from a table filled once per file.
        let on = EnabledCodes::new(|r| out.enabled(r));
        let enabled = |code: &str| on.get(code);
        let schema = || cx.repo().map(|repo| repo::catalogue_before(repo, &settings, cx.path()));
        let mut findings = review(&analysis, text, cx.path(), cx.lines(), &settings, &enabled, &schema);
        // The Zdal routing rules need the run's sharding catalogue (built lazily, once per run).
        if let Some(repo) = cx.repo() {
            findings.extend(routing::review(&analysis, text, cx.path(), cx.lines(), repo, &enabled));
            // SQL040 is for `[sql.sharding]` (non-Zdal middleware): a table whose shard key Zdal declares is
            // the ZD rules' (sql.md, "Sharding overlap"), so one mistake gives one finding.
            let shard_key = &rules::sql040_require_shard_key::RULE;
            if !settings.sharding.is_empty() && findings.iter().any(|f| f.code == shard_key.code) {
                let catalogue = precheck_zdal::ShardingCatalogue::of(repo);
                findings.retain(|f| {
                    f.code != shard_key.code
                        || !text
                            .get(f.primary.range.clone())
                            .is_some_and(|table| catalogue.tables_named(table).iter().any(|(_, t)| t.is_sharded()))
                });
            }
        }
        for f in findings {
            out.push(f);
        }
    }

    fn check_repo(&self, cx: &RepoCtx<'_>, out: &mut Sink) {
        let type_rule = &rules::sql022_no_change_column_type::RULE;
        let time_rule = &rules::sql038_update_sets_modified_time::RULE;
        if cx.is_base || !(out.enabled(type_rule) || out.enabled(time_rule)) {
            return;
        }
        let settings = settings_of(cx.config);
        repo::run(cx, &settings, out);
    }
}

mod repo;

/// Severity helper for tests and other crates: a rule's default.
pub fn default_severity(code: &str) -> Option<Severity> {
    rules::RULES.iter().find(|r| r.code == code).map(|r| r.default_severity)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders `xml` as a mapper and runs every per-file rule over it, as `check_file` does.
    fn review_mapper(xml: &str) -> Vec<Finding> {
        let settings = Settings::default();
        let analysis = analyze_mapper(xml, &settings);
        let path: Arc<str> = Arc::from("m.xml");
        review(&analysis, xml, &path, &LineIndex::new(xml), &settings, &|_| true, &|| None)
    }

    /// The finding of `code` and the text it points at.
    fn pointed<'a>(xml: &'a str, found: &[Finding], code: &str) -> Option<&'a str> {
        found.iter().find(|f| f.code == code).and_then(|f| xml.get(f.primary.range.clone()))
    }

    #[test]
    fn a_parse_error_on_a_cjk_character_after_a_parameter_points_at_it() {
        // Issue 22 item 10: the parse error's last character, `，` right after `#{a}` (rendered `?`), was
        // sliced at its last byte, inside the character.
        let xml = "<mapper namespace=\"m\"><select id=\"s\">SELECT * FROM t WHERE a = #{a}，b = 1</select></mapper>";
        let found = review_mapper(xml);
        assert_eq!(pointed(xml, &found, parse_error::RULE.code), Some("，"), "{found:?}");
        let xml = "<sqlMap namespace=\"m\"><select id=\"s\">SELECT * FROM t WHERE a = #a# 中</select></sqlMap>";
        let found = review_mapper(xml);
        assert_eq!(pointed(xml, &found, parse_error::RULE.code), Some("中"), "{found:?}");
    }
}
