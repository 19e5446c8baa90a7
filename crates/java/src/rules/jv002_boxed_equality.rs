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
`new Integer(…)`, casts to those types, and a getter or field of a class declared in the same file
(`this.getId() == other.getId()` in an `equals` whose class declares `Long getId()`). p3c: `WrapperTypeEqualityRule` (which has the compiler's types; this
rule sees only declarations in the same file). p3c also flags a boxed value compared with a primitive
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
    let (Some(lt), Some(rt)) = (boxed_type(cx, left), boxed_type(cx, right)) else { return };
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
fn boxed_type<'a>(cx: &Cx<'a>, node: Node<'_>) -> Option<&'a str> {
    let boxed = |ty: &'a str| BOXED.contains(&ty).then_some(ty);
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
        "method_invocation" | "field_access" => return boxed(tree::erased(member_type(cx, node)?)),
        _ => return None,
    };
    let ty = tree::declared_type(cx, node, name)?;
    boxed(tree::erased(ty))
}

/// The declared type of a member read by `node` when its class is declared in this file: a call without
/// arguments (`getId()`, `this.getId()`, `other.getId()` with `other` declared as such a class) gives the
/// method's return type, a field access (`other.id`) the field's type. Syntax only, and only this file's
/// classes: a member inherited or declared elsewhere is not found (JV003 reads doubles the same way).
pub fn member_type<'a>(cx: &Cx<'a>, node: Node<'_>) -> Option<&'a str> {
    let (member, is_call) = match node.kind() {
        "method_invocation" => {
            let args = node.child_by_field_name("arguments")?;
            if args.named_child_count() > 0 {
                return None;
            }
            (cx.text(node.child_by_field_name("name")?), true)
        }
        "field_access" => (cx.text(node.child_by_field_name("field")?), false),
        _ => return None,
    };
    let class = match node.child_by_field_name("object") {
        None => tree::ancestor(node, &["class_declaration"])?,
        Some(o) if o.kind() == "this" => tree::ancestor(node, &["class_declaration"])?,
        Some(o) if o.kind() == "identifier" => {
            let ty = tree::erased(tree::declared_type(cx, node, cx.text(o))?);
            class_named(cx, node, ty)?
        }
        Some(_) => return None,
    };
    let body = class.child_by_field_name("body")?;
    tree::named_children(body).into_iter().find_map(|m| match m.kind() {
        "method_declaration" if is_call => {
            let named = m.child_by_field_name("name").is_some_and(|n| cx.text(n) == member);
            let no_params = m.child_by_field_name("parameters").is_some_and(|p| p.named_child_count() == 0);
            (named && no_params).then(|| m.child_by_field_name("type").map(|t| cx.text(t))).flatten()
        }
        "field_declaration" if !is_call => {
            let mut cursor = m.walk();
            let named = m
                .children_by_field_name("declarator", &mut cursor)
                .any(|d| d.child_by_field_name("name").is_some_and(|n| cx.text(n) == member));
            named.then(|| m.child_by_field_name("type").map(|t| cx.text(t))).flatten()
        }
        _ => None,
    })
}

/// The class of simple name `name` declared anywhere in the file of `node`.
fn class_named<'t>(cx: &Cx<'_>, node: Node<'t>, name: &str) -> Option<Node<'t>> {
    let mut root = node;
    while let Some(p) = root.parent() {
        root = p;
    }
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if n.kind() == "class_declaration" && n.child_by_field_name("name").is_some_and(|x| cx.text(x) == name) {
            return Some(n);
        }
        // Types are declared at the top, in class bodies and (rarely) in blocks: walk only where they can be.
        for c in tree::named_children(n) {
            if matches!(c.kind(), "class_declaration" | "class_body" | "interface_declaration" | "interface_body"
                | "enum_declaration" | "enum_body" | "enum_body_declarations")
            {
                stack.push(c);
            }
        }
    }
    None
}
