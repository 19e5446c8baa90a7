//! JV004 static-date-format: a `static` `SimpleDateFormat` field.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV004",
    "static-date-format",
    Severity::Warning,
    "a `static` `SimpleDateFormat` (or `DateFormat`) field",
    r#"## What it does
Finds `static` fields declared as `SimpleDateFormat` or `DateFormat`. p3c: `AvoidCallStaticSimpleDateFormatRule`
(which flags calls on such a field outside `synchronized`).

The Alibaba Java manual, 1.6 并发处理 (concurrency) [强制]: SimpleDateFormat 是线程不安全的类，一般不要定义为 static
变量，如果定义为 static，必须加锁，或者使用 DateUtils 工具类 — "SimpleDateFormat is not thread-safe: do not make
it static, or lock around it".

## Why
A `SimpleDateFormat` keeps its parse state in the instance. Shared between threads it returns wrong dates or
throws `NumberFormatException`, under load only.

## Example
```java
class Example {
    private static final SimpleDateFormat FORMAT = new SimpleDateFormat("yyyy-MM-dd");
}
```

## Use instead
```java
class Example {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd");
}
```
"#,
);

pub const KINDS: &[&str] = &["field_declaration"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let Some(ty) = node.child_by_field_name("type") else { return };
    let erased = tree::erased(cx.text(ty));
    if !matches!(erased, "SimpleDateFormat" | "DateFormat") || !tree::has_modifier(node, "static") {
        return;
    }
    let name = node.child_by_field_name("declarator").and_then(|d| d.child_by_field_name("name"));
    let range = name.map_or(node.byte_range(), |n| n.byte_range());
    cx.report(
        out,
        &RULE,
        range,
        format!("`{}` is a static `{erased}`, which is not thread-safe", name.map_or("", |n| cx.text(n))),
        "use `DateTimeFormatter` (immutable), a `ThreadLocal<SimpleDateFormat>`, or a local instance",
    );
}
