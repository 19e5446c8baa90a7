//! JV018 modify-in-foreach: removing from or adding to the collection a for-each loop iterates.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV018",
    "modify-in-foreach",
    Severity::Error,
    "`remove`/`add` on the collection a for-each loop is iterating",
    r#"## What it does
Finds `for (T x : items) { … items.remove(…) … }` (also `add`, `addAll`, `removeAll`, `removeIf`, `retainAll`,
`clear`), unless the call is directly followed by `break`, `return` or `throw`. p3c: `DontModifyInForeachCircleRule`.

The Alibaba Java manual, 1.9 集合处理 [强制]: 不要在 foreach 循环里进行元素的 remove/add 操作。remove 元素请使用
iterator 方式，如果并发操作，需要对 iterator 对象加锁 — "never remove/add elements inside a foreach loop; remove
through the Iterator".

## Why
The loop's hidden iterator sees the change and throws `ConcurrentModificationException` on its next step — or,
when the removed element was the second to last, silently skips the last one.

## Example
```java
class Example {
    void prune(List<String> names) {
        for (String name : names) {
            if (name.isEmpty()) {
                names.remove(name);
            }
        }
    }
}
```

## Use instead
```java
class Example {
    void prune(List<String> names) {
        names.removeIf(String::isEmpty);
    }
}
```
"#,
);

pub const KINDS: &[&str] = &["enhanced_for_statement"];

const MODIFYING: &[&str] = &["add", "addAll", "remove", "removeAll", "removeIf", "retainAll", "clear"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let (Some(value), Some(body)) = (node.child_by_field_name("value"), node.child_by_field_name("body")) else {
        return;
    };
    if !matches!(value.kind(), "identifier" | "field_access") {
        return;
    }
    let collection = cx.text(value);
    for call in tree::descendants(body, true) {
        if call.kind() != "method_invocation" {
            continue;
        }
        let (Some(object), Some(name)) = (call.child_by_field_name("object"), call.child_by_field_name("name")) else {
            continue;
        };
        let method = cx.text(name);
        if cx.text(object) != collection || !MODIFYING.contains(&method) || leaves_loop(call) {
            continue;
        }
        cx.report(
            out,
            &RULE,
            call.byte_range(),
            format!("`{collection}.{method}` inside a for-each over `{collection}` throws ConcurrentModificationException"),
            "remove through an explicit `Iterator` (`it.remove()`), use `removeIf`, or collect the changes and apply \
             them after the loop",
        );
    }
}

/// Whether the statement holding `call` is followed at once by `break`, `return` or `throw`, or is a `return`.
fn leaves_loop(call: Node<'_>) -> bool {
    let mut stmt = call;
    while let Some(p) = stmt.parent() {
        if matches!(p.kind(), "block" | "switch_block_statement_group") {
            break;
        }
        if p.kind() == "return_statement" {
            return true;
        }
        stmt = p;
    }
    tree::following_siblings(stmt)
        .first()
        .is_some_and(|n| matches!(n.kind(), "break_statement" | "return_statement" | "throw_statement"))
}
