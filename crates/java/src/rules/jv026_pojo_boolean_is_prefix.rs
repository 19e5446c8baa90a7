//! JV026 pojo-boolean-is-prefix: a boolean field of a POJO named `isXxx`.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV026",
    "pojo-boolean-is-prefix",
    Severity::Warning,
    "a `boolean` field of a POJO named `is…`",
    r#"## What it does
Finds `boolean`/`Boolean` instance fields named `isXxx` in POJO classes (names ending in `[java] pojo-suffixes`:
by default the manual's DO, DTO, VO and BO). p3c: `BooleanPropertyShouldNotStartWithIsRule`, which also takes
`is` followed by a lower-case letter (`issuccess`); that would take `issue`, `island` and `isolated` too, so a
capital must follow here.

The Alibaba Java manual, 1.1 命名风格 [强制]: POJO 类中的任何布尔类型的变量，都不要加 is 前缀，否则部分框架解析会引起序列化
错误 — "no boolean variable of a POJO takes an `is` prefix: some frameworks then serialise it wrongly".

## Why
For a field `isDeleted` the generated getter is `isDeleted()`, which JavaBeans maps to a property `deleted`: JSON
and RPC frameworks then read and write a property that does not match the field or the column.

## Example
```java
class UserDO {
    private Boolean isDeleted;
}
```

## Use instead
```java
class UserDO {
    private Boolean deleted;
}
```
"#,
)
.opt_in();

pub const KINDS: &[&str] = &["field_declaration"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let Some(ty) = node.child_by_field_name("type") else { return };
    if !matches!(cx.text(ty), "boolean" | "Boolean") || tree::has_modifier(node, "static") {
        return;
    }
    let Some(class_name) = tree::pojo_of_field(cx, node) else { return };
    let mut cursor = node.walk();
    for d in node.children_by_field_name("declarator", &mut cursor) {
        let Some(name) = d.child_by_field_name("name") else { continue };
        let text = cx.text(name);
        let Some(rest) = text.strip_prefix("is") else { continue };
        if !rest.starts_with(|c: char| c.is_ascii_uppercase()) {
            continue;
        }
        let suggested = format!("{}{}", rest.get(..1).unwrap_or("").to_ascii_lowercase(), rest.get(1..).unwrap_or(""));
        cx.report(
            out,
            &RULE,
            name.byte_range(),
            format!("boolean field `{text}` of POJO `{class_name}` starts with `is`"),
            &format!("name it `{suggested}` (the getter is then `is{rest}()`)"),
        );
    }
}
