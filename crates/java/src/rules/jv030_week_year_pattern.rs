//! JV030 week-year-pattern: a date pattern with `Y` (week year) or `D` (day of year) where `y`/`d` was meant.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV030",
    "week-year-pattern",
    Severity::Error,
    "`YYYY` (week year), `DD` (day of year) or `mm` (minutes) where a date was meant",
    r#"## What it does
Finds string-literal patterns given to `new SimpleDateFormat(...)`, `DateTimeFormatter.ofPattern(...)` or
`FastDateFormat.getInstance(...)` that hold `Y` (week-based year) or `DD` (day of year) outside quotes,
together with a month `M`, or that hold a year `y`, a day `d` and minutes `mm` but neither a month `M` nor an
hour (`yyyymmdd`: the minutes stand where the month was meant). p3c: `UseRightCaseForDateFormatRule` (which
also rejects every pattern that is not year-month-day, such as `HH:mm` or `yyyy-MM`; those are left alone).

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
    let hours = ['H', 'h', 'k', 'K'].iter().any(|&c| unquoted.contains(c));
    let what = if !unquoted.contains('M') {
        if unquoted.contains('y') && unquoted.contains('d') && unquoted.contains("mm") && !hours {
            "`mm` is the minute of the hour, not the month"
        } else {
            return;
        }
    } else if unquoted.contains('Y') {
        "`Y` is the week-based year, not the calendar's"
    } else if unquoted.contains("DD") {
        "`D` is the day of the year, not of the month"
    } else {
        return;
    };
    cx.report(
        out,
        &RULE,
        arg.byte_range(),
        format!("date pattern {pattern}: {what}"),
        "use `yyyy` for the year, `MM` for the month and `dd` for the day of the month",
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
