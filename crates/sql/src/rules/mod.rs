//! One module per SQL rule: its metadata, explanation and logic. Statement rules are
//! `check(&StmtCx, &mut Out)` over one statement; file, mapper and schema rules say where they run.

use precheck_core::{Finding, RuleMeta, Severity, Span};
use sqlparser::tokenizer::Token;

use crate::config::Settings;
use crate::ddl::Ddl;
use crate::routing::{RouteCx, RouteOut};
use crate::stmt::{Stmt, Tok};

/// How a rule of [`DISPATCH`] is run.
pub enum Run {
    /// On every statement (and mapper rendering), by the file review.
    Stmt(fn(&StmtCx<'_>, &mut Out<'_>)),
    /// The Zdal routing rules (zdal.md §7), per statement and candidate data source, by [`crate::routing`].
    Routing(fn(&RouteCx<'_>, &mut RouteOut<'_>)),
}

precheck_core::declare_rules! {
    /// The rules run through a table, in code order; a rule without a `Run` here is called where it runs
    /// (file, mapper and schema rules, and the statement rules that need the others' results first).
    pub static DISPATCH: [Run];
    sql001_select_star => Stmt(check),
    sql002_update_delete_require_where => Stmt(check),
    sql003_no_leading_wildcard_like => Stmt(check),
    sql004_no_equal_null => Stmt(check),
    sql005_where_no_function_on_column => Stmt(check),
    sql006_insert_columns => Stmt(check),
    sql007_no_order_by_rand => Stmt(check),
    sql008_update_delete_no_limit => Stmt(check),
    sql009_join_max_tables => Stmt(check),
    sql010_update_set_and => Stmt(check),
    sql011_require_pk => Stmt(check),
    sql012_no_foreign_key => Stmt(check),
    sql013_required_columns => Stmt(check),
    sql014_pk_type => Stmt(check),
    sql015_engine_innodb => Stmt(check),
    sql016_charset_allowlist => Stmt(check),
    sql017_table_comment => Stmt(check),
    sql018_column_comment => Stmt(check),
    sql019_no_float_double => Stmt(check),
    sql020_varchar_max_length => Stmt(check),
    sql021_merge_same_table,
    sql022_no_change_column_type,
    sql023_column_type_denylist => Stmt(check),
    sql024_column_not_null => Stmt(check),
    sql025_not_null_needs_default => Stmt(check),
    sql026_no_partition => Stmt(check),
    sql027_no_procedure => Stmt(check),
    sql028_no_duplicate_index => Stmt(check),
    sql029_naming_table => Stmt(check),
    sql030_naming_column => Stmt(check),
    sql031_no_reserved_word => Stmt(check),
    sql032_naming_index => Stmt(check),
    sql033_boolean_is_prefix => Stmt(check),
    sql034_backward_compatible => Stmt(check),
    sql035_drop_table_guard => Stmt(check),
    sql036_no_truncate => Stmt(check),
    sql037_no_dollar_param,
    sql038_update_sets_modified_time,
    sql039_where_may_vanish,
    sql040_require_shard_key,
    sql041_auto_increment_unsigned => Stmt(check),
    sql042_auto_increment_integer => Stmt(check),
    sql043_auto_increment_initial_value => Stmt(check),
    sql044_auto_increment_column_named_id => Stmt(check),
    sql045_collation_allowlist => Stmt(check),
    sql046_no_table_charset => Stmt(check),
    sql047_no_column_charset => Stmt(check),
    sql048_char_max_length => Stmt(check),
    sql049_column_require_default => Stmt(check),
    sql050_blob_text_no_default => Stmt(check),
    sql051_current_time_column_limit => Stmt(check),
    sql052_table_max_columns => Stmt(check),
    sql053_text_fields_total_length => Stmt(check),
    sql054_no_stored_function => Stmt(check),
    sql055_no_trigger => Stmt(check),
    sql056_no_event => Stmt(check),
    sql057_no_view => Stmt(check),
    sql058_no_temporary_table => Stmt(check),
    sql059_index_no_duplicate_column => Stmt(check),
    sql060_index_max_columns => Stmt(check),
    sql061_table_max_indexes => Stmt(check),
    sql062_index_no_blob => Stmt(check),
    sql063_index_varchar_prefix => Stmt(check),
    sql064_index_type_allowlist => Stmt(check),
    sql065_unique_index_on_existing_table => Stmt(check),
    sql066_columns_must_have_index => Stmt(check),
    sql067_no_plural_table => Stmt(check),
    sql068_naming_fk => Stmt(check),
    sql069_index_must_be_named => Stmt(check),
    sql070_no_change_column => Stmt(check),
    sql071_no_column_reorder => Stmt(check),
    sql072_no_drop_indexed_column => Stmt(check),
    sql073_online_ddl_options => Stmt(check),
    sql074_no_drop_database => Stmt(check),
    sql075_no_alter_database => Stmt(check),
    sql076_no_mix_ddl_dml,
    sql077_no_commit_in_script => Stmt(check),
    sql078_max_execution_time_set,
    sql079_select_require_where => Stmt(check),
    sql080_implicit_conversion => Stmt(check),
    sql081_where_max_logical_operators => Stmt(check),
    sql082_in_list_max => Stmt(check),
    sql083_insert_row_limit => Stmt(check),
    sql084_update_delete_no_order_by => Stmt(check),
    sql085_no_multi_table_update_delete => Stmt(check),
    sql086_no_cross_db => Stmt(check),
    sql087_no_update_pk => Stmt(check),
    sql088_count_star => Stmt(check),
    sql089_sum_may_be_null => Stmt(check),
    sql090_count_distinct_multi => Stmt(check),
    sql091_no_large_offset => Stmt(check),
    sql092_limit_needs_order_by => Stmt(check),
    sql093_no_index_hint => Stmt(check),
    sql094_function_denylist => Stmt(check),
    sql095_no_negative_predicate => Stmt(check),
    sql096_union_all => Stmt(check),
    sql097_no_dependent_subquery => Stmt(check),
    sql098_no_implicit_join => Stmt(check),
    sql099_qualify_columns => Stmt(check),
    sql100_alias_as => Stmt(check),
    sql101_on_duplicate_key_caution => Stmt(check),
    sql102_insert_select_lock => Stmt(check),
    sql103_always_true_false => Stmt(check),
    sql104_no_load_outfile => Stmt(check),
    sql105_no_sql_calc_found_rows => Stmt(check),
    sql106_fullwidth_characters => Stmt(check),
    sql107_no_shard_key_update => Stmt(check),
    sql108_no_result_class,
    sql109_no_map_result,
    sql110_foreach_empty,
    sql111_choose_no_otherwise,
    sql112_param_in_quotes,
    sql190_parse_error,
    zd049_app_rule_lacks_master => Routing(check),
    zd101_no_table_rule => Routing(check),
    zd102_missing_shard_predicate => Routing(check),
    zd103_range_only_shard_predicate => Routing(check),
    zd104_group_by_across_shards => Routing(check),
    zd105_unsupported_aggregate => Routing(check),
    zd106_write_without_master_rule => Routing(check),
    zd107_cross_shard_join => Routing(check),
    zd108_update_shard_column => Routing(check),
    zd109_cross_shard_transaction => Routing(check),
    zd110_dynamic_shard_predicate => Routing(check),
    zd111_physical_table_name => Routing(check),
}

/// The rules that look at one statement at a time, run on every statement (and mapper rendering).
pub fn stmt_rules() -> impl Iterator<Item = (&'static RuleMeta, fn(&StmtCx<'_>, &mut Out<'_>))> {
    DISPATCH.iter().filter_map(|(rule, run)| match run {
        Run::Stmt(check) => Some((*rule, *check)),
        Run::Routing(_) => None,
    })
}

/// The Zdal routing rules, run per statement and candidate data source by [`crate::routing`].
pub fn routing_rules() -> impl Iterator<Item = (&'static RuleMeta, fn(&RouteCx<'_>, &mut RouteOut<'_>))> {
    DISPATCH.iter().filter_map(|(rule, run)| match run {
        Run::Routing(check) => Some((*rule, *check)),
        Run::Stmt(_) => None,
    })
}

/// Where a statement came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Script,
    /// A mapper rendering: all conditions on (or one `<choose>` branch flipped).
    MapperMax,
    /// A mapper rendering with every optional piece off.
    MapperMin,
}

/// What a statement rule sees.
pub struct StmtCx<'a> {
    pub stmt: &'a Stmt,
    pub ddl: Option<&'a Ddl>,
    pub settings: &'a Settings,
    pub origin: Origin,
    /// Lower-case names of the tables created earlier in the same file (not "existing" tables).
    pub file_tables: &'a std::collections::HashSet<String>,
    /// For a mapper statement: whether its full rendering (every condition on) has a WHERE.
    pub full_has_where: bool,
    /// An UPDATE or DELETE of every row that says it means it (SQL002): a mapper id such as `deleteAll`, a
    /// backfill of a column the script just added, a reset of a table the script creates or refills.
    pub whole_table_on_purpose: bool,
    /// A mapper statement with `${…}` substitutions: part of its text (a clause, a table) is only known at run
    /// time.
    pub substituted: bool,
    /// The schema before this statement — the repository's earlier migrations replayed, then the earlier
    /// statements of this file — when some statement of the file needs it ([`needs_schema`]); else `None`.
    pub schema: Option<&'a crate::schema::Catalogue>,
    /// Whether the earlier migrations define any table at all (a repository without migrations knows
    /// nothing about which tables exist).
    pub schema_known: bool,
}

/// Whether a statement's rules need the schema: an index added to a table (SQL028) or a PRIMARY/UNIQUE/CHECK
/// constraint added to one (SQL034). Cheap: decided on the DDL model, before any repository file is read.
pub fn needs_schema(ddl: Option<&Ddl>) -> bool {
    use crate::ddl::AlterOp;
    match ddl {
        Some(Ddl::CreateIndex { .. }) => true,
        // A column added or an index dropped (SQL066), a column dropped (SQL072).
        Some(Ddl::Alter(a))
            if a.ops
                .iter()
                .any(|op| matches!(op, AlterOp::AddColumn(_) | AlterOp::DropColumn(_) | AlterOp::DropIndex(_))) =>
        {
            true
        }
        Some(Ddl::Alter(a)) => a.ops.iter().any(|op| matches!(op, AlterOp::AddIndex(_) | AlterOp::AddCheck(..))),
        _ => false,
    }
}

impl StmtCx<'_> {
    pub fn toks(&self) -> &[Tok] {
        &self.stmt.toks
    }

    /// Whether this is a parsed query or DML statement (query rules stay quiet on what did not parse).
    pub fn is_dml(&self) -> bool {
        self.stmt.ast.is_some()
            && matches!(self.stmt.verb().as_str(), "SELECT" | "INSERT" | "UPDATE" | "DELETE" | "REPLACE" | "WITH")
    }
}

/// Collects one statement's findings; positions are byte offsets in the statement text, turned into file
/// spans by `locate`.
pub struct Out<'a> {
    pub enabled: &'a dyn Fn(&str) -> bool,
    pub locate: &'a dyn Fn(usize, usize) -> Span,
    pub findings: Vec<Finding>,
}

impl Out<'_> {
    pub fn on(&self, rule: &RuleMeta) -> bool {
        (self.enabled)(rule.code)
    }

    /// Reports `message` at `range` of the statement, with `help`.
    pub fn add(
        &mut self,
        rule: &'static RuleMeta,
        range: (usize, usize),
        message: String,
        help: &str,
    ) -> Option<&mut Finding> {
        if !self.on(rule) {
            return None;
        }
        let span = (self.locate)(range.0, range.1);
        self.findings.push(Finding::new(rule, span, message).with_help(help));
        self.findings.last_mut()
    }

    /// Like [`Out::add`] at a chosen severity.
    pub fn add_at(
        &mut self,
        rule: &'static RuleMeta,
        sev: Severity,
        range: (usize, usize),
        message: String,
        help: &str,
    ) {
        if let Some(f) = self.add(rule, range, message, help) {
            f.severity = sev;
        }
    }
}

/// Words that end a WHERE / HAVING / ON clause on its own level.
const CLAUSE_END: &[&str] =
    &["GROUP", "ORDER", "LIMIT", "HAVING", "UNION", "FOR", "WINDOW", "INTERSECT", "EXCEPT", "RETURNING", "LOCK"];

/// Token index ranges of the predicates opened by any of `openers` (`WHERE`, `ON`, …).
pub fn clause_ranges(toks: &[Tok], openers: &[&str]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if !openers.iter().any(|o| t.is(o)) {
            continue;
        }
        let d = t.depth;
        let mut j = i + 1;
        while j < toks.len() {
            let u = &toks[j];
            if u.depth < d || (u.depth == d && (CLAUSE_END.iter().any(|k| u.is(k)) || u.t == Token::SemiColon)) {
                break;
            }
            // A join's ON ends where the next JOIN or WHERE starts.
            if u.depth == d && (u.is("JOIN") || u.is("WHERE") || u.is("ON")) && !t.is("WHERE") {
                break;
            }
            j += 1;
        }
        out.push((i + 1, j));
    }
    out
}

/// The index just past the `)` matching the `(` at `open`.
pub fn close_of(toks: &[Tok], open: usize) -> usize {
    let d = toks[open].depth;
    toks.iter()
        .enumerate()
        .skip(open + 1)
        .find(|(_, t)| t.t == Token::RParen && t.depth == d)
        .map_or(toks.len(), |(j, _)| j + 1)
}

/// A statement's `(start, end)` byte range of token `i`.
pub fn span_of(t: &Tok) -> (usize, usize) {
    (t.start, t.end)
}

/// Whether `t` is a comparison operator.
pub fn is_comparison(t: &Tok) -> bool {
    matches!(
        t.t,
        Token::Eq | Token::Neq | Token::Lt | Token::Gt | Token::LtEq | Token::GtEq | Token::DoubleEq | Token::Spaceship
    ) || t.is("LIKE")
        || t.is("IN")
        || t.is("BETWEEN")
}

/// A DDL statement's table name for messages.
pub fn backticked(s: &str) -> String {
    format!("`{s}`")
}

/// Every column a DDL statement defines: CREATE TABLE columns and ALTER ADD/MODIFY/CHANGE columns.
pub fn defined_columns(ddl: Option<&Ddl>) -> Vec<&crate::ddl::Column> {
    use crate::ddl::AlterOp;
    match ddl {
        Some(Ddl::Create(c)) => c.columns.iter().collect(),
        Some(Ddl::Alter(a)) => a
            .ops
            .iter()
            .filter_map(|op| match op {
                AlterOp::AddColumn(c) | AlterOp::Modify(c) | AlterOp::Change { col: c, .. } => Some(c),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Every index a DDL statement defines, with its table.
pub fn defined_indexes(ddl: Option<&Ddl>) -> Vec<&crate::ddl::Index> {
    use crate::ddl::AlterOp;
    match ddl {
        Some(Ddl::Create(c)) => c.indexes.iter().collect(),
        Some(Ddl::Alter(a)) => {
            a.ops.iter().filter_map(|op| if let AlterOp::AddIndex(i) = op { Some(i) } else { None }).collect()
        }
        Some(Ddl::CreateIndex { index, .. }) => vec![index],
        _ => Vec::new(),
    }
}
