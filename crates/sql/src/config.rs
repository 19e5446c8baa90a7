//! The `[sql]` section of precheck.toml (sql.md §5): every rule setting with the spec's key and default.

use std::collections::BTreeMap;

use regex::Regex;
use serde::Deserialize;

/// The keys of `[sql]`, in the order `precheck init` writes them.
pub const KEYS: &[&str] = &[
    "dialect",
    "required-columns",
    "modified-time-column",
    "pk-types",
    "charset-allowlist",
    "comment-max-length",
    "varchar-max",
    "column-type-denylist",
    "join-max-tables",
    "table-name-regex",
    "column-name-regex",
    "identifier-max-length",
    "index-prefixes",
    "boolean-prefix",
    "drop-table-suffix",
    "dollar-param-allowlist",
    "max-variants",
    "collation-allowlist",
    "char-max",
    "table-max-columns",
    "index-max-columns",
    "table-max-indexes",
    "in-list-max",
    "insert-row-limit",
    "offset-max",
    "function-denylist",
    "sharding",
];

/// The commented default section for `precheck init`.
pub const DEFAULT: &str = r#"[sql]
# dialect = "mysql"                            # mysql | oracle | postgres | generic
# required-columns = ["id", "gmt_create", "gmt_modified"]   # SQL013; or ["id", "create_time", "update_time"]
# modified-time-column = "gmt_modified"        # SQL038
# pk-types = ["bigint unsigned"]               # SQL014
# charset-allowlist = ["utf8mb4"]              # SQL016
# comment-max-length = 0                       # SQL017, SQL018; 0 = no limit
# varchar-max = 5000                           # SQL020
# column-type-denylist = ["enum", "set", "bit", "json"]     # SQL023
# join-max-tables = 3                          # SQL009
# table-name-regex = "^[a-z][a-z0-9_]*$"       # SQL029
# column-name-regex = "^[a-z][a-z0-9_]*$"      # SQL030
# identifier-max-length = 64                   # SQL029, SQL030
# index-prefixes = { index = "idx_", unique = "uk_", primary = "pk_" }   # SQL032
# boolean-prefix = "is_"                       # SQL033
# drop-table-suffix = "_del"                   # SQL035; "" bans every DROP TABLE
# dollar-param-allowlist = []                  # SQL037: parameters allowed as identifiers, e.g. ["orderBy"]
# max-variants = 16                            # mapper renderings per statement
# [sql.sharding]                               # SQL040: non-Zdal middleware; table = shard column
# user_order = "user_id"
"#;

/// `index-prefixes`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexPrefixes {
    #[serde(default = "d_idx")]
    pub index: String,
    #[serde(default = "d_uk")]
    pub unique: String,
    #[serde(default = "d_pk")]
    pub primary: String,
}

fn d_idx() -> String {
    "idx_".into()
}
fn d_uk() -> String {
    "uk_".into()
}
fn d_pk() -> String {
    "pk_".into()
}

impl Default for IndexPrefixes {
    fn default() -> Self {
        IndexPrefixes { index: d_idx(), unique: d_uk(), primary: d_pk() }
    }
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_string()).collect()
}

/// `[sql]`, deserialised with the spec's defaults.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct SqlConfig {
    pub dialect: String,
    pub required_columns: Vec<String>,
    pub modified_time_column: String,
    pub pk_types: Vec<String>,
    pub charset_allowlist: Vec<String>,
    pub comment_max_length: usize,
    pub varchar_max: u64,
    pub column_type_denylist: Vec<String>,
    pub join_max_tables: usize,
    pub table_name_regex: String,
    pub column_name_regex: String,
    pub identifier_max_length: usize,
    pub index_prefixes: IndexPrefixes,
    pub boolean_prefix: String,
    pub drop_table_suffix: String,
    pub dollar_param_allowlist: Vec<String>,
    pub max_variants: usize,
    pub collation_allowlist: Vec<String>,
    pub char_max: u64,
    pub table_max_columns: usize,
    pub index_max_columns: usize,
    pub table_max_indexes: usize,
    pub in_list_max: usize,
    pub insert_row_limit: usize,
    pub offset_max: u64,
    pub function_denylist: Vec<String>,
    pub sharding: BTreeMap<String, String>,
}

impl Default for SqlConfig {
    fn default() -> Self {
        SqlConfig {
            dialect: "mysql".into(),
            required_columns: strings(&["id", "gmt_create", "gmt_modified"]),
            modified_time_column: "gmt_modified".into(),
            pk_types: strings(&["bigint unsigned"]),
            charset_allowlist: strings(&["utf8mb4"]),
            comment_max_length: 0,
            varchar_max: 5000,
            column_type_denylist: strings(&["enum", "set", "bit", "json"]),
            join_max_tables: 3,
            table_name_regex: "^[a-z][a-z0-9_]*$".into(),
            column_name_regex: "^[a-z][a-z0-9_]*$".into(),
            identifier_max_length: 64,
            index_prefixes: IndexPrefixes::default(),
            boolean_prefix: "is_".into(),
            drop_table_suffix: "_del".into(),
            dollar_param_allowlist: Vec::new(),
            max_variants: 16,
            collation_allowlist: strings(&["utf8mb4_general_ci", "utf8mb4_bin"]),
            char_max: 20,
            table_max_columns: 40,
            index_max_columns: 5,
            table_max_indexes: 10,
            in_list_max: 1000,
            insert_row_limit: 1000,
            offset_max: 10000,
            function_denylist: strings(&["sleep", "benchmark", "uuid", "sysdate"]),
            sharding: BTreeMap::new(),
        }
    }
}

/// The SQL dialect statements are parsed with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    MySql,
    Oracle,
    Postgres,
    Generic,
}

/// The configuration, checked and compiled.
#[derive(Debug)]
pub struct Settings {
    pub cfg: SqlConfig,
    pub dialect: Dialect,
    pub table_name: Regex,
    pub column_name: Regex,
    /// Lower-cased lists, so rules compare without allocating per statement.
    pub pk_types: Vec<String>,
    pub charsets: Vec<String>,
    pub type_denylist: Vec<String>,
    pub required_columns: Vec<String>,
    /// Lower-case table → lower-case shard column.
    pub sharding: Vec<(String, String)>,
}

impl Default for Settings {
    #[allow(clippy::unreachable, reason = "the built-in defaults are constants that a unit test compiles")]
    fn default() -> Self {
        match SqlConfig::default().compile() {
            Ok(s) => s,
            Err(e) => unreachable!("the built-in defaults compile: {e}"),
        }
    }
}

fn lower(list: &[String]) -> Vec<String> {
    list.iter().map(|s| normalize_type(s)).collect()
}

/// Lower case with single spaces: `BIGINT  Unsigned` → `bigint unsigned`.
pub fn normalize_type(s: &str) -> String {
    s.split_whitespace().map(str::to_ascii_lowercase).collect::<Vec<_>>().join(" ")
}

impl SqlConfig {
    pub fn compile(self) -> Result<Settings, String> {
        let dialect = match self.dialect.to_ascii_lowercase().as_str() {
            "mysql" => Dialect::MySql,
            "oracle" => Dialect::Oracle,
            "postgres" | "postgresql" => Dialect::Postgres,
            "generic" => Dialect::Generic,
            other => {
                return Err(format!(
                    "`sql.dialect`: unknown dialect `{other}` (expected mysql, oracle, postgres or generic)"
                ));
            }
        };
        let regex = |key: &str, re: &str| Regex::new(re).map_err(|e| format!("`sql.{key}`: invalid regex: {e}"));
        if self.max_variants == 0 {
            return Err("`sql.max-variants` must be at least 1".into());
        }
        Ok(Settings {
            dialect,
            table_name: regex("table-name-regex", &self.table_name_regex)?,
            column_name: regex("column-name-regex", &self.column_name_regex)?,
            pk_types: lower(&self.pk_types),
            charsets: lower(&self.charset_allowlist),
            type_denylist: lower(&self.column_type_denylist),
            required_columns: lower(&self.required_columns),
            sharding: self.sharding.iter().map(|(t, c)| (t.to_ascii_lowercase(), c.to_ascii_lowercase())).collect(),
            cfg: self,
        })
    }
}

/// Parses and compiles a section (for `validate_config`).
pub fn validate(section: &toml::Table) -> Result<(), String> {
    parse(section).map(|_| ())
}

/// The compiled settings of a section.
pub fn parse(section: &toml::Table) -> Result<Settings, String> {
    let cfg: SqlConfig = toml::Value::Table(section.clone())
        .try_into()
        .map_err(|e: toml::de::Error| format!("[sql]: {}", e.message()))?;
    cfg.compile()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_compile_and_bad_values_are_named() {
        let s = Settings::default();
        assert_eq!(s.dialect, Dialect::MySql);
        assert_eq!(s.cfg.varchar_max, 5000);
        let bad: toml::Table = toml::from_str("dialect = \"db2\"").unwrap_or_default();
        assert!(validate(&bad).is_err_and(|e| e.contains("db2")));
        let bad: toml::Table = toml::from_str("table-name-regex = \"(\"").unwrap_or_default();
        assert!(validate(&bad).is_err_and(|e| e.contains("table-name-regex")));
    }
}
