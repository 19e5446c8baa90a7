//! The configuration every command loads: precheck.toml found from the starting directory up to the
//! repository's root, validated against the built-in checks (unknown keys and rule codes are errors).

use std::path::Path;

use precheck_core::Config;

use crate::Fatal;

/// Loads precheck.toml (from `dir` upward) and validates it against the built-in checks.
pub fn load(dir: &Path) -> Result<Config, Fatal> {
    let checks = precheck_checks::builtin();
    let rules = precheck_checks::all_rules(&checks);
    let start = dir.canonicalize().map_err(|e| Fatal(format!("cannot open directory {}: {e}", dir.display())))?;
    let config = match Config::find(&start) {
        Some(path) => {
            tracing::debug!("configuration: {}", path.display());
            Config::load(&path, precheck_core::config::FILE_NAME)?
        }
        None => Config::default(),
    };
    config.validate(&checks, &rules)?;
    Ok(config)
}
