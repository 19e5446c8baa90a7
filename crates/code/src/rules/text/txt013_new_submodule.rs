//! TXT013 new-submodule.

use precheck_core::{FileCtx, FileMode, Finding, RepoCtx, RuleMeta, Severity, Sink, Span};

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT013",
    "new-submodule",
    Severity::Warning,
    "a git submodule added to the repository",
    r#"## What it does
Reports a submodule: each `[submodule "…"]` entry of `.gitmodules` (with `--base`, only entries on added
lines, i.e. new submodules), and a gitlink (git mode `160000`) that the change adds without declaring it
in `.gitmodules`.

## Why
Submodules pin another repository by commit. They break shallow CI clones and mirrors that cannot reach
the other server, need `git submodule update` that people forget, and are often a policy decision the
team wants to see.

## Example
```text
[submodule "vendor/libfoo"]
	path = vendor/libfoo
	url = https://example.com/libfoo.git
```

## Use instead
Depend on a released package of the other project, or vendor its files. If the submodule is intended,
suppress the finding with a `precheck:allow` comment naming TXT013 above the entry.
"#,
)
.file_and_repo();

/// Reports each submodule entry of `.gitmodules`.
pub fn check_file(cx: &FileCtx<'_>, out: &mut Sink) {
    if cx.info.file_name() != ".gitmodules" || !out.enabled(&RULE) {
        return;
    }
    let text = cx.text();
    for (_, range) in crate::lines::lines(text) {
        let Some(line) = text.get(range.clone()).map(str::trim) else { continue };
        let Some(rest) = line.strip_prefix("[submodule") else { continue };
        let name = rest.trim_end_matches(']').trim().trim_matches('"');
        out.emit(&RULE, || {
            Finding::new(&RULE, cx.span(range), format!("new submodule `{name}`"))
                .with_help("depend on a released package or vendor the files; submodules break shallow clones")
        });
    }
}

/// Reports gitlinks the change adds without a `.gitmodules` entry (those with one are reported there).
pub fn check_repo(cx: &RepoCtx<'_>, out: &mut Sink) {
    if !out.enabled(&RULE) {
        return;
    }
    let gitlinks: Vec<&str> = match cx.changes {
        Some(changes) => changes
            .files
            .iter()
            .filter(|(_, c)| c.new_mode == 0o160000 && c.old_mode != 0o160000)
            .map(|(p, _)| p.as_str())
            .collect(),
        None => cx.checked.iter().filter(|f| f.mode == FileMode::Gitlink).map(|f| &*f.path).collect(),
    };
    if gitlinks.is_empty() {
        return;
    }
    let modules = cx.source.read(".gitmodules").map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
    for path in gitlinks {
        let declared = modules.lines().any(|l| {
            let l = l.trim();
            l.strip_prefix("path").map(|r| r.trim_start().trim_start_matches('=').trim()) == Some(path)
        });
        if declared {
            continue;
        }
        out.emit(&RULE, || {
            Finding::new(
                &RULE,
                Span::file(path),
                format!("new submodule (gitlink) `{path}`, not declared in `.gitmodules`"),
            )
            .with_help("remove the gitlink (`git rm --cached <path>`), or vendor the files")
        });
    }
}
