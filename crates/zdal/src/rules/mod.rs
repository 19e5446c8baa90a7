//! One module per ZD rule: its metadata, explanation and logic, each a `check(&Model, &mut Sink)` over the
//! shared model.

use precheck_core::{Finding, RuleMeta, Sink};

use crate::model::Model;
use precheck_xml::beans::Loc;

precheck_core::declare_rules! {
    /// Every rule's check over the shared model, in code order.
    pub static CHECKS: [fn(&Model, &mut Sink<'_>)] = check;
    zd001_malformed_xml,
    zd002_undecodable_bytes,
    zd003_missing_config_file,
    zd004_missing_app_bean,
    zd005_file_name_mismatch,
    zd006_duplicate_bean_id,
    zd007_unresolved_bean_ref,
    zd008_unknown_bean_property,
    zd009_property_type_mismatch,
    zd010_blank_app_name,
    zd011_blank_dbmode,
    zd012_empty_app_datasource_list,
    zd013_duplicate_app_datasource_name,
    zd014_blank_app_datasource_name,
    zd015_invalid_database_type,
    zd016_invalid_config_type,
    zd017_empty_physical_datasource_set,
    zd018_duplicate_physical_name,
    zd019_missing_group_rule_map,
    zd020_missing_failover_rule_map,
    zd021_missing_app_rule,
    zd022_group_entry_count,
    zd023_ignored_config_field,
    zd024_blank_physical_name,
    zd025_invalid_jdbc_url,
    zd026_blank_credentials,
    zd027_invalid_conn_bounds,
    zd028_invalid_pool_setting,
    zd029_jdbc_vendor_mismatch,
    zd030_zero_max_conn,
    zd031_plaintext_password,
    zd032_duplicate_logical_db,
    zd033_duplicate_physical_target,
    zd034_useless_statement_cache,
    zd035_invalid_weight_syntax,
    zd036_unknown_weight_datasource,
    zd037_group_without_writer,
    zd038_group_without_reader,
    zd039_ignored_single_weight,
    zd040_db_in_several_groups,
    zd041_priority_levels_used,
    zd042_invalid_failover_syntax,
    zd043_unknown_failover_key,
    zd044_zero_failover_weights,
    zd045_db_in_several_failovers,
    zd046_failover_coverage_gap,
    zd047_conflicting_app_rules,
    zd048_unknown_rule_dbindex,
    zd050_unknown_default_dbindex,
    zd051_duplicate_table_rule_key,
    zd052_inconsistent_rule_metadata,
    zd053_invalid_dbindexes,
    zd054_duplicate_dbindex,
    zd055_invalid_tb_suffix,
    zd056_misspelled_suffix_type,
    zd057_two_column_range_count,
    zd058_uneven_table_distribution,
    zd059_suffix_width_too_large,
    zd060_invalid_rule_token,
    zd061_invalid_rule_expression,
    zd062_missing_shard_rule,
    zd063_db_rule_range_mismatch,
    zd064_tb_rule_range_mismatch,
    zd065_tb_rule_extra_columns,
    zd066_invalid_rule_params,
    zd067_full_table_scan_enabled,
    zd068_unknown_zone_error_mode,
    zd069_unknown_zone_ds,
    zd070_zone_mismatch,
    zd071_invalid_threshold,
    zd072_invalid_setbyrule,
    zd073_invalid_app_dsl,
    zd074_incomplete_zdal_datasource,
    zd075_unknown_app_ds_name,
    zd076_missing_sqlmap_resource,
    zd077_undecided_profile,
    zd078_missing_zone_ds_set,
    zd079_tb_rules_without_suffix,
    zd080_no_dispatcher,
    zd081_unencrypted_password,
    zd082_failover_key_pairs,
    zd083_table_rule_without_init,
}

/// Runs every rule over the model.
pub fn check_all(m: &Model, sink: &mut Sink<'_>) {
    for (_, check) in CHECKS {
        check(m, sink);
    }
}

/// A finding of `rule` at `loc`.
pub fn at(m: &Model, rule: &'static RuleMeta, loc: &Loc, message: impl Into<String>) -> Finding {
    Finding::new(rule, m.span(loc), message)
}
