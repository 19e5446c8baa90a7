//! TXT008 broken-symlink.

use precheck_core::{FileMode, Finding, RepoCtx, RuleMeta, Severity, Sink, Span};

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT008",
    "broken-symlink",
    Severity::Warning,
    "a symlink whose target does not exist in the tree",
    r#"## What it does
Resolves every symlink of the run (git mode `120000`) against the tree being checked and reports one whose
target is neither a file nor a directory of the tree. Absolute targets and targets that leave the
repository are outside what can be checked and stay quiet.

## Why
A dangling link breaks the checkout for whoever uses it: builds fail with "no such file" far from the
cause, usually after the target was renamed or deleted.

## Example
```text
docs/latest -> ../site/v2     (site/v2 was renamed to site/v3)
```

## Use instead
Point the link at the new location, or delete it.
"#,
)
.repo();

/// `target` resolved against the directory of `link`, or `None` if absolute or outside the repository.
pub(crate) fn resolve(link: &str, target: &str) -> Option<String> {
    if target.starts_with('/') || target.contains(':') {
        return None;
    }
    let mut parts: Vec<&str> = link.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

pub fn check_repo(cx: &RepoCtx<'_>, out: &mut Sink) {
    if !out.enabled(&RULE) {
        return;
    }
    for link in cx.checked.iter().filter(|f| f.mode == FileMode::Symlink) {
        let Ok(bytes) = cx.source.read(&link.path) else { continue };
        let target = String::from_utf8_lossy(&bytes).trim_end_matches('\n').to_string();
        let Some(resolved) = resolve(&link.path, &target) else { continue };
        if resolved.is_empty() || cx.source.exists(&resolved) {
            continue;
        }
        // A directory target: some file lives below it.
        let files = cx.source.paths();
        let dir = format!("{resolved}/");
        let at = files.partition_point(|f| *f.path < *dir);
        if files.get(at).is_some_and(|f| f.path.starts_with(&dir)) {
            continue;
        }
        out.emit(&RULE, || {
            Finding::new(
                &RULE,
                Span::file(link.path.clone()),
                format!("symlink `{}` points to `{target}`, which does not exist", link.path),
            )
            .with_help("point the link at an existing path, or delete it")
        });
    }
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn resolves_relative_targets() {
        assert_eq!(resolve("docs/latest", "../site/v2").as_deref(), Some("site/v2"));
        assert_eq!(resolve("a", "./b").as_deref(), Some("b"));
        assert_eq!(resolve("a", "../b"), None);
        assert_eq!(resolve("a", "/etc/passwd"), None);
    }
}
