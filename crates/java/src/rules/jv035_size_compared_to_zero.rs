//! JV035 size-compared-to-zero: `size() == 0` instead of `isEmpty()`.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::Cx;

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV035",
    "size-compared-to-zero",
    Severity::Warning,
    "`size() == 0` (or `> 0`, `!= 0`) instead of `isEmpty()`",
    r#"## What it does
Finds `x.size() == 0`, `!= 0`, `> 0`, `< 1` and `>= 1` (either way round).

The Alibaba Java manual, 1.9 集合处理 [强制]: 判断所有集合内部的元素是否为空，使用 isEmpty() 方法，而不是 size() == 0 的
方式 — "test whether a collection is empty with isEmpty(), not size() == 0".

## Why
`isEmpty()` says what is meant and is O(1) on every collection; `size()` of some concurrent collections walks
them all (`ConcurrentLinkedQueue`).

## Example
```java
class Example {
    boolean none(List<String> items) {
        return items.size() == 0;
    }
}
```

## Use instead
```java
class Example {
    boolean none(List<String> items) {
        return items.isEmpty();
    }
}
```
"#,
)
.opt_in();

pub const KINDS: &[&str] = &["binary_expression"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let (Some(left), Some(op), Some(right)) = (
        node.child_by_field_name("left"),
        node.child_by_field_name("operator"),
        node.child_by_field_name("right"),
    ) else {
        return;
    };
    let is_size = |n: Node<'_>| {
        n.kind() == "method_invocation"
            && n.child_by_field_name("object").is_some()
            && n.child_by_field_name("name").is_some_and(|m| cx.text(m) == "size")
            && n.child_by_field_name("arguments").is_some_and(|a| a.named_child_count() == 0)
    };
    let matches = match (is_size(left), cx.text(right), is_size(right), cx.text(left)) {
        (true, "0", _, _) => matches!(op.kind(), "==" | "!=" | ">" | "<="),
        (true, "1", _, _) => matches!(op.kind(), "<" | ">="),
        (_, _, true, "0") => matches!(op.kind(), "==" | "!=" | "<" | ">="),
        _ => false,
    };
    if matches {
        cx.report(
            out,
            &RULE,
            node.byte_range(),
            format!("`{}` tests for emptiness through `size()`", cx.text(node)),
            "use `isEmpty()` (or `!isEmpty()`)",
        );
    }
}
