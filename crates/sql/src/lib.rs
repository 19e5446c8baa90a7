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
//! A file is reviewed one statement at a time ([`each_script_statement`], [`each_mapper_statement`] and
//! [`Review`]): each statement's tokens and tree are dropped once its rules (and the routing rules) ran, so a
//! file costs the memory of its largest statement, and statements over the bounds of [`stmt::MAX_TOKENS`] and
//! [`stmt::MAX_CHAIN`] are reported (SQL190) instead of parsed (issue 22). [`config::Settings`] is the `[sql]`
//! section.

#![warn(clippy::string_slice)]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use precheck_core::text::{LineIndex, floor_char_boundary};
use precheck_core::{Check, FileCtx, FileInfo, Finding, Memo, RepoCtx, RuleMeta, Severity, Sink, Span};

pub mod config;
pub mod ddl;
mod exclusive;
mod fragments;
pub mod mapper;
pub mod pos;
pub mod query;
mod reach;
pub mod routing;
pub mod rules;
pub mod schema;
pub mod split;
pub mod stmt;

use config::{Dialect, Settings};
use pos::Locator;
use rules::{Origin, Out, StmtCx, sql190_parse_error as parse_error};
use stmt::Stmt;

/// The `sql` check.
#[derive(Debug, Default)]
pub struct SqlCheck;

/// A statement of a file with where it sits: for scripts a byte offset; for mappers an offset map.
#[derive(Debug)]
pub struct Located {
    /// Shared: the runs of a semantic comparison parse a statement text once ([`parsed`]).
    pub stmt: Arc<Stmt>,
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

/// Calls `each` with the statements of a script, in order, one at a time: each is split, tokenised, parsed
/// and modelled when its turn comes and dropped after, so a file costs the memory of its largest statement.
/// With `memo` (the runs of a semantic comparison), a statement text parsed by another run is not parsed again.
pub fn each_script_statement(text: &str, settings: &Settings, memo: Option<&Memo>, mut each: impl FnMut(Located)) {
    for (i, p) in split::split(text, settings.dialect).into_iter().enumerate() {
        let (start, body) = p.text_in(text);
        let stmt = parsed(body.to_string(), settings.dialect, memo);
        let ddl = if stmt.tokenized { ddl::parse(&stmt.toks) } else { None };
        each(Located { stmt, ddl, origin: Origin::Script, offset: start, map: None, group: i });
    }
}

/// Calls `each` with the statements of a mapper, one at a time, each with its renderings parsed (none when
/// the statement is opaque or not reviewed: `MapperStmt::errors` says why). A statement's renderings are
/// parsed within twice [`stmt::MAX_TOKENS`] together: the full and the empty ones always, further `<choose>`
/// branches while they fit. Returns the errors of the file itself (malformed XML).
///
/// With `memo` (the runs of a semantic comparison), a mapper text rendered by another run is not rendered
/// again: its statements and renderings are kept whole (rendering the dynamic SQL of a generated mapper is
/// most of a re-run's SQL time, and a mapper's statements read nothing outside its own text).
pub fn each_mapper_statement(
    text: &str,
    settings: &Settings,
    memo: Option<&Memo>,
    mut each: impl FnMut(&mapper::MapperStmt, &[Located]),
) -> Vec<mapper::MapperError> {
    let Some(memo) = memo else {
        return extract_mapper(text, settings, None, |ms, renderings| each(&ms, &renderings));
    };
    let key = format!("sql-mapper {} {}\0{text}", settings.dialect as u8, settings.cfg.max_variants);
    let extracted = memo.get_or_insert(&key, || {
        let mut statements = Vec::new();
        let errors = extract_mapper(text, settings, Some(memo), |ms, renderings| statements.push((ms, renderings)));
        (statements, errors)
    });
    for (ms, renderings) in &extracted.0 {
        each(ms, renderings);
    }
    extracted.1.clone()
}

/// [`each_mapper_statement`] without the memo's keeping: each statement is handed over and dropped in turn.
fn extract_mapper(
    text: &str,
    settings: &Settings,
    memo: Option<&Memo>,
    mut each: impl FnMut(mapper::MapperStmt, Vec<Located>),
) -> Vec<mapper::MapperError> {
    let mut g = 0;
    mapper::extract_each(text, settings.cfg.max_variants, |mut ms| {
        let mut renderings = Vec::new();
        // MyBatis picks a statement by `databaseId` when the configuration names the database it runs on.
        let dialect = ms.database_id.as_deref().and_then(config::dialect_named).unwrap_or(settings.dialect);
        if !ms.opaque {
            let mut tokens = 0;
            for v in ms.variants.drain(..) {
                if renderings.len() >= 2 && tokens + stmt::estimate_tokens(&v.buf.s).0 > 2 * stmt::MAX_TOKENS {
                    break;
                }
                let stmt = parsed(v.buf.s.clone(), dialect, memo);
                tokens += stmt.toks.len();
                let origin = if v.min { Origin::MapperMin } else { Origin::MapperMax };
                renderings.push(Located { stmt, ddl: None, origin, offset: 0, map: Some(v.buf), group: g });
            }
        }
        each(ms, renderings);
        g += 1;
    })
}

/// `text` parsed in `dialect`: taken from `memo` when another run of the same semantic comparison (CF007) parsed
/// the same text (the merged trees and the sides share most statements of a schema or a mapper); parsed
/// afresh without one, so an ordinary run keeps a statement no longer than its turn.
fn parsed(text: String, dialect: Dialect, memo: Option<&Memo>) -> Arc<Stmt> {
    match memo {
        Some(memo) => {
            let key = format!("sql-statement {}\0{text}", dialect as u8);
            memo.get_or_insert(&key, || Stmt::new(text, dialect))
        }
        None => Arc::new(Stmt::new(text, dialect)),
    }
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
        // PC003: a statement over precheck's bounds is said to be not checked.
        let not_checked = &precheck_core::pc::FILE_NOT_CHECKED;
        let mut fallback = vec![(not_checked.code, enabled(not_checked))];
        for r in rules::RULES {
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

/// The rules about MySQL's own DDL (its types, engines, character sets, `COMMENT` clauses and reserved words):
/// they leave files in other dialects alone.
const MYSQL_ONLY: &[&str] = &[
    "SQL014", "SQL015", "SQL016", "SQL017", "SQL018", "SQL031", // the recommended gate
    "SQL041", "SQL042", "SQL043", // auto-increment
    "SQL045", "SQL046", "SQL047", "SQL050", "SQL051", "SQL053", "SQL056", // charsets, defaults, row size, events
    "SQL063", "SQL064", // index prefixes and types
    "SQL070", "SQL071", "SQL073", // CHANGE, column order, online DDL clauses
];

/// Whether `text` is a FreeMarker template (a code generator's `.sql` or mapper template, such as
/// `<#list columns as c>`): what it renders is not known until it is rendered, so it is not reviewed.
fn freemarker_template(text: &str) -> bool {
    const DIRECTIVES: &[&str] =
        &["if ", "list ", "assign ", "include ", "macro ", "import ", "ftl", "else", "local ", "global ", "--"];
    memchr::memmem::find_iter(text.as_bytes(), b"<#")
        .any(|at| text.get(at + 2..).is_some_and(|rest| DIRECTIVES.iter().any(|d| rest.starts_with(d))))
}

fn is_mapper(info: &FileInfo, text: &str) -> bool {
    info.extension().eq_ignore_ascii_case("xml") && mapper::sniff(text)
}

/// The `[sql]` settings, compiled once while the section stays the same (not once per file).
fn settings_of(config: &precheck_core::Config) -> Arc<Settings> {
    static CACHE: precheck_core::config::SectionCache<Settings> = precheck_core::config::SectionCache::new();
    // The configuration's validation already rejected a bad section at load time.
    CACHE.get(config, "sql", |section: config::SqlConfig| section.compile().unwrap_or_default())
}

/// The schema catalogue of a review: built when the first statement needs it.
enum SchemaState {
    NotYet,
    Built { catalogue: schema::Catalogue, known: bool },
}

/// Runs every per-file rule over a file's statements, one group at a time (a script statement, or a mapper
/// statement with its renderings), keeping between groups only what later statements need: the tables the
/// file created or widened, its ALTERs' tables (SQL021), the schema catalogue once a statement needed it, and
/// the SQL002 findings a later INSERT into the same table withdraws.
pub struct Review<'a> {
    locator: &'a Locator<'a>,
    settings: &'a Settings,
    enabled: &'a dyn Fn(&str) -> bool,
    schema: &'a dyn Fn() -> Option<schema::Catalogue>,
    router: Option<routing::Router<'a>>,
    /// The repository, to look an `<include>` up in the other mappers.
    repo: Option<&'a RepoCtx<'a>>,
    /// Mapper-level findings (malformed XML, include problems, SQL110, SQL037): first, as they always were.
    errors: Vec<Finding>,
    marks: Vec<Finding>,
    findings: Vec<Finding>,
    /// Lower-case names of the tables created earlier in the file.
    file_tables: HashSet<String>,
    /// Tables an earlier ALTER of the file added a column to.
    widened: HashSet<String>,
    alters: Vec<(String, Span)>,
    /// SQL002 findings of a script, by table, withdrawn when a later statement refills the table.
    pending: BTreeMap<String, Vec<Finding>>,
    schema_state: SchemaState,
    /// Whether a rule that reads the schema is on.
    schema_rules: bool,
    /// Findings about a table's final shape (SQL011, SQL013) on a CREATE of the script, judged at the end
    /// against what later statements did to the table (a script is a sequence).
    deferred: Vec<Deferred>,
    /// What later statements of the script did to the tables it created, by lower-case name.
    later: HashMap<String, Later>,
    /// SQL035 findings of the statement just before, withdrawn if the next one creates the table again.
    drop_guard: Vec<Finding>,
    /// Whether a rule that reads the schema for queries and DML is on (SQL080, SQL087).
    dml_schema: bool,
    /// SQL076: the first DDL and the first DML statement of the script, the first of them first.
    mixed: Vec<(rules::sql076_no_mix_ddl_dml::Kind, Span)>,
    /// SQL078: a timeout was set, or the finding was made.
    timeout_done: bool,
    /// The mapper statement being reviewed has `${…}` substitutions.
    substituted: bool,
    /// SQL077 findings of the statement just before, kept only if another statement follows.
    commit: Vec<Finding>,
}

/// A final-shape finding on a CREATE TABLE, with what it needs to be judged again at the end.
struct Deferred {
    table: String,
    /// The table's name as written.
    shown: String,
    /// For SQL013: the required columns the CREATE lacks (lower case).
    missing: Vec<String>,
    finding: Finding,
}

/// What the statements after a CREATE TABLE did to the table.
#[derive(Default)]
struct Later {
    primary_key: bool,
    columns: HashSet<String>,
    dropped: bool,
}

impl<'a> Review<'a> {
    pub fn new(
        locator: &'a Locator<'a>,
        settings: &'a Settings,
        enabled: &'a dyn Fn(&str) -> bool,
        schema: &'a dyn Fn() -> Option<schema::Catalogue>,
        repo: Option<&'a RepoCtx<'a>>,
    ) -> Review<'a> {
        let schema_rules = [
            rules::sql028_no_duplicate_index::RULE.code,
            rules::sql034_backward_compatible::RULE.code,
            // The type of a column that `ALTER TABLE … ADD PRIMARY KEY (c)` makes a key.
            rules::sql014_pk_type::RULE.code,
            // Indexes, columns and keys of the table an ALTER / CREATE INDEX changes.
            rules::sql061_table_max_indexes::RULE.code,
            rules::sql062_index_no_blob::RULE.code,
            rules::sql063_index_varchar_prefix::RULE.code,
            rules::sql065_unique_index_on_existing_table::RULE.code,
            rules::sql066_columns_must_have_index::RULE.code,
            rules::sql072_no_drop_indexed_column::RULE.code,
        ]
        .iter()
        .any(|c| enabled(c));
        let router = repo.filter(|_| routing::any_enabled(enabled)).map(|r| routing::Router::new(r, locator, enabled));
        Review {
            locator,
            settings,
            enabled,
            schema,
            router,
            repo,
            errors: Vec::new(),
            marks: Vec::new(),
            findings: Vec::new(),
            file_tables: HashSet::new(),
            widened: HashSet::new(),
            alters: Vec::new(),
            pending: BTreeMap::new(),
            schema_state: SchemaState::NotYet,
            schema_rules,
            deferred: Vec::new(),
            later: HashMap::new(),
            drop_guard: Vec::new(),
            dml_schema: [rules::sql080_implicit_conversion::RULE.code, rules::sql087_no_update_pk::RULE.code]
                .iter()
                .any(|c| enabled(c)),
            mixed: Vec::new(),
            timeout_done: false,
            substituted: false,
            commit: Vec::new(),
        }
    }

    fn span(&self, a: usize, b: usize) -> Span {
        self.locator.span(a..b)
    }

    /// A problem with the mapper file or one of its statements (SQL190), or a statement over precheck's
    /// bounds (PC003: said whatever rules are on, since nothing checked it).
    pub fn mapper_error(&mut self, e: &mapper::MapperError) {
        if e.bound {
            if (self.enabled)(precheck_core::pc::FILE_NOT_CHECKED.code) {
                let at = e.at.min(self.locator.text().len());
                self.errors.push(
                    Finding::new(&precheck_core::pc::FILE_NOT_CHECKED, self.span(at, at), e.message.clone())
                        .with_help(e.help.unwrap_or("review this statement by hand")),
                );
            }
            return;
        }
        if (self.enabled)(parse_error::RULE.code) {
            let at = e.at.min(self.locator.text().len());
            // An `<include>` whose fragment no mapper of the repository defines: MyBatis cannot build the
            // statement ("Could not find SQL statement to include with refid …") and the application fails
            // at start-up.
            let nowhere = e.include.as_deref().filter(|refid| {
                self.repo.is_some_and(|repo| !repo.fact(|| fragments::Fragments::of(repo)).defines(refid))
            });
            let finding = match nowhere {
                Some(refid) => Finding::new(
                    &parse_error::RULE,
                    self.span(at, at),
                    format!("`<include refid=\"{refid}\">` matches no `<sql id>` in any mapper of the repository: MyBatis cannot build this statement"),
                )
                .with_severity(Severity::Error)
                .with_help("define the `<sql>` fragment, or fix the refid"),
                None => Finding::new(&parse_error::RULE, self.span(at, at), e.message.clone())
                    .with_help(e.help.unwrap_or("fix the mapper XML")),
            };
            self.errors.push(finding);
        }
    }

    /// One mapper statement and its parsed renderings.
    pub fn mapper_statement(&mut self, ms: &mapper::MapperStmt, renderings: &[Located]) {
        for e in &ms.errors {
            self.mapper_error(e);
        }
        if (self.enabled)(rules::sql110_foreach_empty::RULE.code) {
            for f in &ms.bare_foreach {
                self.marks.push(rules::sql110_foreach_empty::finding(f, self.span(f.start, f.end)));
            }
        }
        for d in &ms.dollars {
            if let Some((sev, msg, help)) =
                rules::sql037_no_dollar_param::verdict(&d.name, d.identifier, &self.settings.cfg.dollar_param_allowlist)
            {
                if (self.enabled)(rules::sql037_no_dollar_param::RULE.code) {
                    let f = Finding::new(&rules::sql037_no_dollar_param::RULE, self.span(d.start, d.end), msg)
                        .with_help(help);
                    self.marks.push(f.with_severity(sev));
                }
            }
        }
        self.mapper_shape(ms, renderings);
        // MyBatis Generator's `…ByExample` statements take their WHERE from the Example object the Java code
        // builds: an empty Example means every row, by that API's design.
        let generated = ms.id.ends_with("ByExample") || ms.id.ends_with("ByExampleSelective");
        let on_purpose = generated || rules::sql002_update_delete_require_where::clears_everything(&ms.id);
        let before = self.findings.len();
        self.substituted = !ms.dollars.is_empty();
        self.group(renderings, on_purpose);
        self.substituted = false;
        if generated {
            take_findings(&mut self.findings, before, rules::sql039_where_may_vanish::RULE.code);
        }
    }

    /// The mapper-structure rules of one statement: unbounded IN lists (SQL082), result types (SQL108,
    /// SQL109), `<choose>` without `<otherwise>` in a write's WHERE (SQL111).
    fn mapper_shape(&mut self, ms: &mapper::MapperStmt, renderings: &[Located]) {
        if (self.enabled)(rules::sql082_in_list_max::RULE.code) {
            for f in &ms.in_lists {
                self.marks.push(rules::sql082_in_list_max::foreach_finding(f, self.span(f.start, f.end)));
            }
        }
        if let Some((attr, ty, a, b)) = &ms.result_attr {
            let query = matches!(ms.kind.as_str(), "select" | "statement" | "procedure");
            if query
                && rules::sql108_no_result_class::is_map(ty)
                && (self.enabled)(rules::sql109_no_map_result::RULE.code)
            {
                self.marks.push(rules::sql109_no_map_result::finding(attr, ty, self.span(*a, *b)));
            } else if query
                && rules::sql108_no_result_class::is_entity(ty)
                && (self.enabled)(rules::sql108_no_result_class::RULE.code)
            {
                self.marks.push(rules::sql108_no_result_class::finding(attr, ty, self.span(*a, *b)));
            }
        }
        let generated = ms.id.ends_with("ByExample") || ms.id.ends_with("ByExampleSelective");
        if (self.enabled)(rules::sql111_choose_no_otherwise::RULE.code) && !ms.open_chooses.is_empty() && !generated {
            let verb = match ms.kind.as_str() {
                "update" | "delete" => ms.kind.to_ascii_uppercase(),
                _ => renderings.first().map(|l| l.stmt.verb()).unwrap_or_default(),
            };
            if verb == "UPDATE" || verb == "DELETE" {
                for c in ms.open_chooses.iter().filter(|c| c.in_where) {
                    self.marks.push(rules::sql111_choose_no_otherwise::finding(&verb, self.span(c.start, c.end)));
                }
            }
        }
    }

    /// SQL076 and SQL078: what this script statement adds to the file-level picture.
    fn script_file_rules(&mut self, loc: &Located) {
        use rules::sql076_no_mix_ddl_dml as mix;
        use rules::sql078_max_execution_time_set as timeout;
        let Some(first) = loc.stmt.toks.first() else { return };
        let at = self.span(loc.offset + first.start, loc.offset + first.end);
        // The table the statement works on, when the script created it itself (no live rows, no lock risk).
        let table = match &loc.ddl {
            Some(ddl::Ddl::Alter(a)) => Some(a.name.lower()),
            Some(ddl::Ddl::CreateIndex { table, .. }) => Some(table.lower()),
            Some(ddl::Ddl::Truncate { table, .. }) => table.as_ref().map(ddl::Name::lower),
            _ => loc.stmt.ast.as_ref().and_then(rules::sql002_update_delete_require_where::written_table),
        };
        let own_table = table.as_ref().is_some_and(|t| self.file_tables.contains(t));
        if (self.enabled)(mix::RULE.code) && self.mixed.len() < 2 {
            let kind = mix::kind(&loc.stmt.verb()).filter(|k| *k == mix::Kind::Ddl || !own_table);
            if let Some(k) = kind.filter(|k| self.mixed.first().is_none_or(|(f, _)| f != k)) {
                self.mixed.push((k, at.clone()));
            }
        }
        if (self.enabled)(timeout::RULE.code) && !self.timeout_done {
            if timeout::sets_timeout(&loc.stmt.toks) {
                self.timeout_done = true;
            } else if timeout::locks_table(&loc.stmt.toks) && !own_table {
                self.timeout_done = true;
                self.marks.push(timeout::finding(at));
            }
        }
    }

    /// One statement of a script.
    pub fn script_statement(&mut self, loc: Located) {
        use rules::sql002_update_delete_require_where::written_table;
        use sqlparser::ast::Statement;
        let written = loc.stmt.ast.as_ref().and_then(written_table);
        let is_update = matches!(loc.stmt.ast, Some(Statement::Update(_)));
        let clears = is_update || matches!(loc.stmt.ast, Some(Statement::Delete(_)));
        // A whole-table UPDATE/DELETE of a table the script defined (or, for an UPDATE, widened) before.
        let on_purpose = clears
            && written.as_ref().is_some_and(|t| self.file_tables.contains(t) || is_update && self.widened.contains(t));
        // `DROP TABLE [IF EXISTS] t` right before `CREATE TABLE t`: an install script re-creating the table.
        let recreated = match &loc.ddl {
            Some(ddl::Ddl::Create(ct)) => ct.name.as_ref().map(ddl::Name::lower),
            _ => None,
        };
        let text = self.locator.text();
        let same = |f: &Finding, t: &str| {
            text.get(f.primary.range.clone()).is_some_and(|n| n.trim_matches(['`', '"']).eq_ignore_ascii_case(t))
        };
        let guarded: Vec<Finding> = std::mem::take(&mut self.drop_guard);
        self.findings.extend(guarded.into_iter().filter(|f| !recreated.as_deref().is_some_and(|t| same(f, t))));
        self.script_file_rules(&loc);
        // A COMMIT with a statement after it (a last COMMIT ends the script and splits nothing).
        if !loc.stmt.toks.is_empty() {
            let commit = std::mem::take(&mut self.commit);
            self.findings.extend(commit);
        }
        let before = self.findings.len();
        self.group(std::slice::from_ref(&loc), on_purpose);
        self.commit = take_findings(&mut self.findings, before, rules::sql077_no_commit_in_script::RULE.code);
        self.sequence(&loc, before);
        match (&written, &loc.stmt.ast) {
            // A later INSERT into the table refills it: the reset was on purpose.
            (Some(t), Some(Statement::Insert(_))) => {
                self.pending.remove(t);
            }
            (Some(t), _) if clears => {
                let code = rules::sql002_update_delete_require_where::RULE.code;
                let taken = take_findings(&mut self.findings, before, code);
                self.pending.entry(t.clone()).or_default().extend(taken);
            }
            _ => {}
        }
        if let Some(ddl::Ddl::Alter(a)) = &loc.ddl {
            if a.ops.iter().any(|op| matches!(op, ddl::AlterOp::AddColumn(_))) {
                self.widened.insert(a.name.lower());
            }
        }
    }

    /// Keeps what the rest of the script may change about the findings of this statement (from `before` in
    /// `findings`): a CREATE's final-shape findings, a DROP's guard finding; and notes what an ALTER or DROP
    /// does to a table the script created.
    fn sequence(&mut self, loc: &Located, before: usize) {
        use ddl::{AlterOp, Ddl, IndexKind};
        let take = |findings: &mut Vec<Finding>, code: &str| take_findings(findings, before, code);
        match &loc.ddl {
            Some(Ddl::Create(ct)) => {
                let Some(name) = &ct.name else { return };
                let table = name.lower();
                self.later.insert(table.clone(), Later::default());
                let have: Vec<String> = ct.columns.iter().map(ddl::Column::name_lower).collect();
                let missing: Vec<String> =
                    self.settings.required_columns.iter().filter(|r| !have.contains(r)).cloned().collect();
                for code in [rules::sql011_require_pk::RULE.code, rules::sql013_required_columns::RULE.code] {
                    for finding in take(&mut self.findings, code) {
                        let missing = if code == rules::sql013_required_columns::RULE.code {
                            missing.clone()
                        } else {
                            Vec::new()
                        };
                        self.deferred.push(Deferred {
                            table: table.clone(),
                            shown: name.value.clone(),
                            missing,
                            finding,
                        });
                    }
                }
            }
            Some(Ddl::Alter(a)) => {
                let Some(later) = self.later.get_mut(&a.name.lower()) else { return };
                for op in &a.ops {
                    match op {
                        AlterOp::AddIndex(i) if i.kind == IndexKind::Primary => later.primary_key = true,
                        AlterOp::AddColumn(c) | AlterOp::Modify(c) | AlterOp::Change { col: c, .. } => {
                            later.primary_key |= c.primary;
                            later.columns.insert(c.name_lower());
                        }
                        AlterOp::RenameColumn { new, .. } => {
                            later.columns.insert(new.lower());
                        }
                        _ => {}
                    }
                }
            }
            Some(Ddl::DropTable { tables }) => {
                for t in tables {
                    if let Some(later) = self.later.get_mut(&t.lower()) {
                        later.dropped = true;
                    }
                }
                self.drop_guard = take(&mut self.findings, rules::sql035_drop_table_guard::RULE.code);
            }
            _ => {}
        }
    }

    /// The deferred final-shape findings that still hold once the whole script is read.
    fn final_shape(&mut self) -> Vec<Finding> {
        let mut kept = Vec::new();
        for mut d in std::mem::take(&mut self.deferred) {
            let later = self.later.get(&d.table);
            if later.is_some_and(|l| l.dropped) {
                continue; // created and dropped by the same script: a scratch table
            }
            if d.finding.code == rules::sql011_require_pk::RULE.code {
                if !later.is_some_and(|l| l.primary_key) {
                    kept.push(d.finding);
                }
                continue;
            }
            let missing: Vec<&String> =
                d.missing.iter().filter(|m| !later.is_some_and(|l| l.columns.contains(*m))).collect();
            if missing.is_empty() {
                continue;
            }
            if missing.len() < d.missing.len() {
                let list: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
                d.finding.message = format!("table `{}` lacks required columns {}", d.shown, list.join(", "));
            }
            kept.push(d.finding);
        }
        kept
    }

    /// The schema catalogue before the statement at `offset` of a script, built when a statement first needs
    /// it: the repository's earlier migrations, then this file's statements before `offset`.
    fn catalogue_for(&mut self, offset: usize) {
        if let SchemaState::NotYet = self.schema_state {
            let mut catalogue = (self.schema)().unwrap_or_default();
            let known = !catalogue.tables.is_empty();
            let text = self.locator.text();
            let earlier = text.get(..floor_char_boundary(text, offset)).unwrap_or_default();
            catalogue.replay_text(earlier, self.settings);
            self.schema_state = SchemaState::Built { catalogue, known };
        }
    }

    /// Runs the statement rules over each rendering of one statement, then the routing rules over all.
    fn group(&mut self, renderings: &[Located], whole_table_on_purpose: bool) {
        // Only where the full rendering of a mapper statement has a WHERE can a WHERE "vanish" (SQL039); a
        // statement without any WHERE is SQL002's.
        let full_has_where = renderings.iter().filter(|l| l.origin == Origin::MapperMax).any(|l| {
            l.stmt
                .ast
                .as_ref()
                .is_some_and(|a| rules::sql002_update_delete_require_where::lacks_where(a) == Some(false))
        });
        let mut parse_reported = false;
        for loc in renderings {
            // The schema is read only when a statement needs it (and a rule that uses it is on): the pre-push
            // path of a change without such DDL never replays the repository's migrations.
            if self.schema_rules && rules::needs_schema(loc.ddl.as_ref())
                || self.dml_schema && loc.stmt.ast.is_some() && query::is_query_verb(&loc.stmt.verb())
            {
                self.catalogue_for(loc.offset);
            }
            let text = self.locator.text();
            let locator = self.locator;
            let locate = |s: usize, e: usize| {
                let (a, b) = loc.file_range(text, s, e);
                locator.span(a..b)
            };
            let mut out = Out { enabled: self.enabled, locate: &locate, findings: Vec::new() };
            // The empty rendering of a `<set>`, `<trim>` or `<where>` (every optional field null) is a
            // statement MyBatis would refuse before sending it: it is there for the vanishing-clause rules, and
            // is never a parse error.
            if let Some(err) = loc.stmt.error.as_ref().filter(|_| loc.origin != Origin::MapperMin) {
                if !parse_reported {
                    parse_reported = true;
                    report_unparsed(loc, err, &mut out);
                }
            }
            let (schema, schema_known) = match &self.schema_state {
                SchemaState::Built { catalogue, known } => (Some(catalogue), *known),
                SchemaState::NotYet => (None, false),
            };
            let cx = StmtCx {
                stmt: &loc.stmt,
                ddl: loc.ddl.as_ref(),
                settings: self.settings,
                origin: loc.origin,
                file_tables: &self.file_tables,
                full_has_where,
                whole_table_on_purpose,
                substituted: self.substituted,
                schema,
                schema_known,
            };
            if loc.stmt.tokenized {
                for (rule, check) in rules::stmt_rules() {
                    if (self.enabled)(rule.code) {
                        check(&cx, &mut out);
                    }
                }
                if (self.enabled)(rules::sql039_where_may_vanish::RULE.code) {
                    rules::sql039_where_may_vanish::check(&cx, &mut out);
                }
                if (self.enabled)(rules::sql040_require_shard_key::RULE.code) {
                    rules::sql040_require_shard_key::check(&cx, &mut out);
                }
            }
            match &loc.ddl {
                Some(ddl::Ddl::Create(ct)) => self.file_tables.extend(ct.name.as_ref().map(ddl::Name::lower)),
                Some(ddl::Ddl::Alter(a)) => self.alters.push((a.name.lower(), locate(a.name.start, a.name.end))),
                _ => {}
            }
            if let (Some(map), true) = (&loc.map, (self.enabled)(rules::sql112_param_in_quotes::RULE.code)) {
                for (a, b) in rules::sql112_param_in_quotes::in_quotes(&loc.stmt, map, text) {
                    let param = text.get(a..b).unwrap_or("");
                    out.findings.push(
                        Finding::new(
                            &rules::sql112_param_in_quotes::RULE,
                            self.span(a, b),
                            format!("`{param}` inside quotes: the driver sees a literal `?`, not a parameter"),
                        )
                        .with_help("remove the quotes (`= #{x}`), or build the pattern: `LIKE CONCAT('%', #{x}, '%')`"),
                    );
                }
            }
            self.findings.append(&mut out.findings);
            if let (SchemaState::Built { catalogue, .. }, Some(d)) = (&mut self.schema_state, &loc.ddl) {
                catalogue.apply_ddl(d);
            }
        }
        if let Some(router) = &mut self.router {
            router.group(renderings);
        }
    }

    /// The per-file findings (deduplicated across mapper renderings), then the routing findings.
    pub fn finish(mut self) -> Vec<Finding> {
        let mut findings = std::mem::take(&mut self.errors);
        findings.append(&mut self.marks);
        findings.append(&mut self.findings);
        findings.append(&mut self.drop_guard);
        findings.extend(self.final_shape());
        for (_, mut list) in std::mem::take(&mut self.pending) {
            findings.append(&mut list);
        }
        if (self.enabled)(rules::sql021_merge_same_table::RULE.code) {
            rules::sql021_merge_same_table::check(&self.alters, &mut findings);
        }
        if let [first, second] = std::mem::take(&mut self.mixed).as_slice() {
            findings.push(rules::sql076_no_mix_ddl_dml::finding(first.clone(), second.clone()));
        }
        // Mapper renderings repeat most findings: keep one per (rule, position).
        let mut seen = HashSet::new();
        findings.retain(|f| seen.insert((f.code, f.primary.range.start, f.primary.range.end)));
        if let Some(router) = self.router {
            findings.extend(router.finish());
        }
        findings
    }
}

/// Removes and returns the findings of rule `code` from `from` on, keeping the order of the others.
fn take_findings(findings: &mut Vec<Finding>, from: usize, code: &str) -> Vec<Finding> {
    let (taken, kept): (Vec<Finding>, Vec<Finding>) = findings.drain(from..).partition(|f| f.code == code);
    findings.extend(kept);
    taken
}

/// SQL190 for a statement that did not parse, or was not given to the parser (over a bound).
fn report_unparsed(loc: &Located, err: &stmt::ParseError, out: &mut Out<'_>) {
    let at = err.at.min(loc.stmt.text.len());
    #[allow(
        clippy::string_slice,
        reason = "`at` is 0, the length or from `stmt::offset_of`, which steps over whole characters only"
    )]
    let end = loc.stmt.text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
    if err.limit {
        // Over precheck's bounds: not checked at all, which is said whatever rules are on (PC003).
        let verb = loc.stmt.first_word();
        let what = if verb.is_empty() { "statement".to_string() } else { format!("`{verb}` statement") };
        out.add(
            &precheck_core::pc::FILE_NOT_CHECKED,
            (at, end),
            format!("{what} not checked: {}", err.message),
            "split it into smaller statements, or review it by hand",
        );
        return;
    }
    let verb = loc.stmt.verb();
    let what = if verb.is_empty() { "statement".to_string() } else { format!("`{verb}` statement") };
    out.add(
        &parse_error::RULE,
        (at, end),
        format!("{what} could not be parsed: {}", err.message),
        "fix the syntax, or check `[sql] dialect`",
    );
}

/// Reviews a whole script or mapper text (every per-file rule, and the routing rules when `repo` is given).
#[allow(clippy::too_many_arguments, reason = "the file, its place, the settings and what the rules may read")]
pub fn review_text(
    text: &str,
    path: &Arc<str>,
    lines: &LineIndex,
    mapper: bool,
    settings: &Settings,
    enabled: &dyn Fn(&str) -> bool,
    schema: &dyn Fn() -> Option<schema::Catalogue>,
    repo: Option<&RepoCtx<'_>>,
) -> Vec<Finding> {
    let locator = Locator::new(lines, text, path);
    let mut review = Review::new(&locator, settings, enabled, schema, repo);
    let memo = repo.and_then(RepoCtx::memo);
    let memo = memo.as_deref();
    if mapper {
        for e in each_mapper_statement(text, settings, memo, |ms, renderings| review.mapper_statement(ms, renderings)) {
            review.mapper_error(&e);
        }
    } else {
        each_script_statement(text, settings, memo, |loc| review.script_statement(loc));
    }
    review.finish()
}

impl Check for SqlCheck {
    fn id(&self) -> &'static str {
        "sql"
    }

    fn rules(&self) -> &'static [&'static RuleMeta] {
        rules::RULES
    }

    fn config(&self) -> Option<&'static precheck_core::config_spec::ConfigSpec> {
        Some(&config::SqlConfig::SPEC)
    }

    /// SQL scripts and XML (mappers, Spring wiring), less Maven POMs: a `pom.xml` is XML but neither reviewed
    /// (it is no mapper) nor read for a run-wide fact, so it is not read, and a branch that edits one does not
    /// make a semantic comparison re-run the SQL review (the default [`Check::inputs_changed`] follows this).
    fn wants(&self, file: &FileInfo) -> bool {
        let ext = file.extension();
        ext.eq_ignore_ascii_case("sql") || ext.eq_ignore_ascii_case("xml") && file.file_name() != "pom.xml"
    }

    fn file_findings_read_repo(&self) -> bool {
        true // The schema, the Spring wiring and the sharding catalogue are run-wide facts.
    }

    fn file_reads_change(&self, path: &str, change: &precheck_core::OtherChange<'_>) -> bool {
        reach::file_reads_change(path, change)
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
        if !is_sql && !mapper || freemarker_template(text) {
            return;
        }
        let configured = settings_of(cx.config);
        // A file in another dialect (by `[[sql.dialect-overrides]]` or its path) is parsed with its own, and
        // the rules about MySQL's own syntax and types leave it alone.
        let dialect = configured.dialect_for(cx.path());
        let other;
        let settings: &Settings = if dialect == configured.dialect {
            &configured
        } else {
            other = configured.in_dialect(dialect);
            &other
        };
        // Asked per statement and rule: answered from a table filled once per file.
        let on = EnabledCodes::new(|r| out.enabled(r) && (dialect == Dialect::MySql || !MYSQL_ONLY.contains(&r.code)));
        let enabled = |code: &str| on.get(code);
        let schema = || cx.repo().map(|repo| repo::catalogue_before(repo, &configured, cx.path()));
        // Statement by statement: the Zdal routing rules too (they need the run's sharding catalogue, built
        // lazily, once per run).
        let mut findings = review_text(text, cx.path(), cx.lines(), mapper, settings, &enabled, &schema, cx.repo());
        if let Some(repo) = cx.repo() {
            // SQL040 is for `[sql.sharding]` (non-Zdal middleware): a table whose shard key Zdal declares is
            // the ZD rules' (sql.md, "Sharding overlap"), so one mistake gives one finding.
            let shard_key = &rules::sql040_require_shard_key::RULE;
            let key_update = &rules::sql107_no_shard_key_update::RULE;
            let ours = |f: &Finding| f.code == shard_key.code || f.code == key_update.code;
            if !settings.sharding.is_empty() && findings.iter().any(ours) {
                let catalogue = precheck_zdal::ShardingCatalogue::of(repo);
                findings.retain(|f| {
                    !ours(f)
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
        review_all(xml, true)
    }

    /// Every per-file rule over a script or mapper text.
    fn review_all(text: &str, mapper: bool) -> Vec<Finding> {
        let settings = Settings::default();
        let path: Arc<str> = Arc::from(if mapper { "m.xml" } else { "a.sql" });
        review_text(text, &path, &LineIndex::new(text), mapper, &settings, &|_| true, &|| None, None)
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

    #[test]
    fn the_further_catalogue_stays_linear_on_hostile_statements() {
        // Each statement is near a bound (3,000 chained operators, tens of thousands of tokens); every rule is
        // on. Quadratic work per token would take minutes here.
        let ors = vec!["a = 1"; 1400].join(" OR ");
        let list = vec!["1"; 30_000].join(",");
        let subqueries = vec!["(SELECT 1)"; 4000].join(",");
        let counts = vec!["COUNT(a) x, SUM(b) y"; 3000].join(",");
        let sums = format!("IFNULL({}0, 0)", "SUM(a) + ".repeat(1400));
        let script = format!(
            "SELECT a FROM t, u WHERE {ors};\nSELECT a FROM t WHERE a IN ({list});\nSELECT {subqueries} FROM t, u;\n\
             SELECT {counts} FROM t JOIN u LIMIT 5;\nSELECT {sums} FROM t;\n"
        );
        let started = std::time::Instant::now();
        let found = review_all(&script, false);
        assert!(started.elapsed() < std::time::Duration::from_secs(60), "{:?}", started.elapsed());
        assert!(found.iter().any(|f| f.code == "SQL081"), "{:?}", found.iter().map(|f| f.code).collect::<Vec<_>>());
        assert!(found.iter().any(|f| f.code == "SQL082"));
        assert!(found.iter().any(|f| f.code == "SQL088"));
        assert!(!found.iter().any(|f| f.code == "SQL089" && f.primary.start.line == 5));
    }

    #[test]
    fn a_pom_alone_is_no_input_of_a_semantic_re_run() {
        use precheck_core::{ChangeKind, ChangeSet};
        let changed = |paths: &[(&str, ChangeKind)]| ChangeSet::of_paths(paths.iter().map(|(p, k)| (*p, k.clone())));
        let tree = precheck_runner::MemorySource::new(Vec::<(String, Vec<u8>)>::new());
        let config = precheck_core::Config::default();
        let inputs = |paths: &[(&str, ChangeKind)]| SqlCheck.inputs_changed(&changed(paths), &tree, &config, None);
        assert!(!inputs(&[("pom.xml", ChangeKind::Modified), ("app/pom.xml", ChangeKind::Added)]));
        assert!(!inputs(&[("src/A.java", ChangeKind::Modified), ("README.md", ChangeKind::Modified)]));
        assert!(inputs(&[("pom.xml", ChangeKind::Modified), ("db/UserMapper.xml", ChangeKind::Modified)]));
        assert!(inputs(&[("sql/schema.SQL", ChangeKind::Modified)]));
        assert!(inputs(&[("b.txt", ChangeKind::Renamed { from: "a.sql".to_string() })]));
        // A file named `.sql` has no extension, as `wants` says.
        assert!(!inputs(&[(".sql", ChangeKind::Added)]));
    }

    #[test]
    fn a_parameter_inside_quotes_is_reported_at_the_parameter() {
        let xml = "<mapper namespace=\"m\"><select id=\"s\">SELECT a FROM t WHERE b LIKE '%#{kw}%' AND c = #{c} AND d = '?'</select></mapper>";
        let found = review_mapper(xml);
        let hits: Vec<&str> =
            found.iter().filter(|f| f.code == "SQL112").filter_map(|f| xml.get(f.primary.range.clone())).collect();
        assert_eq!(hits, ["#{kw}"]);
    }
}
