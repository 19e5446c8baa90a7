//! TXT009 destroyed-symlink.

use precheck_core::{Finding, RepoCtx, RuleMeta, Severity, Sink, Span};

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT009",
    "destroyed-symlink",
    Severity::Warning,
    "a symlink replaced by a regular file (mode 120000 → 100644)",
    r#"## What it does
With `--base`, reports a path that was a symlink (git mode `120000`) at the base and is a regular or
executable file at the head.

## Why
This is almost always an accident: an editor or a tool on a system without symlink support (Windows
without developer mode, some archive tools) replaced the link with a copy or with a file holding the
link's target path.

## Example
```text
config/current  120000 -> 100644   (now a file containing "prod.yaml")
```

## Use instead
Restore the link (`git checkout <base> -- config/current`), or delete it deliberately in its own change.
"#,
)
.repo();

pub fn check_repo(cx: &RepoCtx<'_>, out: &mut Sink) {
    let Some(changes) = cx.changes else { return };
    if !out.enabled(&RULE) {
        return;
    }
    for (path, change) in &changes.files {
        if change.old_mode == 0o120000 && matches!(change.new_mode, 0o100644 | 0o100755) {
            out.emit(&RULE, || {
                Finding::new(
                    &RULE,
                    Span::file(path.as_str()),
                    format!("`{path}` was a symlink and is now a regular file"),
                )
                .with_help("restore the symlink, or replace it with a file deliberately in a change of its own")
            });
        }
    }
}
