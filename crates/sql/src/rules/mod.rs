//! One module per SQL rule: its metadata, explanation and logic. Statement rules are
//! `check(&StmtCx, &mut Out)` over one statement; file, mapper and schema rules say where they run.

use precheck_core::{Finding, RuleMeta, Severity, Span};
use sqlparser::tokenizer::Token;

use crate::config::Settings;
use crate::ddl::Ddl;
use crate::routing::{RouteCx, RouteOut};
use crate::stmt::{Stmt, Tok};

pub mod sql001_select_star;
pub mod sql002_update_delete_require_where;
pub mod sql003_no_leading_wildcard_like;
pub mod sql004_no_equal_null;
pub mod sql005_where_no_function_on_column;
pub mod sql006_insert_columns;
pub mod sql007_no_order_by_rand;
pub mod sql008_update_delete_no_limit;
pub mod sql009_join_max_tables;
pub mod sql010_update_set_and;
pub mod sql011_require_pk;
pub mod sql012_no_foreign_key;
pub mod sql013_required_columns;
pub mod sql014_pk_type;
pub mod sql015_engine_innodb;
pub mod sql016_charset_allowlist;
pub mod sql017_table_comment;
pub mod sql018_column_comment;
pub mod sql019_no_float_double;
pub mod sql020_varchar_max_length;
pub mod sql021_merge_same_table;
pub mod sql022_no_change_column_type;
pub mod sql023_column_type_denylist;
pub mod sql024_column_not_null;
pub mod sql025_not_null_needs_default;
pub mod sql026_no_partition;
pub mod sql027_no_procedure;
pub mod sql028_no_duplicate_index;
pub mod sql029_naming_table;
pub mod sql030_naming_column;
pub mod sql031_no_reserved_word;
pub mod sql032_naming_index;
pub mod sql033_boolean_is_prefix;
pub mod sql034_backward_compatible;
pub mod sql035_drop_table_guard;
pub mod sql036_no_truncate;
pub mod sql037_no_dollar_param;
pub mod sql038_update_sets_modified_time;
pub mod sql039_where_may_vanish;
pub mod sql040_require_shard_key;
pub mod sql110_foreach_empty;
pub mod sql190_parse_error;
pub mod zd049_app_rule_lacks_master;
pub mod zd101_no_table_rule;
pub mod zd102_missing_shard_predicate;
pub mod zd103_range_only_shard_predicate;
pub mod zd104_group_by_across_shards;
pub mod zd105_unsupported_aggregate;
pub mod zd106_write_without_master_rule;
pub mod zd107_cross_shard_join;
pub mod zd108_update_shard_column;
pub mod zd109_cross_shard_transaction;
pub mod zd110_dynamic_shard_predicate;
pub mod zd111_physical_table_name;

/// Every SQL rule, in code order.
pub static RULES: [&RuleMeta; 54] = [
    &sql001_select_star::RULE,
    &sql002_update_delete_require_where::RULE,
    &sql003_no_leading_wildcard_like::RULE,
    &sql004_no_equal_null::RULE,
    &sql005_where_no_function_on_column::RULE,
    &sql006_insert_columns::RULE,
    &sql007_no_order_by_rand::RULE,
    &sql008_update_delete_no_limit::RULE,
    &sql009_join_max_tables::RULE,
    &sql010_update_set_and::RULE,
    &sql011_require_pk::RULE,
    &sql012_no_foreign_key::RULE,
    &sql013_required_columns::RULE,
    &sql014_pk_type::RULE,
    &sql015_engine_innodb::RULE,
    &sql016_charset_allowlist::RULE,
    &sql017_table_comment::RULE,
    &sql018_column_comment::RULE,
    &sql019_no_float_double::RULE,
    &sql020_varchar_max_length::RULE,
    &sql021_merge_same_table::RULE,
    &sql022_no_change_column_type::RULE,
    &sql023_column_type_denylist::RULE,
    &sql024_column_not_null::RULE,
    &sql025_not_null_needs_default::RULE,
    &sql026_no_partition::RULE,
    &sql027_no_procedure::RULE,
    &sql028_no_duplicate_index::RULE,
    &sql029_naming_table::RULE,
    &sql030_naming_column::RULE,
    &sql031_no_reserved_word::RULE,
    &sql032_naming_index::RULE,
    &sql033_boolean_is_prefix::RULE,
    &sql034_backward_compatible::RULE,
    &sql035_drop_table_guard::RULE,
    &sql036_no_truncate::RULE,
    &sql037_no_dollar_param::RULE,
    &sql038_update_sets_modified_time::RULE,
    &sql039_where_may_vanish::RULE,
    &sql040_require_shard_key::RULE,
    &sql110_foreach_empty::RULE,
    &sql190_parse_error::RULE,
    &zd049_app_rule_lacks_master::RULE,
    &zd101_no_table_rule::RULE,
    &zd102_missing_shard_predicate::RULE,
    &zd103_range_only_shard_predicate::RULE,
    &zd104_group_by_across_shards::RULE,
    &zd105_unsupported_aggregate::RULE,
    &zd106_write_without_master_rule::RULE,
    &zd107_cross_shard_join::RULE,
    &zd108_update_shard_column::RULE,
    &zd109_cross_shard_transaction::RULE,
    &zd110_dynamic_shard_predicate::RULE,
    &zd111_physical_table_name::RULE,
];

type RoutingRule = (&'static RuleMeta, fn(&RouteCx<'_>, &mut RouteOut<'_>));

/// The Zdal routing rules (zdal.md §7), run per statement and candidate data source by [`crate::routing`].
pub static ROUTING_RULES: [RoutingRule; 12] = [
    (&zd049_app_rule_lacks_master::RULE, zd049_app_rule_lacks_master::check),
    (&zd101_no_table_rule::RULE, zd101_no_table_rule::check),
    (&zd102_missing_shard_predicate::RULE, zd102_missing_shard_predicate::check),
    (&zd103_range_only_shard_predicate::RULE, zd103_range_only_shard_predicate::check),
    (&zd104_group_by_across_shards::RULE, zd104_group_by_across_shards::check),
    (&zd105_unsupported_aggregate::RULE, zd105_unsupported_aggregate::check),
    (&zd106_write_without_master_rule::RULE, zd106_write_without_master_rule::check),
    (&zd107_cross_shard_join::RULE, zd107_cross_shard_join::check),
    (&zd108_update_shard_column::RULE, zd108_update_shard_column::check),
    (&zd109_cross_shard_transaction::RULE, zd109_cross_shard_transaction::check),
    (&zd110_dynamic_shard_predicate::RULE, zd110_dynamic_shard_predicate::check),
    (&zd111_physical_table_name::RULE, zd111_physical_table_name::check),
];

type StmtRule = (&'static RuleMeta, fn(&StmtCx<'_>, &mut Out<'_>));

/// The rules that look at one statement at a time, run on every statement (and mapper rendering).
pub static STMT_RULES: [StmtRule; 34] = [
    (&sql001_select_star::RULE, sql001_select_star::check),
    (&sql002_update_delete_require_where::RULE, sql002_update_delete_require_where::check),
    (&sql003_no_leading_wildcard_like::RULE, sql003_no_leading_wildcard_like::check),
    (&sql004_no_equal_null::RULE, sql004_no_equal_null::check),
    (&sql005_where_no_function_on_column::RULE, sql005_where_no_function_on_column::check),
    (&sql006_insert_columns::RULE, sql006_insert_columns::check),
    (&sql007_no_order_by_rand::RULE, sql007_no_order_by_rand::check),
    (&sql008_update_delete_no_limit::RULE, sql008_update_delete_no_limit::check),
    (&sql009_join_max_tables::RULE, sql009_join_max_tables::check),
    (&sql010_update_set_and::RULE, sql010_update_set_and::check),
    (&sql011_require_pk::RULE, sql011_require_pk::check),
    (&sql012_no_foreign_key::RULE, sql012_no_foreign_key::check),
    (&sql013_required_columns::RULE, sql013_required_columns::check),
    (&sql014_pk_type::RULE, sql014_pk_type::check),
    (&sql015_engine_innodb::RULE, sql015_engine_innodb::check),
    (&sql016_charset_allowlist::RULE, sql016_charset_allowlist::check),
    (&sql017_table_comment::RULE, sql017_table_comment::check),
    (&sql018_column_comment::RULE, sql018_column_comment::check),
    (&sql019_no_float_double::RULE, sql019_no_float_double::check),
    (&sql020_varchar_max_length::RULE, sql020_varchar_max_length::check),
    (&sql023_column_type_denylist::RULE, sql023_column_type_denylist::check),
    (&sql024_column_not_null::RULE, sql024_column_not_null::check),
    (&sql025_not_null_needs_default::RULE, sql025_not_null_needs_default::check),
    (&sql026_no_partition::RULE, sql026_no_partition::check),
    (&sql027_no_procedure::RULE, sql027_no_procedure::check),
    (&sql028_no_duplicate_index::RULE, sql028_no_duplicate_index::check),
    (&sql029_naming_table::RULE, sql029_naming_table::check),
    (&sql030_naming_column::RULE, sql030_naming_column::check),
    (&sql031_no_reserved_word::RULE, sql031_no_reserved_word::check),
    (&sql032_naming_index::RULE, sql032_naming_index::check),
    (&sql033_boolean_is_prefix::RULE, sql033_boolean_is_prefix::check),
    (&sql034_backward_compatible::RULE, sql034_backward_compatible::check),
    (&sql035_drop_table_guard::RULE, sql035_drop_table_guard::check),
    (&sql036_no_truncate::RULE, sql036_no_truncate::check),
];

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
