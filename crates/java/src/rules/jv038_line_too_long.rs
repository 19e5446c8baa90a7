//! JV038 line-too-long: a Java line over the manual's 120 characters.

use precheck_core::{RuleMeta, Severity, Sink};

use crate::tree::Cx;

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV038",
    "line-too-long",
    Severity::Warning,
    "a Java line longer than `[java] max-line-length` (120) characters",
    r#"## What it does
Finds lines of Java source longer than `[java] max-line-length` characters (120 by default, the manual's limit),
not counting `import` and `package` lines, and lines that are a URL alone in a comment.

The Alibaba Java manual, 1.3 代码格式 (formatting) [强制]: 单行字符数限制不超过 120 个，超出需要换行 — "a line holds at
most 120 characters; wrap longer ones".

## Why
Long lines are cut off in side-by-side review and in narrow terminals, and a change in their tail goes unseen.

## Example
```java
class Example { String describe() { return "this line is too long for the manual because it keeps going and going and going on"; } }
```

## Use instead
```java
class Example {
    String describe() {
        return "this line is too long for the manual because it keeps going and going and going on";
    }
}
```
"#,
)
.opt_in();

pub fn check(cx: &Cx<'_>, out: &mut Sink) {
    let limit = cx.settings.config.max_line_length;
    let mut offset = 0;
    for line in cx.text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        // Byte length bounds the character count: most lines are short and skip the count.
        if content.len() <= limit {
            continue;
        }
        let chars = content.chars().count();
        let trimmed = content.trim_start();
        if chars <= limit
            || trimmed.starts_with("import ")
            || trimmed.starts_with("package ")
            || (trimmed.starts_with("//") || trimmed.starts_with('*')) && !trimmed.trim_start_matches(['/', '*', ' ']).contains(' ')
        {
            continue;
        }
        cx.report(
            out,
            &RULE,
            start..start + content.len(),
            format!("this line is {chars} characters long, over the limit of {limit}"),
            "wrap it (the manual: break before an operator or a `.`, indent the continuation)",
        );
    }
}
