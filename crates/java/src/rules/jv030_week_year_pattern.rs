//! JV030 week-year-pattern: a date pattern with `Y` (week year) or `D` (day of year) where `y`/`d` was meant.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV030",
    "week-year-pattern",
    Severity::Error,
    "`YYYY` (week year) or `DD` (day of year) in a date pattern",
    r#"## What it does
Finds string-literal patterns given to `new SimpleDateFormat(...)`, `DateTimeFormatter.ofPattern(...)` or
`FastDateFormat.getInstance(...)` that hold `Y` (week-based year) or `DD` (day of year) outside quotes,
together with a month `M`. p3c: `UseRightCaseForDateFormatRule`.

The Alibaba Java manual, 1.11 日期时间 (date and time) [强制]: 日期格式化时，传入 pattern 中表示年份统一使用小写的 y —
"in date patterns the year is always lower-case y"; `YYYY` is the year of the week, and `DD` the day of the year.

## Why
`YYYY-MM-dd` prints `2025-12-29` as `2026-12-29`: in the last days of December the week already belongs to the
next year. It passes every test written before Christmas.

## Example
```java
class Example {
    DateTimeFormatter day = DateTimeFormatter.ofPattern("YYYY-MM-dd");
}
```

## Use instead
```java
class Example {
    DateTimeFormatter day = DateTimeFormatter.ofPattern("yyyy-MM-dd");
}
```
"#,
);

pub const KINDS: &[&str] = &["object_creation_expression", "method_invocation"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let formats = match node.kind() {
        "object_creation_expression" => node
            .child_by_field_name("type")
            .is_some_and(|t| matches!(tree::erased(cx.text(t)), "SimpleDateFormat")),
        _ => node.child_by_field_name("name").is_some_and(|n| matches!(cx.text(n), "ofPattern" | "getInstance"))
            && node
                .child_by_field_name("object")
                .is_some_and(|o| matches!(tree::simple(cx.text(o)), "DateTimeFormatter" | "FastDateFormat")),
    };
    if !formats {
        return;
    }
    let Some(arg) = node.child_by_field_name("arguments").and_then(|a| a.named_child(0)) else { return };
    if arg.kind() != "string_literal" {
        return;
    }
    let pattern = cx.text(arg);
    let unquoted = unquoted(pattern);
    if !unquoted.contains('M') {
        return;
    }
    let what = if unquoted.contains('Y') {
        "`Y` is the week-based year"
    } else if unquoted.contains("DD") {
        "`D` is the day of the year"
    } else {
        return;
    };
    cx.report(
        out,
        &RULE,
        arg.byte_range(),
        format!("date pattern {pattern}: {what}, not the calendar's"),
        "use `yyyy` for the year and `dd` for the day of the month",
    );
}

/// The pattern's letters outside `'…'` quotes.
fn unquoted(pattern: &str) -> String {
    let mut quoted = false;
    pattern
        .chars()
        .filter(|&c| {
            if c == '\'' {
                quoted = !quoted;
            }
            !quoted
        })
        .collect()
}
