//! TXT004 mixed-line-endings.

use precheck_core::{FileCtx, Finding, RuleMeta, Severity, Sink};

use crate::lines::FileScan;

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT004",
    "mixed-line-endings",
    Severity::Warning,
    "a file that mixes `\\n`, `\\r\\n` (and lone `\\r`) line endings",
    r#"## What it does
Counts the line endings of a file — `\n` (LF), `\r\n` (CRLF) and lone `\r` (CR) — and reports a file that
uses more than one kind, at the first line whose ending is not the file's most common one.

## Why
Shell scripts with a stray `\r` fail with `$'\r': command not found`; the next editor to normalise the
file turns a one-line change into a whole-file diff.

## Example
```text
a = 1⏎
b = 2␍⏎
```

## Use instead
Pick one ending per file (usually LF) and enforce it with `.gitattributes` (`* text=auto eol=lf`).
"#,
)
.opt_in();

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Ending {
    Lf,
    Crlf,
    Cr,
}

impl Ending {
    fn name(self) -> &'static str {
        match self {
            Ending::Lf => "LF",
            Ending::Crlf => "CRLF",
            Ending::Cr => "CR",
        }
    }
}

pub fn check(cx: &FileCtx<'_>, file: &FileScan, out: &mut Sink) {
    let bytes = cx.text().as_bytes();
    // Fast path: no `\r` at all means every ending is LF.
    if !out.enabled(&RULE) || !file.has_cr(cx) {
        return;
    }
    let mut counts = [0usize; 3];
    let mut firsts: [Option<usize>; 3] = [None; 3];
    let mut i = 0;
    while let Some(pos) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
        let at = i + pos;
        let (ending, len) = match bytes[at] {
            b'\r' if bytes.get(at + 1) == Some(&b'\n') => (Ending::Crlf, 2),
            b'\r' => (Ending::Cr, 1),
            _ => (Ending::Lf, 1),
        };
        counts[ending as usize] += 1;
        firsts[ending as usize].get_or_insert(at);
        i = at + len;
    }
    let kinds = [Ending::Lf, Ending::Crlf, Ending::Cr];
    if counts.iter().filter(|&&c| c > 0).count() < 2 {
        return;
    }
    let major = kinds.iter().copied().max_by_key(|k| (counts[*k as usize], std::cmp::Reverse(*k as usize)));
    let Some(major) = major else { return };
    // The first ending that is not the majority's.
    let Some((minor, at)) = kinds
        .iter()
        .filter(|k| **k != major)
        .filter_map(|k| firsts[*k as usize].map(|at| (*k, at)))
        .min_by_key(|p| p.1)
    else {
        return;
    };
    out.emit(&RULE, || {
        let line = cx.lines().line_of(at);
        let summary: Vec<String> = kinds
            .iter()
            .filter(|k| counts[**k as usize] > 0)
            .map(|k| format!("{} {}", counts[*k as usize], k.name()))
            .collect();
        Finding::new(
            &RULE,
            cx.lines_span(line, line),
            format!(
                "mixed line endings ({}): this line ends in {}, most lines in {}",
                summary.join(", "),
                minor.name(),
                major.name()
            ),
        )
        .with_help(format!("convert the file to {} line endings and set `eol` in .gitattributes", major.name()))
    });
}
