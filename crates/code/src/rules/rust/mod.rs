//! Rust rules on one shared `syn` parse: `RS001`–`RS021` (code.md §5). Each file holds a rule's metadata and
//! the clippy lint it mirrors; the single visitor that finds the constructs is `crate::rust`.

pub mod allow_without_reason;
pub mod dbg_macro;
pub mod debug_only_print;
pub mod expect_used;
pub mod get_unwrap;
pub mod ignore_without_reason;
pub mod missing_panics_doc;
pub mod panic;
pub mod panic_in_result_fn;
pub mod print_stderr;
pub mod print_stdout;
pub mod process_exit;
pub mod rust_parse_error;
pub mod test_outside_test_module;
pub mod todo;
pub mod undocumented_unsafe;
pub mod unimplemented;
pub mod unreachable;
pub mod unwrap_in_result;
pub mod unwrap_used;
pub mod use_debug;
