//! JV039 pojo-primitive-field: a POJO field of a primitive type.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV039",
    "pojo-primitive-field",
    Severity::Warning,
    "a POJO field of a primitive type (`int`, `long`, `boolean`, …)",
    r#"## What it does
Finds instance fields (not `transient`: those are not read from the database or the wire) of primitive types in
POJO classes (names ending in `[java] pojo-suffixes`: by default the manual's DO, DTO, VO and BO). p3c: `PojoMustUsePrimitiveFieldRule`, which also flags arrays of primitives
(`byte[]`); an array is already a reference that can be null, so it is left alone here.

The Alibaba Java manual, 1.4 OOP 规约 [强制]: 所有的 POJO 类属性必须使用包装数据类型 — "every POJO property uses a wrapper
type"; a database NULL or a missing RPC field must stay visible as null.

## Why
A primitive field cannot say "unknown": a NULL column or an absent field becomes `0` or `false`, which looks like a
real value.

## Example
```java
class OrderDO {
    private long amount;
}
```

## Use instead
```java
class OrderDO {
    private Long amount;
}
```
"#,
)
.opt_in();

pub const KINDS: &[&str] = &["field_declaration"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let Some(ty) = node.child_by_field_name("type") else { return };
    if !matches!(ty.kind(), "integral_type" | "floating_point_type" | "boolean_type") || tree::has_modifier(node, "static")
        || tree::has_modifier(node, "transient")
    {
        return;
    }
    let Some(class_name) = tree::pojo_of_field(cx, node) else { return };
    let field = node.child_by_field_name("declarator").and_then(|d| d.child_by_field_name("name"));
    cx.report(
        out,
        &RULE,
        ty.byte_range(),
        format!("field `{}` of POJO `{class_name}` is a primitive `{}`", field.map_or("", |f| cx.text(f)), cx.text(ty)),
        "use the wrapper type (`Integer`, `Long`, `Boolean`, …) so that null stays null",
    );
}
