//! Text and repository hygiene: `TXT001`–`TXT022` (code.md §3).

pub mod branch_permalink;
pub mod broken_symlink;
pub mod byte_order_mark;
pub mod case_conflict;
pub mod destroyed_symlink;
pub mod encoding_mismatch;
pub mod executable_without_shebang;
pub mod illegal_windows_name;
pub mod invalid_json;
pub mod invalid_toml;
pub mod invalid_utf8;
pub mod invalid_xml;
pub mod invalid_yaml;
pub mod large_file;
pub mod missing_final_newline;
pub mod mixed_line_endings;
pub mod new_submodule;
pub mod protected_branch;
pub mod shebang_not_executable;
pub mod todo_comment;
pub mod trailing_blank_lines;
pub mod trailing_whitespace;
