//! JV000 syntax-error: the file does not parse as Java.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::Cx;

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV000",
    "syntax-error",
    Severity::Warning,
    "a Java file that does not parse",
    r#"## What it does
Reports, once per file, the first place where the Java does not parse (tree-sitter-java's grammar, Java 21). The other
JV rules still run on the parts that parsed and say nothing inside the part that did not.

Only what the enabled rules read is parsed: a method body that holds none of the words any enabled rule needs
(`BigDecimal` for JV003, `switch` for JV008, …) is skipped, and so are the `import` lines unless a rule reads them
and a file that holds no enabled rule's words at all, so an error there is not reported, as no rule was blind
there. With JV000 alone selected (`--select JV000`), every file is parsed whole.

## Why
A file `javac` rejects breaks the build; one that only tree-sitter rejects (a preview feature, a template language
around Java) is checked less than the rest of the project, and this says so rather than staying silent.

## Example
```java
class Broken {
    void run() {
        int x = ;
    }
}
```

## Use instead
```java
class Fixed {
    void run() {
        int x = 0;
    }
}
```
"#,
);

/// Reports the first error or missing node of `root` (pre-order), which holds at least one.
pub fn check(cx: &Cx<'_>, root: Node<'_>, out: &mut Sink) {
    let mut at = root;
    // Descend to the first child that is or holds the error: the earliest position in the file.
    'down: loop {
        if at.is_error() || at.is_missing() {
            break;
        }
        let mut cursor = at.walk();
        for child in at.children(&mut cursor) {
            if child.is_error() || child.is_missing() || child.has_error() {
                at = child;
                continue 'down;
            }
        }
        break;
    }
    let range = at.byte_range();
    let (range, message) = if at.is_missing() {
        (range.start..range.start, format!("this file does not parse as Java: `{}` expected here", at.kind()))
    } else {
        // The first line of the part that does not parse, at most 40 characters: a prefix of the text, so the
        // range ends on a character boundary.
        let first = cx.text(at).lines().next().unwrap_or("").trim_end();
        let shown: String = first.chars().take(40).collect();
        let end = if shown.is_empty() { range.start } else { range.start + shown.len() };
        (range.start..end, format!("this file does not parse as Java: unexpected `{shown}`"))
    };
    cx.report(
        out,
        &RULE,
        range,
        message,
        "rules say nothing about the part that does not parse; fix the syntax, or exclude the file if it is a template",
    );
}
