//! `precheck init`: a commented default precheck.toml with every section.

use std::path::Path;

use precheck_core::config::FILE_NAME;

use crate::Fatal;

/// The default configuration: every top-level key at its default, then each check's section.
pub fn default_config() -> String {
    let mut text = String::from(
        r#"# precheck configuration. Every key is shown at its default; `precheck rules` lists the rule codes and
# `precheck explain CODE` explains one.

# The lowest severity that fails the run (exit 1): error, warning, info or never.
fail-on = "error"
# Which findings a run with --base keeps: added (on added or changed lines), diff-context (with 3 lines
# around them), file (anywhere in a changed file) or none (everything).
diff-mode = "added"
# Paths never checked, in addition to .gitignore (globs).
exclude = ["target/**"]
# Files larger than this are not read; they are reported as PC003.
max-file-size = "10MB"
# The same finding on many lines of a file (trailing whitespace) is one finding with the count and the first
# lines; false (or --no-group) reports every line.
group-findings = true

[rules]
# Without `select`, the default set runs: the rules whose findings on real code are nearly all worth acting
# on (`precheck rules` marks them). `select` replaces it: codes (CF001), names (conflict-marker), prefixes
# (CF) or ALL; `extend-select` adds to it; a preset adds a whole group.
# select = ["ALL"]
extend-select = []
# Presets: PRESETS
preset = []
ignore = []
# Severity per rule, e.g. { CF001 = "warning" }.
severity = {}
# Whether a `precheck:allow(CODE)` comment needs a reason after it to count.
require-reason = false

# Vendored, generated and minified files are left out of hygiene, size, long-line and entropy rules. Besides
# `linguist-vendored` / `linguist-generated` in .gitattributes and the built-in lists (node_modules/,
# static/**/lib/, *.min.js, lock files, `@generated`, …), these globs say where they are:
[files]
vendored = []
generated = []

# Per-path selection, applied in order after [rules]:
# [[overrides]]
# paths = ["**/src/test/**"]
# ignore = ["TXT"]
"#,
    );
    let presets: Vec<String> =
        precheck_core::preset::PRESETS.iter().map(|p| format!("\n#   \"{}\": {}", p.name, p.summary)).collect();
    text = text.replace("PRESETS", &presets.concat());
    for check in precheck_checks::builtin() {
        if let Some(spec) = check.config() {
            text.push('\n');
            text.push_str(&spec.init_text());
        }
    }
    text
}

pub fn run(dir: &Path, force: bool) -> Result<u8, Fatal> {
    let root = match precheck_git::Repo::discover(dir) {
        Ok(repo) => repo.workdir().map(Path::to_path_buf).unwrap_or_else(|| dir.to_path_buf()),
        Err(_) => dir.to_path_buf(),
    };
    let path = root.join(FILE_NAME);
    if path.exists() && !force {
        return Err(Fatal(format!("{FILE_NAME} already exists (use --force to replace it)")));
    }
    std::fs::write(&path, default_config()).map_err(|e| Fatal(format!("cannot write {FILE_NAME}: {e}")))?;
    eprintln!("wrote {FILE_NAME}");
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_config_loads_cleanly() {
        let checks = precheck_checks::builtin();
        let rules = precheck_checks::all_rules(&checks);
        let config = precheck_core::Config::parse(&default_config(), FILE_NAME);
        let config = match config {
            Ok(c) => c,
            Err(e) => panic!("default config does not parse: {e}"),
        };
        assert_eq!(config.validate(&checks, &rules), Ok(()));
        assert_eq!(config.exclude, vec!["target/**".to_string()]);
    }
}
