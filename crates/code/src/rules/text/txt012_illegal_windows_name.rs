//! TXT012 illegal-windows-name.

use precheck_core::{Finding, RepoCtx, RuleMeta, Severity, Sink, Span};

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT012",
    "illegal-windows-name",
    Severity::Error,
    "a path component Windows cannot create (`CON`, `aux.txt`, `a:b`, trailing dot or space)",
    r#"## What it does
Reports a path with a component that Windows cannot create: a reserved device name (`CON`, `PRN`, `AUX`,
`NUL`, `COM1`–`COM9`, `LPT1`–`LPT9`, in any case and with any extension, so `aux.c` too), a name ending in
a dot or a space, or a name containing `<>:"|?*` or a control character.

## Why
`git clone` and `git checkout` fail on Windows with "invalid path", so Windows developers cannot work
on the repository at all until the path is renamed in history.

## Example
```text
docs/aux.md
reports/2024: summary.txt
```

## Use instead
Rename the file (`docs/auxiliary.md`, `reports/2024-summary.txt`).
"#,
)
.repo();

const RESERVED: &[&str] = &["CON", "PRN", "AUX", "NUL"];

/// Why `name` is illegal on Windows, or `None`.
fn problem(name: &str) -> Option<String> {
    if let Some(c) = name.chars().find(|c| matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*') || (*c as u32) < 32) {
        return Some(if (c as u32) < 32 {
            "contains a control character".to_string()
        } else {
            format!("contains `{c}`")
        });
    }
    if name.ends_with('.') || name.ends_with(' ') {
        return Some("ends with a dot or a space".to_string());
    }
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches(' ');
    let upper = stem.to_ascii_uppercase();
    let numbered = upper.len() == 4
        && (upper.starts_with("COM") || upper.starts_with("LPT"))
        && matches!(upper.as_bytes()[3], b'1'..=b'9');
    if RESERVED.contains(&upper.as_str()) || numbered {
        return Some(format!("is the reserved device name `{upper}`"));
    }
    None
}

pub fn check_repo(cx: &RepoCtx<'_>, out: &mut Sink) {
    if !out.enabled(&RULE) {
        return;
    }
    for file in cx.checked {
        for name in file.path.split('/') {
            let Some(why) = problem(name) else { continue };
            out.emit(&RULE, || {
                Finding::new(
                    &RULE,
                    Span::file(file.path.clone()),
                    format!("`{}` cannot be checked out on Windows: `{name}` {why}", file.path),
                )
                .with_help("rename it; Windows users cannot check out the repository otherwise")
            });
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn reserved_names_and_characters() {
        assert!(problem("aux.c").is_some());
        assert!(problem("CON").is_some());
        assert!(problem("com1.txt").is_some());
        assert!(problem("com0.txt").is_none());
        assert!(problem("console.log").is_none());
        assert!(problem("a:b").is_some());
        assert!(problem("trailing.").is_some());
        assert!(problem("normal.rs").is_none());
    }
}
