//! Rust rules on one shared `syn` parse: `RS001`–`RS021` (code.md §5). Each file holds a rule's metadata and
//! the clippy lint it mirrors; the single visitor that finds the constructs is `crate::rust`.

precheck_core::declare_rules! {
    dbg_macro,
    todo,
    unimplemented,
    panic,
    unreachable,
    print_stdout,
    print_stderr,
    use_debug,
    unwrap_used,
    expect_used,
    get_unwrap,
    process_exit,
    allow_without_reason,
    test_outside_test_module,
    unwrap_in_result,
    panic_in_result_fn,
    missing_panics_doc,
    undocumented_unsafe,
    ignore_without_reason,
    debug_only_print,
    rust_parse_error,
}
