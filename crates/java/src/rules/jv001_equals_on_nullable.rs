//! JV001 equals-on-nullable: `x.equals("constant")`, which throws when `x` is null.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV001",
    "equals-on-nullable",
    Severity::Warning,
    "`equals` called on a variable with a constant argument",
    r#"## What it does
Finds `x.equals(C)` where `C` is a string literal or a constant (`UPPER_SNAKE` name) and `x` is not: the call
throws a `NullPointerException` when `x` is null, while `C.equals(x)` is simply false. p3c: `EqualsAvoidNullRule`,
which also flags receivers that cannot be null (`name.toString().equals("tom")`); the manual asks for "a constant
or an object known to have a value", which the result of `toString()`, `trim()`, `String.valueOf(…)` and the
like is, so those are left alone here.

The Alibaba Java manual, 1.4 OOP 规约 (OOP rules) [强制 mandatory]: Object 的 equals 方法容易抛空指针异常，应使用常量或
确定有值的对象来调用 equals — "`equals` throws on a null receiver: call it on a constant or an object known to be
non-null".

## Why
A field read from a request, a map or a database is null sooner or later; the comparison then fails with an
exception instead of answering false.

## Example
```java
class Example {
    boolean paid(String status) {
        return status.equals("PAID");
    }
}
```

## Use instead
```java
class Example {
    boolean paid(String status) {
        return "PAID".equals(status);
    }
}
```
"#,
)
.opt_in();

pub const KINDS: &[&str] = &["method_invocation"];

/// Methods whose result is never null: calling `equals` on it cannot throw for that reason.
const NON_NULL: &[&str] = &[
    "toString", "name", "trim", "strip", "toLowerCase", "toUpperCase", "substring", "getClass", "getSimpleName",
    "valueOf", "format", "concat", "replace", "replaceAll", "intern", "toPlainString", "join",
];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let Some(name) = node.child_by_field_name("name") else { return };
    if cx.text(name) != "equals" {
        return;
    }
    let (Some(object), Some(args)) = (node.child_by_field_name("object"), node.child_by_field_name("arguments")) else {
        return;
    };
    let args = tree::named_children(args);
    let [arg] = args.as_slice() else { return };
    if !is_constant(cx, *arg) || is_constant(cx, object) || known_non_null(cx, object) {
        return;
    }
    let receiver = cx.text(object);
    let constant = cx.text(*arg);
    cx.report(
        out,
        &RULE,
        node.byte_range(),
        format!("`{receiver}.equals({constant})` throws a NullPointerException when `{receiver}` is null"),
        "call `equals` on the constant (`C.equals(x)`), or use `Objects.equals(x, C)`",
    );
}

/// A string literal, or a name written as a constant (`MAX`, `Status.PAID`).
fn is_constant(cx: &Cx<'_>, node: Node<'_>) -> bool {
    match node.kind() {
        "string_literal" => true,
        "identifier" => tree::is_constant_name(cx.text(node)),
        "field_access" => node.child_by_field_name("field").is_some_and(|f| tree::is_constant_name(cx.text(f))),
        _ => false,
    }
}

/// Receivers that cannot be null: `this`, a new object, a literal, a class literal, a call whose result never is.
fn known_non_null(cx: &Cx<'_>, node: Node<'_>) -> bool {
    match node.kind() {
        "this" | "object_creation_expression" | "class_literal" | "string_literal" | "super" => true,
        "parenthesized_expression" => true,
        "method_invocation" => node.child_by_field_name("name").is_some_and(|n| NON_NULL.contains(&cx.text(n))),
        _ => false,
    }
}
