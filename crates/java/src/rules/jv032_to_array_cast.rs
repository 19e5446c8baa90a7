//! JV032 to-array-cast: the result of `toArray()` cast to a typed array.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::Cx;

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV032",
    "to-array-cast",
    Severity::Error,
    "`(T[]) collection.toArray()`",
    r#"## What it does
Finds a cast to an array type of `toArray()` called without arguments. p3c: `ClassCastExceptionWithToArrayRule`.

The Alibaba Java manual, 1.9 集合处理 [强制]: 使用集合转数组的方法，必须使用集合的 toArray(T[] array)，传入的是类型完全
一致、长度为 0 的空数组 — "turn a collection into an array with `toArray(T[])`, passing an empty array of the exact
type".

## Why
`toArray()` returns an `Object[]`; casting it to `String[]` throws `ClassCastException`.

## Example
```java
class Example {
    String[] names(List<String> list) {
        return (String[]) list.toArray();
    }
}
```

## Use instead
```java
class Example {
    String[] names(List<String> list) {
        return list.toArray(new String[0]);
    }
}
```
"#,
);

pub const KINDS: &[&str] = &["cast_expression"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let (Some(ty), Some(value)) = (node.child_by_field_name("type"), node.child_by_field_name("value")) else {
        return;
    };
    if ty.kind() != "array_type" || cx.text(ty).starts_with("Object") {
        return;
    }
    let no_args = value.kind() == "method_invocation"
        && value.child_by_field_name("name").is_some_and(|n| cx.text(n) == "toArray")
        && value.child_by_field_name("arguments").is_some_and(|a| a.named_child_count() == 0);
    if no_args {
        cx.report(
            out,
            &RULE,
            node.byte_range(),
            format!("`toArray()` returns `Object[]`: the cast to `{}` throws ClassCastException", cx.text(ty)),
            "pass a typed array: `list.toArray(new T[0])`",
        );
    }
}
