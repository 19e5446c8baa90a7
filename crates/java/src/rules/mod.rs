//! Every rule of the `java` check, one per file: its metadata, its explanation (citing the Alibaba Java manual's
//! item it enforces) and its logic.
//!
//! A file rule names the node kinds it looks at (`KINDS`) and is handed each node of those kinds once by the
//! walk in [`crate::tree`]; a text rule (`Text`) reads the file's lines. JV000 and the mapper rules (JV050…)
//! are run by hand: the former by the walk when the file does not parse, the latter from `check_repo`.
//! [`types`] is not a rule: it types the members of the repository's own classes for JV002 and JV003.

use tree_sitter::Node;

pub mod types;

use crate::tree::Cx;
use precheck_core::Sink;

/// How a rule runs.
pub enum Run {
    /// On every node of these kinds.
    Node(&'static [&'static str], fn(&Cx<'_>, Node<'_>, &mut Sink)),
    /// Once on the file's text.
    Text(fn(&Cx<'_>, &mut Sink)),
}

precheck_core::declare_rules! {
    /// The file rules and how each runs.
    pub static DISPATCH: [Run];
    jv000_syntax_error,
    jv001_equals_on_nullable => Node(KINDS, check),
    jv002_boxed_equality => Node(KINDS, check),
    jv003_bigdecimal_from_double => Node(KINDS, check),
    jv004_static_date_format => Node(KINDS, check),
    jv005_executors_pool => Node(KINDS, check),
    jv006_new_thread => Node(KINDS, check),
    jv007_switch_without_default => Node(KINDS, check),
    jv008_switch_fallthrough => Node(KINDS, check),
    jv009_missing_braces => Node(KINDS, check),
    jv010_lowercase_long_suffix => Node(KINDS, check),
    jv011_empty_catch => Node(KINDS, check),
    jv012_print_stack_trace => Node(KINDS, check),
    jv013_system_out => Node(KINDS, check),
    jv014_concrete_logging_api => Node(KINDS, check),
    jv015_transactional_without_rollback => Node(KINDS, check),
    jv016_sublist_cast => Node(KINDS, check),
    jv017_aslist_modified => Node(KINDS, check),
    jv018_modify_in_foreach => Node(KINDS, check),
    jv019_equals_without_hashcode => Node(KINDS, check),
    jv020_magic_constant => Node(KINDS, check),
    jv021_class_naming => Node(KINDS, check),
    jv022_constant_naming => Node(KINDS, check),
    jv023_abstract_class_naming => Node(KINDS, check),
    jv024_exception_class_naming => Node(KINDS, check),
    jv025_test_class_naming => Node(KINDS, check),
    jv026_pojo_boolean_is_prefix => Node(KINDS, check),
    jv027_sleep_in_test_loop => Node(KINDS, check),
    jv028_system_exit => Node(KINDS, check),
    jv029_return_in_finally => Node(KINDS, check),
    jv030_week_year_pattern => Node(KINDS, check),
    jv031_pattern_compile_in_method => Node(KINDS, check),
    jv032_to_array_cast => Node(KINDS, check),
    jv033_pool_without_thread_factory => Node(KINDS, check),
    jv034_missing_override => Node(KINDS, check),
    jv035_size_compared_to_zero => Node(KINDS, check),
    jv036_to_map_without_merge => Node(KINDS, check),
    jv037_log_concatenation => Node(KINDS, check),
    jv038_line_too_long => Text(check),
    jv039_pojo_primitive_field => Node(KINDS, check),
    jv040_pojo_default_value => Node(KINDS, check),
    jv050_missing_statement,
    jv051_duplicate_statement,
    jv052_orphan_statement,
    jv053_unknown_parameter,
    jv054_unresolved_result_map,
}
