//! JV022 constant-naming: a `static final` field not named in UPPER_SNAKE_CASE.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV022",
    "constant-naming",
    Severity::Warning,
    "a constant (`static final` field) not in UPPER_SNAKE_CASE",
    r#"## What it does
Finds `static final` fields (and interface fields, which are) whose name has a lower-case letter, except
`serialVersionUID`, loggers (`Logger`/`Log` fields) and names ending in `Service`, as p3c's
`ConstantFieldShouldBeUpperCaseRule` does.

The Alibaba Java manual, 1.1 命名风格 [强制]: 常量命名全部大写，单词间用下划线隔开，力求语义表达完整清楚，不要嫌名字长 —
"constant names are all upper case, words separated by underscores".

## Why
A reader tells a constant from a mutable field by its name; `maxRetry` looks like state someone may change.

## Example
```java
class Example {
    private static final int maxRetry = 3;
}
```

## Use instead
```java
class Example {
    private static final int MAX_RETRY = 3;
}
```
"#,
)
.opt_in();

pub const KINDS: &[&str] = &["field_declaration", "constant_declaration"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let in_interface = node.parent().is_some_and(|p| p.kind() == "interface_body");
    let constant = node.kind() == "constant_declaration"
        || in_interface
        || (tree::has_modifier(node, "static") && tree::has_modifier(node, "final"));
    if !constant {
        return;
    }
    let ty = node.child_by_field_name("type").map_or("", |t| tree::erased(cx.text(t)));
    if matches!(ty, "Logger" | "Log" | "ILogger") {
        return;
    }
    let mut cursor = node.walk();
    for d in node.children_by_field_name("declarator", &mut cursor) {
        let Some(name) = d.child_by_field_name("name") else { continue };
        let text = cx.text(name);
        if text == "serialVersionUID" || text.ends_with("Service") || text == text.to_ascii_uppercase() {
            continue;
        }
        cx.report(
            out,
            &RULE,
            name.byte_range(),
            format!("constant `{text}` is not UPPER_SNAKE_CASE"),
            "name constants in upper case with `_` between words",
        );
    }
}
