//! TXT020 todo-comment.
// precheck:allow-file(TXT020) the explanation below shows the comments this rule reports

use std::sync::LazyLock;

use precheck_core::{FileCtx, Finding, RuleMeta, Severity, Sink};
use regex::Regex;

use crate::config::Settings;
use crate::lines::{FileScan, in_comment, line_around};

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT020",
    "todo-comment",
    Severity::Info,
    "a `TODO`, `FIXME` or `XXX` comment",
    r#"## What it does
Reports `TODO`, `FIXME` and `XXX` (upper case, as whole words) in a comment of the file's own syntax,
chosen by extension (`//`, `/*` and `*` lines for C-like languages and Rust, `#` for shell, Python, YAML,
TOML and properties, `--` for SQL, `<!--` for XML, HTML and Markdown, …), where the opener starts the line
or follows a blank. `XXX` also serves as a placeholder (`errno: XXX`, "the last XXX day of the month"): it
counts only at the start of the comment's text or before `:`, `(` or the end of the line. With `--base`,
only comments on added lines. With `todo-require-issue = true` in
`[code]`, only those without an issue reference (`#123`, `PAY-42`, a URL).

## Why
A TODO is debt the change takes on. Making it visible in review lets the team decide whether it is
tracked somewhere or forgotten the day it merges.

## Example
```rust
// TODO: retry on timeout
```

## Use instead
```rust
// TODO(PAY-1234): retry on timeout
```
or do the work now.
"#,
)
.opt_in();

const TAGS: [&str; 3] = ["TODO", "FIXME", "XXX"];

/// One pass for the three tags: the regex engine searches a small literal alternation with its SIMD
/// multi-literal searcher (Teddy), which does not depend on upper-case letters being rare.
static TAG_FINDER: LazyLock<Option<regex::bytes::Regex>> =
    LazyLock::new(|| regex::bytes::Regex::new("TODO|FIXME|XXX").ok());

static ISSUE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"#[0-9]+|\b[A-Z][A-Z0-9]+-[0-9]+\b|https?://|\b(?:issue|ticket|bug)\b").ok());

/// `XXX` doubles as a placeholder in prose and samples (`errno: XXX`, "the last XXX day"): it is a marker only
/// at the start of the comment's text, or followed by `:` or `(` or the end of the line.
fn xxx_is_a_marker(before: &str, after: Option<u8>) -> bool {
    let starts_comment = before.trim_end().trim_end_matches(['/', '*', '#', '-', '<', '!', ';']).trim().is_empty()
        || before.ends_with("// ");
    starts_comment || matches!(after, None | Some(b':' | b'(' | b'\n' | b'\r'))
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

pub fn check(cx: &FileCtx<'_>, file: &FileScan, settings: &Settings, out: &mut Sink) {
    if !out.enabled(&RULE) {
        return;
    }
    let text = cx.text();
    let tb = text.as_bytes();
    let Some(finder) = TAG_FINDER.as_ref() else { return };
    let hits = finder.find_iter(tb).filter_map(|m| TAGS.iter().find(|t| t.len() == m.len()).map(|t| (m.start(), *t)));
    let mut reported_line_end = 0;
    for (at, tag) in hits {
        if at < reported_line_end {
            continue;
        }
        let end = at + tag.len();
        if (at > 0 && is_word_byte(tb[at - 1])) || tb.get(end).copied().is_some_and(is_word_byte) {
            continue;
        }
        let line = line_around(text, at);
        // `at` and `end` bound an ASCII tag; `line` starts after a newline; `capped` cuts on a boundary.
        let (Some(before), Some(rest)) =
            (text.get(line.start..at), text.get(crate::lines::capped(text, end..line.end, 200)))
        else {
            continue;
        };
        if at - line.start > file.cap || !in_comment(before, cx.info.extension()) {
            continue;
        }
        if tag == "XXX" && !xxx_is_a_marker(before, tb.get(end).copied()) {
            continue;
        }
        let has_issue = ISSUE.as_ref().is_some_and(|re| re.is_match(rest));
        if settings.config.todo_require_issue && has_issue {
            continue;
        }
        reported_line_end = line.end.max(at + 1);
        let message = if settings.config.todo_require_issue {
            format!("`{tag}` comment without an issue reference")
        } else {
            format!("`{tag}` comment")
        };
        out.emit(&RULE, || {
            Finding::new(&RULE, cx.span(at..end), message)
                .with_help("do the work now, or track it: reference the issue in the comment")
        });
    }
}
