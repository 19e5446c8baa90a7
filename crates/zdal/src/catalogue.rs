//! The public sharding catalogue (zdal.md §7): for every Zdal app and AppDataSource, each logical table with
//! its shard columns, its data source and the place of its TableRule. precheck-sql reads it to judge SQL
//! (ZD049, ZD101+); it is a run-wide fact built lazily, once, by whoever asks first.

use std::collections::BTreeMap;
use std::sync::Arc;

use precheck_core::{RepoCtx, Span};

use crate::config::ZdalConfig;
use crate::grammar::{self, SuffixError};
use crate::model::{Model, Role};

/// One logical table of one AppDataSource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogueTable {
    /// The logical table, lower-cased as Zdal keys `tableRules`.
    pub table: String,
    /// Columns the dbRules read (`#col#`), lower-cased, in first-seen order.
    pub db_columns: Vec<String>,
    /// Columns the tbRules read.
    pub tb_columns: Vec<String>,
    /// Columns declared with range enumeration (`#col,step,count#`): a range predicate on them routes.
    pub range_columns: Vec<String>,
    /// Number of dbIndexes (physical databases the table spans); 0 when not statically known.
    pub db_count: usize,
    /// Tables per database from the tbSuffix, when it parses.
    pub tables_per_db: Option<u64>,
    /// `disableFullTableScan` (default true): whether an unsharded statement fails instead of fanning out.
    pub disable_full_table_scan: bool,
    /// Whether a masterRule (or readwriteRule) routes writes to it.
    pub writable: bool,
    /// Whether a slaveRule (or readwriteRule) routes reads to it.
    pub readable: bool,
    /// The TableRule bean (its id, else its start tag): where labels "shard column declared here" point.
    pub rule: Span,
    /// The `tableRules` entry key naming the table.
    pub key: Span,
}

impl CatalogueTable {
    /// Every shard column (db columns, then tb columns not already listed).
    pub fn shard_columns(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.db_columns.iter().map(String::as_str).collect();
        for c in &self.tb_columns {
            if !out.contains(&c.as_str()) {
                out.push(c);
            }
        }
        out
    }

    /// Whether the table spans more than one physical table (multi-DB or multi-table route).
    pub fn is_sharded(&self) -> bool {
        self.db_count > 1 || self.tables_per_db.is_some_and(|k| k > 1)
    }
}

/// One AppDataSourceBean: what a `ZdalDataSource(appName, appDsName)` connects to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogueDataSource {
    pub app_name: String,
    pub app_ds_name: String,
    pub dbmode: String,
    /// `configType`, upper-cased (`SHARD`, `GROUP`, …), when valid.
    pub config_type: Option<String>,
    /// `dataBaseType`, lower-cased.
    pub db_type: Option<String>,
    pub pool_keys: Vec<String>,
    /// Whether an AppRule is wired at all.
    pub has_rule: bool,
    /// Whether writes have a rule (masterRule or readwriteRule); without one Zdal refuses every write.
    pub has_master_rule: bool,
    /// `ShardRule.defaultDbIndex` of the write (else read) rule, when non-empty: unmapped tables go there.
    pub default_db_index: Option<String>,
    pub tables: Vec<CatalogueTable>,
    /// The AppDataSourceBean.
    pub location: Span,
}

impl CatalogueDataSource {
    /// The table rule for `table` (compared lower-cased, schema prefix stripped).
    pub fn table(&self, table: &str) -> Option<&CatalogueTable> {
        let t = table.rsplit('.').next().unwrap_or(table).trim_matches('`').to_ascii_lowercase();
        self.tables.iter().find(|x| x.table == t)
    }
}

/// Every Zdal data source of the repository, in (app, data source) order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShardingCatalogue {
    pub data_sources: Vec<CatalogueDataSource>,
}

impl ShardingCatalogue {
    /// The catalogue of the revision being checked, built once per run.
    pub fn of(cx: &RepoCtx<'_>) -> Arc<ShardingCatalogue> {
        cx.fact(|| {
            let cfg = cx.config.section_as::<ZdalConfig>("zdal").unwrap_or_default();
            ShardingCatalogue::from_model(&Model::build(cx.source, cfg.profile, cx.cache_dir))
        })
    }

    /// The data source a `ZdalDataSource(appName, appDsName)` names.
    pub fn data_source(&self, app_name: &str, app_ds_name: &str) -> Option<&CatalogueDataSource> {
        self.data_sources.iter().find(|d| d.app_name == app_name && d.app_ds_name == app_ds_name)
    }

    /// Every (data source, table) whose logical table is `table`.
    pub fn tables_named<'c>(&'c self, table: &str) -> Vec<(&'c CatalogueDataSource, &'c CatalogueTable)> {
        self.data_sources.iter().filter_map(|d| d.table(table).map(|t| (d, t))).collect()
    }

    pub fn from_model(m: &Model) -> ShardingCatalogue {
        let mut data_sources = Vec::new();
        for ds in &m.app_ds {
            let pair = &m.pairs[ds.pair];
            let app_name =
                pair.app.and_then(|a| m.str_prop(a, "appName")).map(|(s, _)| s.trim().to_string()).unwrap_or_default();
            let dbmode =
                pair.app.and_then(|a| m.str_prop(a, "dbmode")).map(|(s, _)| s.trim().to_string()).unwrap_or_default();
            let mut tables: BTreeMap<String, CatalogueTable> = BTreeMap::new();
            let mut default_db_index = None;
            for role in [Role::Master, Role::ReadWrite, Role::Slave] {
                for t in ds.tables.iter().filter(|t| t.role == role) {
                    if default_db_index.is_none() {
                        default_db_index = m
                            .str_prop(t.shard_rule, "defaultDbIndex")
                            .map(|(s, _)| s.trim().to_string())
                            .filter(|s| !s.is_empty());
                    }
                    let Some(tr) = t.table_rule else { continue };
                    let Some(info) = m.table_rules.get(&tr) else { continue };
                    let entry = tables.entry(t.key.clone()).or_insert_with(|| {
                        let cols = |rules: &[(String, precheck_xml::beans::Loc)], range: &mut Vec<String>| {
                            let mut out: Vec<String> = Vec::new();
                            for (r, _) in rules {
                                for tok in grammar::tokens(r).0 {
                                    if tok.error.is_none()
                                        && r.get(tok.off..tok.off + tok.len).is_some_and(|t| t.contains(','))
                                        && !range.contains(&tok.column)
                                    {
                                        range.push(tok.column.clone());
                                    }
                                    if !out.contains(&tok.column) {
                                        out.push(tok.column);
                                    }
                                }
                            }
                            out
                        };
                        let mut range_columns = Vec::new();
                        let db_columns = cols(&info.db_rules, &mut range_columns);
                        let tb_columns = cols(&info.tb_rules, &mut range_columns);
                        let db_count = info.db_indexes.as_ref().map_or(0, |d| d.count());
                        CatalogueTable {
                            table: t.key.clone(),
                            db_columns,
                            tb_columns,
                            range_columns,
                            db_count,
                            tables_per_db: info.suffix.as_ref().and_then(|(s, _)| tables_per_db(s, db_count)),
                            disable_full_table_scan: info.disable_full_table_scan,
                            writable: false,
                            readable: false,
                            rule: m.span(m.beans[tr].at()),
                            key: m.span(&t.key_loc),
                        }
                    });
                    entry.writable |= matches!(role, Role::Master | Role::ReadWrite);
                    entry.readable |= matches!(role, Role::Slave | Role::ReadWrite);
                }
            }
            data_sources.push(CatalogueDataSource {
                app_name,
                app_ds_name: ds.name.clone(),
                dbmode,
                config_type: ds.config.map(|c| c.as_str().to_string()),
                db_type: ds.db_type.clone(),
                pool_keys: ds.pool_keys.keys().cloned().collect(),
                has_rule: ds.app_rule.is_some(),
                has_master_rule: ds.tables.iter().any(|t| matches!(t.role, Role::Master | Role::ReadWrite))
                    || ds
                        .app_rule
                        .is_some_and(|r| m.prop(r, "masterRule").is_some() || m.prop(r, "readwriteRule").is_some()),
                default_db_index,
                tables: tables.into_values().collect(),
                location: m.span(m.beans[ds.bean].at()),
            });
        }
        data_sources.sort_by(|a, b| (&a.app_name, &a.app_ds_name).cmp(&(&b.app_name, &b.app_ds_name)));
        ShardingCatalogue { data_sources }
    }
}

/// Tables per database for a tbSuffix (resetForEachDB: the range; throughAllDB: the range over the dbs).
pub fn tables_per_db(suffix: &str, db_count: usize) -> Option<u64> {
    let s = grammar::parse_suffix(suffix).ok()?;
    let r = s.ranges.first()?;
    match s.kind.as_str() {
        "resetForEachDB" => Some(r.count()),
        "dbIndexForEachDB" => Some(1),
        // RUNTIME-SEMANTICS.md 5.16: every DB gets the full product of the two ranges.
        "twoColumnForEachDB" => s.ranges.get(1).map(|r2| r.count().saturating_mul(r2.count())),
        k if k.starts_with("groovy") => None,
        _ if db_count > 0 => Some(r.count() / db_count as u64),
        _ => None,
    }
}

/// Whether a suffix error is a parse failure (for callers that only want a count).
pub fn suffix_broken(suffix: &str) -> bool {
    matches!(
        grammar::parse_suffix(suffix),
        Err(SuffixError::Invalid(..) | SuffixError::RangeCount(_) | SuffixError::TooWide(_))
    )
}
