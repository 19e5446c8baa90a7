//! TXT006 large-file.

use precheck_core::attributes::AttrState;
use precheck_core::{FileMode, Finding, RepoCtx, Revision, RuleMeta, Severity, Sink, Span};

use crate::config::Settings;

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT006",
    "large-file",
    Severity::Error,
    "an added file over `max-kb` (default 500 KiB)",
    r#"## What it does
Reports a file over `max-kb` KiB (default 500) from its size in the file list alone; the content is not
read. With `--base`, only files the change adds are reported (a file that was already large stays
quiet). Paths matching `large-file-allowlist` globs are exempt, and so are files tracked by Git LFS
(`filter=lfs` in `.gitattributes`) — unless a commit or the index holds the full content instead of the
small LFS pointer, which means Git LFS was not installed when the file was added.

## Why
Everything committed stays in the history forever: every clone downloads it, even after the file is
deleted. A stray dump, jar or video makes the repository slow for everyone.

## Example
```text
data/export-2024.csv   (38 MB)
```

## Use instead
Keep large artefacts out of git (a package registry, object storage), track them with Git LFS
(`git lfs track "*.csv"`), or allow the path in precheck.toml:
```toml
[code]
large-file-allowlist = ["assets/fonts/**"]
```
"#,
)
.opt_in()
.repo();

pub fn check_repo(cx: &RepoCtx<'_>, settings: &Settings, out: &mut Sink) {
    if !out.enabled(&RULE) {
        return;
    }
    let limit = settings.config.max_kb.saturating_mul(1024);
    for file in cx.checked {
        if !matches!(file.mode, FileMode::Regular | FileMode::Executable) || file.size <= limit {
            continue;
        }
        if settings.large_file_allow.is_match(&*file.path) {
            continue;
        }
        // A lock file, a vendored library or a generated parser is as large as its maker made it.
        if !precheck_core::origin::of_path(&file.path, cx.attributes, &cx.config.origin_globs).is_authored() {
            continue;
        }
        let lfs = matches!(cx.attributes.get(&file.path, "filter"), Some(AttrState::Value(v)) if v == "lfs");
        // In the working tree an LFS file holds its real content; in a commit or the index it must be a pointer.
        if lfs && *cx.revision == Revision::WorkTree {
            continue;
        }
        let kib = file.size.div_ceil(1024);
        let message = if lfs {
            format!(
                "`{}` is {kib} KiB and marked `filter=lfs`, but was committed without Git LFS (not as a pointer)",
                file.path
            )
        } else {
            format!("`{}` is {kib} KiB, over the {} KiB limit for added files", file.path, settings.config.max_kb)
        };
        out.emit(&RULE, || {
            Finding::new(&RULE, Span::file(file.path.clone()), message).with_help(
                "keep large artefacts out of git, track them with Git LFS, or add the path to \
                 `large-file-allowlist` in [code]",
            )
        });
    }
}
