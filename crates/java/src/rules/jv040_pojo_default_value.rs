//! JV040 pojo-default-value: a POJO field with a default value.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV040",
    "pojo-default-value",
    Severity::Warning,
    "a POJO field initialised to a default value",
    r#"## What it does
Finds private, protected or package-private instance fields with an initialiser in POJO classes (names ending in
`[java] pojo-suffixes`: by default the manual's DO, DTO, VO and BO); `public`, `transient`, `static` and `final`
fields are not the properties a framework fills in. p3c: `PojoNoDefaultValueRule`.

The Alibaba Java manual, 1.4 OOP 规约 [强制]: 定义 DO/DTO/VO 等 POJO 类时，不要设定任何属性默认值 — "do not give the
properties of DO/DTO/VO POJOs default values".

## Why
A default hides a missing value: an update built from a fresh DTO writes the default over the stored value (the
manual's example: `createTime = new Date()` overwrites the creation time on every update).

## Example
```java
class UserDTO {
    private Integer status = 1;
}
```

## Use instead
```java
class UserDTO {
    private Integer status;
}
```
"#,
)
.opt_in();

pub const KINDS: &[&str] = &["field_declaration"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    if ["static", "final", "public", "transient"].iter().any(|m| tree::has_modifier(node, m)) {
        return;
    }
    let Some(class_name) = tree::pojo_of_field(cx, node) else { return };
    let mut cursor = node.walk();
    for d in node.children_by_field_name("declarator", &mut cursor) {
        let (Some(name), Some(value)) = (d.child_by_field_name("name"), d.child_by_field_name("value")) else {
            continue;
        };
        cx.report(
            out,
            &RULE,
            d.byte_range(),
            format!("field `{}` of POJO `{class_name}` defaults to `{}`", cx.text(name), cx.text(value)),
            "leave POJO fields unset; set values where the object is filled in",
        );
    }
}
