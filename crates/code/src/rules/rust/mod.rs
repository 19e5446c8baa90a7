//! Rust rules on one shared `syn` parse: `RS001`–`RS021` (code.md §5). Each file holds a rule's metadata and
//! the clippy lint it mirrors; the single visitor that finds the constructs is `crate::rust`.

precheck_core::declare_rules! {
    rs001_dbg_macro,
    rs002_todo,
    rs003_unimplemented,
    rs004_panic,
    rs005_unreachable,
    rs006_print_stdout,
    rs007_print_stderr,
    rs008_use_debug,
    rs009_unwrap_used,
    rs010_expect_used,
    rs011_get_unwrap,
    rs012_process_exit,
    rs013_allow_without_reason,
    rs014_test_outside_test_module,
    rs015_unwrap_in_result,
    rs016_panic_in_result_fn,
    rs017_missing_panics_doc,
    rs018_undocumented_unsafe,
    rs019_ignore_without_reason,
    rs020_debug_only_print,
    rs021_rust_parse_error,
}
