//! Inline suppressions: `precheck:allow(CODE, …) reason` in a comment on the finding's line or the line
//! above, and `precheck:allow-file(CODE, …) reason` in the first 10 lines. CODE is a code, a name, a prefix
//! or `ALL`. The comment syntax is the file's own (`//`, `#`, `--`, `<!-- -->`, `/* */`, `;`).

use std::ops::Range;

use crate::finding::Finding;
use crate::rule::{RuleMeta, RuleSelector};

const DIRECTIVE: &str = "precheck:allow";
/// A file-level suppression must stand within this many lines of the top.
pub const FILE_LEVEL_LINES: u32 = 10;

/// One suppression comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    /// 1-based line of the comment.
    pub line: u32,
    pub file_level: bool,
    pub selectors: Vec<RuleSelector>,
    pub reason: Option<String>,
    /// Byte range of the directive in the text.
    pub range: Range<usize>,
}

/// Finds every suppression directive that stands in a comment.
#[allow(
    clippy::string_slice,
    reason = "every offset is a `find` of the ASCII directive, `(` or `)` in the same line, or just past one"
)]
pub fn parse(text: &str) -> Vec<Suppression> {
    let mut out = Vec::new();
    if memchr::memmem::find(text.as_bytes(), DIRECTIVE.as_bytes()).is_none() {
        return out;
    }
    let mut line_start = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let mut search_from = 0;
        while let Some(found) = line[search_from..].find(DIRECTIVE) {
            let at = search_from + found;
            search_from = at + DIRECTIVE.len();
            if !in_comment(&line[..at]) {
                continue;
            }
            let rest = &line[at + DIRECTIVE.len()..];
            let (file_level, rest) = match rest.strip_prefix("-file") {
                Some(r) => (true, r),
                None => (false, rest),
            };
            let Some(rest) = rest.strip_prefix('(') else { continue };
            let Some(close) = rest.find(')') else { continue };
            let selectors: Vec<RuleSelector> =
                rest[..close].split(',').map(str::trim).filter(|s| !s.is_empty()).map(RuleSelector::new).collect();
            if selectors.is_empty() {
                continue;
            }
            let reason = clean_reason(&rest[close + 1..]);
            let end = at + DIRECTIVE.len() + (line.len() - at - DIRECTIVE.len() - rest.len()) + close + 1;
            out.push(Suppression {
                line: line_no,
                file_level,
                selectors,
                reason,
                range: line_start + at..line_start + end,
            });
        }
        line_start += line.len();
    }
    out
}

/// Whether the directive stands right after a comment opener: the text before it must end with `//`, `#`,
/// `--`, `<!--`, `/*`, `*`, `;` or `REM` (plus spaces), and that opener must start the line or follow white
/// space. So `# precheck:allow(X)` in a shell script counts, while the same words quoted in a string
/// (`"# precheck:allow(X)"`) or in Markdown backticks do not.
fn in_comment(before: &str) -> bool {
    let head = before.trim_end();
    const OPENERS: [&str; 11] = ["<!--", "///", "//!", "/**", "//", "/*", "#", "--", ";", "*", "REM"];
    OPENERS.iter().any(|opener| {
        head.strip_suffix(opener).is_some_and(|rest| rest.is_empty() || rest.ends_with(char::is_whitespace))
    })
}

fn clean_reason(rest: &str) -> Option<String> {
    let mut r = rest.trim();
    for closer in ["-->", "*/"] {
        r = r.strip_suffix(closer).unwrap_or(r).trim_end();
    }
    let r = r.trim_start_matches([':', '-', '—']).trim();
    (!r.is_empty()).then(|| r.to_string())
}

/// A file's suppressions while findings are matched against them; remembers which were used.
#[derive(Debug)]
pub struct Suppressions {
    list: Vec<Suppression>,
    used: Vec<bool>,
    require_reason: bool,
}

impl Suppressions {
    pub fn new(list: Vec<Suppression>, require_reason: bool) -> Suppressions {
        let used = vec![false; list.len()];
        Suppressions { list, used, require_reason }
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Whether a suppression covers `finding` (of `rule`); marks it used.
    pub fn suppresses(&mut self, finding: &Finding, rule: &RuleMeta) -> bool {
        let line = finding.primary.start.line;
        let mut hit = false;
        for (i, s) in self.list.iter().enumerate() {
            if self.require_reason && s.reason.is_none() {
                continue;
            }
            let placed = if s.file_level { s.line <= FILE_LEVEL_LINES } else { s.line == line || s.line + 1 == line };
            if placed && s.selectors.iter().any(|sel| sel.matches(rule).is_some()) {
                self.used[i] = true;
                hit = true;
            }
        }
        hit
    }

    /// The suppressions that suppressed a finding.
    pub fn used(&self) -> impl Iterator<Item = &Suppression> {
        self.list.iter().zip(&self.used).filter(|(_, used)| **used).map(|(s, _)| s)
    }

    /// Suppressions that suppressed nothing, or that do not count for want of a reason, with why.
    pub fn unused(&self) -> impl Iterator<Item = (&Suppression, &'static str)> {
        self.list.iter().zip(&self.used).filter(|(_, used)| !**used).map(|(s, _)| {
            let why = if self.require_reason && s.reason.is_none() {
                "has no reason, and `require-reason = true` makes it count for nothing"
            } else if s.file_level && s.line > FILE_LEVEL_LINES {
                "must stand in the first 10 lines to apply to the file"
            } else {
                "suppresses nothing"
            };
            (s, why)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::string_slice, reason = "the range is the ASCII directive `parse` found in this text")]
    fn parses_comment_directives_in_several_syntaxes() {
        // The directive of the last line is spliced in, so that this source line itself holds no directive.
        let text = format!(
            "-- precheck:allow(SQL001) legacy report\nSELECT *;\n<!-- precheck:allow-file(ZD, SQL) generated -->\n\
x = \"precheck:allow(TXT001)\"\n# precheck:allow(CF001)\ns = \"# precheck:allow(CF001) quoted\"\n\
code();  // {DIRECTIVE}(RS009)\n`# precheck:allow(CF001)` in Markdown\n"
        );
        let found = parse(&text);
        assert_eq!(found.len(), 4, "{found:?}");
        assert_eq!(found[0].line, 1);
        assert_eq!(found[0].reason.as_deref(), Some("legacy report"));
        assert_eq!(&text[found[0].range.clone()], "precheck:allow(SQL001)");
        assert!(found[1].file_level);
        assert_eq!(found[1].selectors, vec![RuleSelector::new("ZD"), RuleSelector::new("SQL")]);
        assert_eq!(found[1].reason.as_deref(), Some("generated"));
        assert_eq!(found[2].line, 5);
        assert_eq!(found[2].reason, None);
        assert_eq!(found[3].line, 7);
        assert_eq!(found[3].selectors, vec![RuleSelector::new("RS009")]);
    }

    #[test]
    fn directives_among_chinese_text() {
        // Spliced in, as above, so that this source line itself holds no directive.
        let text = format!("中文 // {DIRECTIVE}(SQL001)档案\n档 # {DIRECTIVE}(CF001) 原因\n");
        let found = parse(&text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].reason.as_deref(), Some("档案"));
        assert_eq!(text.get(found[1].range.clone()), Some("precheck:allow(CF001)"));
        assert_eq!(found[1].reason.as_deref(), Some("原因"));
    }
}
