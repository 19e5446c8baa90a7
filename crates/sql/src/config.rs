//! The `[sql]` section of precheck.toml (sql.md §5): every rule setting with the spec's key and default.

use std::collections::BTreeMap;

use regex::Regex;
use serde::{Deserialize, Serialize};

/// `index-prefixes`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IndexPrefixes {
    #[serde(default = "d_idx")]
    pub index: String,
    #[serde(default = "d_uk")]
    pub unique: String,
    #[serde(default = "d_pk")]
    pub primary: String,
    /// SQL068
    #[serde(default = "d_fk")]
    pub foreign: String,
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
fn d_fk() -> String {
    "fk_".into()
}

impl Default for IndexPrefixes {
    fn default() -> Self {
        IndexPrefixes { index: d_idx(), unique: d_uk(), primary: d_pk(), foreign: d_fk() }
    }
}

/// One `[[sql.dialect-overrides]]` entry: the files whose statements are in another dialect.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DialectOverride {
    pub paths: Vec<String>,
    pub dialect: String,
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_string()).collect()
}

precheck_core::config_section! {
    /// `[sql]`, deserialised with the spec's defaults.
    pub struct SqlConfig in "sql" {
        /// mysql | oracle | postgres | sqlserver | sqlite | generic
        "dialect" dialect: String = "mysql".into(),
        /// files in another dialect, e.g. [{ paths = ["db/pg/**"], dialect = "postgres" }]; path and name
        /// hints (`oracle/`, `postgresql.sql`, `*.pg.sql`…) need no entry
        "dialect-overrides" dialect_overrides: Vec<DialectOverride> = Vec::new(),
        /// SQL013; or ["id", "create_time", "update_time"]
        "required-columns" required_columns: Vec<String> = strings(&["id", "gmt_create", "gmt_modified"]),
        /// SQL038
        "modified-time-column" modified_time_column: String = "gmt_modified".into(),
        /// SQL014
        "pk-types" pk_types: Vec<String> = strings(&["bigint unsigned"]),
        /// SQL016
        "charset-allowlist" charset_allowlist: Vec<String> = strings(&["utf8mb4"]),
        /// SQL017, SQL018; 0 = no limit
        "comment-max-length" comment_max_length: usize = 0,
        /// SQL020
        "varchar-max" varchar_max: u64 = 5000,
        /// SQL023
        "column-type-denylist" column_type_denylist: Vec<String> = strings(&["enum", "set", "bit", "json"]),
        /// SQL009
        "join-max-tables" join_max_tables: usize = 3,
        /// SQL029
        "table-name-regex" table_name_regex: String = "^[a-z][a-z0-9_]*$".into(),
        /// SQL030
        "column-name-regex" column_name_regex: String = "^[a-z][a-z0-9_]*$".into(),
        /// SQL029, SQL030
        "identifier-max-length" identifier_max_length: usize = 64,
        /// SQL032
        "index-prefixes" index_prefixes: IndexPrefixes = IndexPrefixes::default(),
        /// SQL033
        "boolean-prefix" boolean_prefix: String = "is_".into(),
        /// SQL035; "" bans every DROP TABLE
        "drop-table-suffix" drop_table_suffix: String = "_del".into(),
        /// SQL037: parameters allowed as identifiers, e.g. ["orderBy"]
        "dollar-param-allowlist" dollar_param_allowlist: Vec<String> = Vec::new(),
        /// mapper renderings per statement
        "max-variants" max_variants: usize = 16,
        /// SQL045
        "collation-allowlist" collation_allowlist: Vec<String> = strings(&["utf8mb4_general_ci", "utf8mb4_bin"]),
        /// SQL048
        "char-max" char_max: u64 = 20,
        /// SQL052
        "table-max-columns" table_max_columns: usize = 40,
        /// SQL060
        "index-max-columns" index_max_columns: usize = 5,
        /// SQL061
        "table-max-indexes" table_max_indexes: usize = 10,
        /// SQL066: columns that must be the first column of some index wherever a table has them
        "columns-must-have-index" columns_must_have_index: Vec<String> = Vec::new(),
        /// SQL081: operands of one OR chain
        "where-max-logical-operators" where_max_logical_operators: usize = 10,
        /// SQL082
        "in-list-max" in_list_max: usize = 1000,
        /// SQL083
        "insert-row-limit" insert_row_limit: usize = 1000,
        /// SQL091
        "offset-max" offset_max: u64 = 10000,
        /// SQL094
        "function-denylist" function_denylist: Vec<String> = strings(&["sleep", "benchmark", "uuid", "sysdate"]),
        /// SQL040: non-Zdal middleware's sharding, as a sub-table: table = shard column
        "sharding" sharding: BTreeMap<String, String> = BTreeMap::new(),
    }
    validate: compiles,
    example: "[sql.sharding]\nuser_order = \"user_id\"",
}

/// The section's own validation: dialect, regexes and limits compile.
fn compiles(config: &SqlConfig) -> Result<(), String> {
    config.clone().compile().map(|_| ())
}

/// The SQL dialect statements are parsed with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    MySql,
    Oracle,
    Postgres,
    SqlServer,
    Sqlite,
    Generic,
}

/// The names `dialect` accepts, with what each means: databases that speak another's dialect are read as it.
const DIALECT_NAMES: &[(&str, Dialect)] = &[
    ("mysql", Dialect::MySql),
    ("mariadb", Dialect::MySql),
    ("tidb", Dialect::MySql),
    ("oceanbase", Dialect::MySql),
    ("oracle", Dialect::Oracle),
    ("dm", Dialect::Oracle),
    ("dameng", Dialect::Oracle),
    ("postgres", Dialect::Postgres),
    ("postgresql", Dialect::Postgres),
    ("pgsql", Dialect::Postgres),
    ("pg", Dialect::Postgres),
    ("kingbase", Dialect::Postgres),
    ("kingbasees", Dialect::Postgres),
    ("opengauss", Dialect::Postgres),
    ("gaussdb", Dialect::Postgres),
    ("highgo", Dialect::Postgres),
    ("sqlserver", Dialect::SqlServer),
    ("mssql", Dialect::SqlServer),
    ("sqlite", Dialect::Sqlite),
    ("h2", Dialect::Generic),
    ("hsqldb", Dialect::Generic),
    ("db2", Dialect::Generic),
    ("derby", Dialect::Generic),
    ("generic", Dialect::Generic),
];

/// The dialect a name in the configuration (or a MyBatis `databaseId`) stands for.
pub fn dialect_named(name: &str) -> Option<Dialect> {
    let name = name.trim().to_ascii_lowercase();
    DIALECT_NAMES.iter().find(|(n, _)| *n == name).map(|(_, d)| *d)
}

fn unknown_dialect(key: &str, name: &str) -> String {
    let names: Vec<&str> = DIALECT_NAMES.iter().map(|(n, _)| *n).collect();
    format!("`{key}`: unknown dialect `{name}` (expected one of {})", names.join(", "))
}

/// The dialect a path names: a folder (`oracle/`, `pg/`), the file's name (`postgresql.sql`, `db2_init.sql`)
/// or an inner extension (`schema.pg.sql`). `pg` and `dm` (also "page", "direct message") count only as a whole
/// folder name, a whole file name or an inner extension.
pub fn dialect_hinted(path: &str) -> Option<Dialect> {
    let lower = path.to_ascii_lowercase();
    let mut parts = lower.split('/').rev();
    let file = parts.next().unwrap_or("");
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let whole = |w: &str| dialect_named(w).filter(|_| !w.is_empty());
    let long = |w: &str| whole(w).filter(|_| !matches!(w, "pg" | "dm"));
    // The file's own name first, then its folders from the nearest.
    let inner_ext = stem.rsplit_once('.').and_then(|(_, e)| whole(e));
    let by_name = whole(stem).or(inner_ext).or_else(|| stem.split(['_', '-', '.']).find_map(long));
    by_name.or_else(|| parts.find_map(|dir| whole(dir).or_else(|| dir.split(['_', '-', '.']).find_map(long))))
}

/// The configuration, checked and compiled.
#[derive(Clone, Debug)]
pub struct Settings {
    pub cfg: SqlConfig,
    pub dialect: Dialect,
    /// `[[sql.dialect-overrides]]`, compiled; the last entry that matches a path wins.
    pub dialect_overrides: Vec<(globset::GlobSet, Dialect)>,
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

impl Settings {
    /// The dialect of the file at `path`: a `[[sql.dialect-overrides]]` entry, else a hint in the path, else
    /// `dialect`.
    pub fn dialect_for(&self, path: &str) -> Dialect {
        if let Some((_, d)) = self.dialect_overrides.iter().rev().find(|(set, _)| set.is_match(path)) {
            return *d;
        }
        dialect_hinted(path).unwrap_or(self.dialect)
    }

    /// These settings with statements read in `dialect`.
    pub fn in_dialect(&self, dialect: Dialect) -> Settings {
        Settings { dialect, ..self.clone() }
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
        let dialect = dialect_named(&self.dialect).ok_or_else(|| unknown_dialect("sql.dialect", &self.dialect))?;
        let mut dialect_overrides = Vec::new();
        for o in &self.dialect_overrides {
            let d = dialect_named(&o.dialect).ok_or_else(|| unknown_dialect("sql.dialect-overrides", &o.dialect))?;
            let mut set = globset::GlobSetBuilder::new();
            for p in &o.paths {
                let glob =
                    globset::Glob::new(p).map_err(|e| format!("`sql.dialect-overrides`: invalid glob `{p}`: {e}"))?;
                set.add(glob);
            }
            let set = set.build().map_err(|e| format!("`sql.dialect-overrides`: {e}"))?;
            dialect_overrides.push((set, d));
        }
        let regex = |key: &str, re: &str| Regex::new(re).map_err(|e| format!("`sql.{key}`: invalid regex: {e}"));
        if self.max_variants == 0 {
            return Err("`sql.max-variants` must be at least 1".into());
        }
        Ok(Settings {
            dialect,
            dialect_overrides,
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

/// The compiled settings of a section.
pub fn parse(section: &toml::Table) -> Result<Settings, String> {
    let cfg: SqlConfig = toml::Value::Table(section.clone())
        .try_into()
        .map_err(|e: toml::de::Error| format!("[sql]: {}", e.message()))?;
    cfg.compile()
}

#[cfg(test)]
mod dialect_tests {
    use super::*;

    #[test]
    fn paths_name_their_dialect() {
        let cases = [
            ("script/client/at/db/oracle.sql", Some(Dialect::Oracle)),
            ("script/client/saga/db/db2.sql", Some(Dialect::Generic)),
            ("test/resources/saga/sql/db2_init.sql", Some(Dialect::Generic)),
            ("test/resources/saga/sql/h2_init.sql", Some(Dialect::Generic)),
            ("db/pg_stat.sql", None),
            ("db/h2/schema.sql", Some(Dialect::Generic)),
            ("db/migration/postgresql/V1__init.sql", Some(Dialect::Postgres)),
            ("db/pg/V1__init.sql", Some(Dialect::Postgres)),
            ("db/schema.pg.sql", Some(Dialect::Postgres)),
            ("flyway/sql/mysql/V3__upgrade.sql", Some(Dialect::MySql)),
            ("db/mysql/oracle_compat.sql", Some(Dialect::Oracle)),
            ("db/dm_user.sql", None),
            ("sql/page_view.sql", None),
            ("db/schema.sql", None),
        ];
        for (path, want) in cases {
            assert_eq!(dialect_hinted(path), want, "{path}");
        }
    }

    #[test]
    fn overrides_win_over_hints_and_the_last_one_wins() {
        let cfg: SqlConfig = toml::from_str(
            "dialect-overrides = [{ paths = [\"db/**\"], dialect = \"postgres\" }, { paths = [\"db/legacy/*.sql\"], dialect = \"oracle\" }]",
        )
        .unwrap_or_default();
        let Ok(s) = cfg.compile() else { panic!("compiles") };
        assert_eq!(s.dialect_for("db/mysql/a.sql"), Dialect::Postgres);
        assert_eq!(s.dialect_for("db/legacy/a.sql"), Dialect::Oracle);
        assert_eq!(s.dialect_for("other/oracle.sql"), Dialect::Oracle);
        assert_eq!(s.dialect_for("other/a.sql"), Dialect::MySql);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_compile_and_bad_values_are_named() {
        let s = Settings::default();
        assert_eq!(s.dialect, Dialect::MySql);
        assert_eq!(s.cfg.varchar_max, 5000);
        let validate = |text: &str| (SqlConfig::SPEC.validate)(&toml::from_str(text).unwrap_or_default());
        assert!(validate("dialect = \"informix\"").is_err_and(|e| e.contains("informix") && e.contains("mysql")));
        assert!(validate("dialect = \"DB2\"").is_ok());
        let bad = "dialect-overrides = [{ paths = [\"pg/**\"], dialect = \"pgx\" }]";
        assert!(validate(bad).is_err_and(|e| e.contains("dialect-overrides") && e.contains("pgx")));
        assert!(validate("dialect-overrides = [{ paths = [\"a/[\"], dialect = \"pg\" }]").is_err());
        assert!(validate("table-name-regex = \"(\"").is_err_and(|e| e.contains("table-name-regex")));
        assert!(validate("varchar-max = \"x\"").is_err_and(|e| e.starts_with("invalid `varchar-max` in [sql]:")));
        assert!(validate("index-prefixes = { index = \"i_\" }").is_ok());
    }
}
