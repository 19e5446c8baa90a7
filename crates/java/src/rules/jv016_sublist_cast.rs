//! JV016 sublist-cast: the result of `subList` cast to `ArrayList`.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV016",
    "sublist-cast",
    Severity::Error,
    "`subList(...)` cast to `ArrayList`",
    r#"## What it does
Finds `(ArrayList) list.subList(...)` (with or without type arguments). p3c:
`ClassCastExceptionWithSubListToArrayListRule`.

The Alibaba Java manual, 1.9 集合处理 (collections) [强制]: ArrayList 的 subList 结果不可强转成 ArrayList，否则会抛出
ClassCastException 异常 — "never cast the result of `ArrayList#subList` to ArrayList: it throws ClassCastException".

## Why
`subList` returns a view (`ArrayList$SubList`), not an `ArrayList`: the cast always fails at run time.

## Example
```java
class Example {
    ArrayList<String> head(ArrayList<String> all) {
        return (ArrayList<String>) all.subList(0, 10);
    }
}
```

## Use instead
```java
class Example {
    ArrayList<String> head(ArrayList<String> all) {
        return new ArrayList<>(all.subList(0, 10));
    }
}
```
"#,
);

pub const KINDS: &[&str] = &["cast_expression"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let (Some(ty), Some(mut value)) = (node.child_by_field_name("type"), node.child_by_field_name("value")) else {
        return;
    };
    if tree::erased(cx.text(ty)) != "ArrayList" {
        return;
    }
    while value.kind() == "parenthesized_expression" {
        let Some(inner) = value.named_child(0) else { return };
        value = inner;
    }
    if value.kind() != "method_invocation" || value.child_by_field_name("name").is_none_or(|n| cx.text(n) != "subList") {
        return;
    }
    cx.report(
        out,
        &RULE,
        node.byte_range(),
        "`subList` returns a view, not an `ArrayList`: this cast throws ClassCastException".into(),
        "copy it: `new ArrayList<>(list.subList(from, to))`, or keep the `List` type",
    );
}
