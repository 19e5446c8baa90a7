//! JV021 class-naming: a type name that is not UpperCamelCase.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::Cx;

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV021",
    "class-naming",
    Severity::Warning,
    "a class, interface, enum or record name that is not UpperCamelCase",
    r#"## What it does
Finds type names that start with a lower-case letter or hold `_` or `$`. p3c: `ClassNamingShouldBeCamelRule`
(which also rejects runs of capitals such as `XMLService`; this rule leaves those alone).

The Alibaba Java manual, 1.1 命名风格 (naming) [强制]: 类名使用 UpperCamelCase 风格，但以下情形例外：DO / BO / DTO / VO /
AO / PO / UID 等 — "class names are UpperCamelCase, except for suffixes such as DO/BO/DTO/VO/AO/PO/UID".

## Why
Java code reads types by their capital: `user_info.load()` looks like a call on a variable.

## Example
```java
class order_service {
}
```

## Use instead
```java
class OrderService {
}
```
"#,
)
.opt_in();

pub const KINDS: &[&str] =
    &["class_declaration", "interface_declaration", "enum_declaration", "record_declaration", "annotation_type_declaration"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let Some(name) = node.child_by_field_name("name") else { return };
    let text = cx.text(name);
    let upper_start = text.chars().next().is_some_and(|c| c.is_ascii_uppercase());
    if upper_start && !text.contains(['_', '$']) {
        return;
    }
    cx.report(
        out,
        &RULE,
        name.byte_range(),
        format!("`{text}` is not UpperCamelCase"),
        "name types in UpperCamelCase, without `_` or `$`",
    );
}
