//! JV002 boxed-equality: `==` or `!=` between two boxed integers.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV002",
    "boxed-equality",
    Severity::Error,
    "`==` between two boxed integers (`Integer`, `Long`, …)",
    r#"## What it does
Finds `a == b` and `a != b` where both operands are boxed `Integer`, `Long`, `Short`, `Byte` or `Character`
values: variables declared so in the file (locals, parameters, fields), `Integer.valueOf(…)` and its siblings,
`new Integer(…)`, casts to those types, and a getter or field of the repository's own classes
(`order.getUserId() == user.getId()` where `OrderDO` declares `Long getUserId()`, or a Lombok `@Data` class a
`Long userId` field; the class is found by its import, its package or its unique name, a few superclasses up).
p3c: `WrapperTypeEqualityRule`, which has the compiler's types; this rule does not see the types of libraries'
methods or of chained calls. p3c also flags a boxed value compared with a primitive
(`a == Integer.MAX_VALUE`, `a == Integer.parseInt(s)`); that comparison unboxes and compares values, so it is
left alone here: the manual's item is about comparing two wrapper objects.

The Alibaba Java manual, 1.4 OOP 规约 [强制]: 所有整型包装类对象之间值的比较，全部使用 equals 方法比较 — "compare
the values of integer wrapper objects with `equals`".

## Why
`==` compares references. Boxed values from -128 to 127 come from a cache and compare equal, so tests pass;
larger values are distinct objects and the comparison is false in production.

## Example
```java
class Example {
    boolean same(Long a, Long b) {
        return a == b;
    }
}
```

## Use instead
```java
class Example {
    boolean same(Long a, Long b) {
        return Objects.equals(a, b);
    }
}
```
"#,
);

pub const KINDS: &[&str] = &["binary_expression"];

const BOXED: &[&str] = &["Integer", "Long", "Short", "Byte", "Character"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let Some(op) = node.child_by_field_name("operator") else { return };
    if !matches!(op.kind(), "==" | "!=") {
        return;
    }
    let (Some(left), Some(right)) = (node.child_by_field_name("left"), node.child_by_field_name("right")) else {
        return;
    };
    // The right side is typed only when the left one is boxed: each is a search of the enclosing bodies.
    let Some(lt) = boxed_type(cx, left) else { return };
    let Some(rt) = boxed_type(cx, right) else { return };
    cx.report(
        out,
        &RULE,
        node.byte_range(),
        format!("`{}` compares two `{lt}`/`{rt}` references, not their values", cx.text(node)),
        "use `Objects.equals(a, b)` (or `a.equals(b)`), or compare `a.longValue() == b.longValue()`",
    );
}

/// The boxed type of `node` when it is certainly a boxed reference: a plain variable (or `this.x`) declared so,
/// `Integer.valueOf(…)` (and the other types' `valueOf`), `new Integer(…)`, or a cast to such a type.
fn boxed_type(cx: &Cx<'_>, node: Node<'_>) -> Option<&'static str> {
    let boxed = |ty: &str| BOXED.iter().find(|b| **b == ty).copied();
    let name = match node.kind() {
        "identifier" => cx.text(node),
        "field_access" if node.child_by_field_name("object").is_some_and(|o| o.kind() == "this") => {
            cx.text(node.child_by_field_name("field")?)
        }
        "method_invocation" if cx.text(node.child_by_field_name("name")?) == "valueOf" => {
            return boxed(tree::simple(cx.text(node.child_by_field_name("object")?)));
        }
        "object_creation_expression" if node.child_by_field_name("body").is_none() => {
            return boxed(tree::erased(cx.text(node.child_by_field_name("type")?)));
        }
        "cast_expression" => return boxed(tree::erased(cx.text(node.child_by_field_name("type")?))),
        "parenthesized_expression" => return boxed_type(cx, node.named_child(0)?),
        "method_invocation" | "field_access" => return boxed(tree::erased(&super::types::member_type(cx, node)?)),
        _ => return None,
    };
    let ty = tree::declared_type(cx, node, name)?;
    boxed(tree::erased(ty))
}
