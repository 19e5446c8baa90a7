//! TXT019 branch-permalink.
// precheck:allow-file(TXT019) the explanation's example is the link this rule reports

use std::sync::LazyLock;

use precheck_core::{FileCtx, Finding, RuleMeta, Severity, Sink};
use regex::Regex;

use crate::lines::{FileScan, capped, line_around};

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT019",
    "branch-permalink",
    Severity::Warning,
    "a link to lines of a file on a branch (`/blob/main/…#L10`) instead of a commit",
    r#"## What it does
Finds links to line numbers of a file on GitHub or GitLab (`…/blob/<ref>/path#L10`, `…/-/blob/<ref>/…`)
whose `<ref>` is a branch name rather than a commit hash. Refs containing a dot (`v1.2.0` tags) are
treated as stable.

## Why
The branch moves on: a week later line 10 is a different line, or the file is gone, and the link points
reviewers at the wrong code.

## Example
```text
See https://github.com/acme/pay/blob/main/src/retry.rs#L42
```

## Use instead
Press `y` on GitHub to turn the URL into a permalink:
```text
See https://github.com/acme/pay/blob/3f9c2e1d7a8b/src/retry.rs#L42
```
"#,
)
.opt_in();

static LINK: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"https?://[^\s/]+/[^\s/]+/[^\s/]+/(?:-/)?blob/([^\s/.]+)/[^\s#]*#L[0-9]+").ok());

fn is_commit(reference: &str) -> bool {
    (4..=64).contains(&reference.len()) && reference.bytes().all(|b| b.is_ascii_hexdigit())
}

static BLOB: LazyLock<memchr::memmem::Finder<'static>> = LazyLock::new(|| memchr::memmem::Finder::new(b"/blob/"));

pub fn check(cx: &FileCtx<'_>, file: &FileScan, out: &mut Sink) {
    if !out.enabled(&RULE) || BLOB.find(cx.bytes).is_none() {
        return;
    }
    let Some(link) = LINK.as_ref() else { return };
    let text = cx.text();
    let mut next_line = 0;
    for hit in BLOB.find_iter(text.as_bytes()) {
        if hit < next_line {
            continue;
        }
        let line = line_around(text, hit);
        next_line = line.end;
        let window = capped(text, line.clone(), file.cap);
        #[allow(clippy::string_slice, reason = "a line from `line_around`, cut by `capped` on a character boundary")]
        let hay = &text[window.clone()];
        for caps in link.captures_iter(hay) {
            let (Some(whole), Some(reference)) = (caps.get(0), caps.get(1)) else { continue };
            if is_commit(reference.as_str()) {
                continue;
            }
            let at = window.start + whole.start()..window.start + whole.end();
            let name = reference.as_str().to_string();
            out.emit(&RULE, || {
                Finding::new(&RULE, cx.span(at), format!("link to line numbers on branch `{name}`, not on a commit"))
                    .with_help("link to a commit hash instead (press `y` on the GitHub file view)")
            });
        }
    }
}
