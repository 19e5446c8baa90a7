//! One module per ZD rule: its metadata, explanation and logic, each a `check(&Model, &mut Out)` over the
//! shared model.

use std::collections::HashSet;
use std::sync::Arc;

use precheck_core::{Finding, RuleMeta, Sink};

use crate::model::Model;
use crate::spring::Loc;

// GENERATED-LIST-START
pub mod zd001_malformed_xml;
pub mod zd002_undecodable_bytes;
pub mod zd003_missing_config_file;
pub mod zd004_missing_app_bean;
pub mod zd005_file_name_mismatch;
pub mod zd006_duplicate_bean_id;
pub mod zd007_unresolved_bean_ref;
pub mod zd008_unknown_bean_property;
pub mod zd009_property_type_mismatch;
pub mod zd010_blank_app_name;
pub mod zd011_blank_dbmode;
pub mod zd012_empty_app_datasource_list;
pub mod zd013_duplicate_app_datasource_name;
pub mod zd014_blank_app_datasource_name;
pub mod zd015_invalid_database_type;
pub mod zd016_invalid_config_type;
pub mod zd017_empty_physical_datasource_set;
pub mod zd018_duplicate_physical_name;
pub mod zd019_missing_group_rule_map;
pub mod zd020_missing_failover_rule_map;
pub mod zd021_missing_app_rule;
pub mod zd022_group_entry_count;
pub mod zd023_ignored_config_field;
pub mod zd024_blank_physical_name;
pub mod zd025_invalid_jdbc_url;
pub mod zd026_blank_credentials;
pub mod zd027_invalid_conn_bounds;
pub mod zd028_invalid_pool_setting;
pub mod zd029_jdbc_vendor_mismatch;
pub mod zd030_zero_max_conn;
pub mod zd031_plaintext_password;
pub mod zd032_duplicate_logical_db;
pub mod zd033_duplicate_physical_target;
pub mod zd034_useless_statement_cache;
pub mod zd035_invalid_weight_syntax;
pub mod zd036_unknown_weight_datasource;
pub mod zd037_group_without_writer;
pub mod zd038_group_without_reader;
pub mod zd039_ignored_single_weight;
pub mod zd040_db_in_several_groups;
pub mod zd041_priority_levels_used;
pub mod zd042_invalid_failover_syntax;
pub mod zd043_unknown_failover_key;
pub mod zd044_zero_failover_weights;
pub mod zd045_db_in_several_failovers;
pub mod zd046_failover_coverage_gap;
pub mod zd047_conflicting_app_rules;
pub mod zd048_unknown_rule_dbindex;
pub mod zd050_unknown_default_dbindex;
pub mod zd051_duplicate_table_rule_key;
pub mod zd052_inconsistent_rule_metadata;
pub mod zd053_invalid_dbindexes;
pub mod zd054_duplicate_dbindex;
pub mod zd055_invalid_tb_suffix;
pub mod zd056_misspelled_suffix_type;
pub mod zd057_two_column_range_count;
pub mod zd058_uneven_table_distribution;
pub mod zd059_suffix_width_too_large;
pub mod zd060_invalid_rule_token;
pub mod zd061_invalid_rule_expression;
pub mod zd062_missing_shard_rule;
pub mod zd063_db_rule_range_mismatch;
pub mod zd064_tb_rule_range_mismatch;
pub mod zd065_tb_rule_extra_columns;
pub mod zd066_invalid_rule_params;
pub mod zd067_full_table_scan_enabled;
pub mod zd068_unknown_zone_error_mode;
pub mod zd069_unknown_zone_ds;
pub mod zd070_zone_mismatch;
pub mod zd071_invalid_threshold;
pub mod zd072_invalid_setbyrule;
pub mod zd073_invalid_app_dsl;
pub mod zd074_incomplete_zdal_datasource;
pub mod zd075_unknown_app_ds_name;
pub mod zd076_missing_sqlmap_resource;

/// Every ZD rule this crate reports, in code order.
pub static RULES: [&RuleMeta; 75] = [
    &zd001_malformed_xml::RULE,
    &zd002_undecodable_bytes::RULE,
    &zd003_missing_config_file::RULE,
    &zd004_missing_app_bean::RULE,
    &zd005_file_name_mismatch::RULE,
    &zd006_duplicate_bean_id::RULE,
    &zd007_unresolved_bean_ref::RULE,
    &zd008_unknown_bean_property::RULE,
    &zd009_property_type_mismatch::RULE,
    &zd010_blank_app_name::RULE,
    &zd011_blank_dbmode::RULE,
    &zd012_empty_app_datasource_list::RULE,
    &zd013_duplicate_app_datasource_name::RULE,
    &zd014_blank_app_datasource_name::RULE,
    &zd015_invalid_database_type::RULE,
    &zd016_invalid_config_type::RULE,
    &zd017_empty_physical_datasource_set::RULE,
    &zd018_duplicate_physical_name::RULE,
    &zd019_missing_group_rule_map::RULE,
    &zd020_missing_failover_rule_map::RULE,
    &zd021_missing_app_rule::RULE,
    &zd022_group_entry_count::RULE,
    &zd023_ignored_config_field::RULE,
    &zd024_blank_physical_name::RULE,
    &zd025_invalid_jdbc_url::RULE,
    &zd026_blank_credentials::RULE,
    &zd027_invalid_conn_bounds::RULE,
    &zd028_invalid_pool_setting::RULE,
    &zd029_jdbc_vendor_mismatch::RULE,
    &zd030_zero_max_conn::RULE,
    &zd031_plaintext_password::RULE,
    &zd032_duplicate_logical_db::RULE,
    &zd033_duplicate_physical_target::RULE,
    &zd034_useless_statement_cache::RULE,
    &zd035_invalid_weight_syntax::RULE,
    &zd036_unknown_weight_datasource::RULE,
    &zd037_group_without_writer::RULE,
    &zd038_group_without_reader::RULE,
    &zd039_ignored_single_weight::RULE,
    &zd040_db_in_several_groups::RULE,
    &zd041_priority_levels_used::RULE,
    &zd042_invalid_failover_syntax::RULE,
    &zd043_unknown_failover_key::RULE,
    &zd044_zero_failover_weights::RULE,
    &zd045_db_in_several_failovers::RULE,
    &zd046_failover_coverage_gap::RULE,
    &zd047_conflicting_app_rules::RULE,
    &zd048_unknown_rule_dbindex::RULE,
    &zd050_unknown_default_dbindex::RULE,
    &zd051_duplicate_table_rule_key::RULE,
    &zd052_inconsistent_rule_metadata::RULE,
    &zd053_invalid_dbindexes::RULE,
    &zd054_duplicate_dbindex::RULE,
    &zd055_invalid_tb_suffix::RULE,
    &zd056_misspelled_suffix_type::RULE,
    &zd057_two_column_range_count::RULE,
    &zd058_uneven_table_distribution::RULE,
    &zd059_suffix_width_too_large::RULE,
    &zd060_invalid_rule_token::RULE,
    &zd061_invalid_rule_expression::RULE,
    &zd062_missing_shard_rule::RULE,
    &zd063_db_rule_range_mismatch::RULE,
    &zd064_tb_rule_range_mismatch::RULE,
    &zd065_tb_rule_extra_columns::RULE,
    &zd066_invalid_rule_params::RULE,
    &zd067_full_table_scan_enabled::RULE,
    &zd068_unknown_zone_error_mode::RULE,
    &zd069_unknown_zone_ds::RULE,
    &zd070_zone_mismatch::RULE,
    &zd071_invalid_threshold::RULE,
    &zd072_invalid_setbyrule::RULE,
    &zd073_invalid_app_dsl::RULE,
    &zd074_incomplete_zdal_datasource::RULE,
    &zd075_unknown_app_ds_name::RULE,
    &zd076_missing_sqlmap_resource::RULE,
];

/// Runs every rule over the model.
pub fn check_all(m: &Model, sink: &mut Sink<'_>) {
    let out = &mut Out::new(sink);
    zd001_malformed_xml::check(m, out);
    zd002_undecodable_bytes::check(m, out);
    zd003_missing_config_file::check(m, out);
    zd004_missing_app_bean::check(m, out);
    zd005_file_name_mismatch::check(m, out);
    zd006_duplicate_bean_id::check(m, out);
    zd007_unresolved_bean_ref::check(m, out);
    zd008_unknown_bean_property::check(m, out);
    zd009_property_type_mismatch::check(m, out);
    zd010_blank_app_name::check(m, out);
    zd011_blank_dbmode::check(m, out);
    zd012_empty_app_datasource_list::check(m, out);
    zd013_duplicate_app_datasource_name::check(m, out);
    zd014_blank_app_datasource_name::check(m, out);
    zd015_invalid_database_type::check(m, out);
    zd016_invalid_config_type::check(m, out);
    zd017_empty_physical_datasource_set::check(m, out);
    zd018_duplicate_physical_name::check(m, out);
    zd019_missing_group_rule_map::check(m, out);
    zd020_missing_failover_rule_map::check(m, out);
    zd021_missing_app_rule::check(m, out);
    zd022_group_entry_count::check(m, out);
    zd023_ignored_config_field::check(m, out);
    zd024_blank_physical_name::check(m, out);
    zd025_invalid_jdbc_url::check(m, out);
    zd026_blank_credentials::check(m, out);
    zd027_invalid_conn_bounds::check(m, out);
    zd028_invalid_pool_setting::check(m, out);
    zd029_jdbc_vendor_mismatch::check(m, out);
    zd030_zero_max_conn::check(m, out);
    zd031_plaintext_password::check(m, out);
    zd032_duplicate_logical_db::check(m, out);
    zd033_duplicate_physical_target::check(m, out);
    zd034_useless_statement_cache::check(m, out);
    zd035_invalid_weight_syntax::check(m, out);
    zd036_unknown_weight_datasource::check(m, out);
    zd037_group_without_writer::check(m, out);
    zd038_group_without_reader::check(m, out);
    zd039_ignored_single_weight::check(m, out);
    zd040_db_in_several_groups::check(m, out);
    zd041_priority_levels_used::check(m, out);
    zd042_invalid_failover_syntax::check(m, out);
    zd043_unknown_failover_key::check(m, out);
    zd044_zero_failover_weights::check(m, out);
    zd045_db_in_several_failovers::check(m, out);
    zd046_failover_coverage_gap::check(m, out);
    zd047_conflicting_app_rules::check(m, out);
    zd048_unknown_rule_dbindex::check(m, out);
    zd050_unknown_default_dbindex::check(m, out);
    zd051_duplicate_table_rule_key::check(m, out);
    zd052_inconsistent_rule_metadata::check(m, out);
    zd053_invalid_dbindexes::check(m, out);
    zd054_duplicate_dbindex::check(m, out);
    zd055_invalid_tb_suffix::check(m, out);
    zd056_misspelled_suffix_type::check(m, out);
    zd057_two_column_range_count::check(m, out);
    zd058_uneven_table_distribution::check(m, out);
    zd059_suffix_width_too_large::check(m, out);
    zd060_invalid_rule_token::check(m, out);
    zd061_invalid_rule_expression::check(m, out);
    zd062_missing_shard_rule::check(m, out);
    zd063_db_rule_range_mismatch::check(m, out);
    zd064_tb_rule_range_mismatch::check(m, out);
    zd065_tb_rule_extra_columns::check(m, out);
    zd066_invalid_rule_params::check(m, out);
    zd067_full_table_scan_enabled::check(m, out);
    zd068_unknown_zone_error_mode::check(m, out);
    zd069_unknown_zone_ds::check(m, out);
    zd070_zone_mismatch::check(m, out);
    zd071_invalid_threshold::check(m, out);
    zd072_invalid_setbyrule::check(m, out);
    zd073_invalid_app_dsl::check(m, out);
    zd074_incomplete_zdal_datasource::check(m, out);
    zd075_unknown_app_ds_name::check(m, out);
    zd076_missing_sqlmap_resource::check(m, out);
}
// GENERATED-LIST-END

/// The sink, deduplicating: a TableRule or AppRule shared by several data sources or slots is judged once
/// per use, and the same finding must be reported once.
pub struct Out<'s, 'p> {
    sink: &'s mut Sink<'p>,
    seen: HashSet<(&'static str, Arc<str>, usize, usize, String)>,
}

impl<'s, 'p> Out<'s, 'p> {
    pub fn new(sink: &'s mut Sink<'p>) -> Self {
        Out { sink, seen: HashSet::new() }
    }

    pub fn enabled(&self, rule: &RuleMeta) -> bool {
        self.sink.enabled(rule)
    }

    pub fn emit(&mut self, rule: &'static RuleMeta, build: impl FnOnce() -> Finding) {
        if !self.sink.enabled(rule) {
            return;
        }
        let f = build();
        let key = (f.code, Arc::clone(&f.primary.path), f.primary.range.start, f.primary.range.end, f.message.clone());
        if self.seen.insert(key) {
            self.sink.push(f);
        }
    }
}

/// A finding of `rule` at `loc`.
pub fn at(m: &Model, rule: &'static RuleMeta, loc: &Loc, message: impl Into<String>) -> Finding {
    Finding::new(rule, m.span(loc), message)
}
