//! JV017 aslist-modified: adding to or removing from the fixed-size list of `Arrays.asList`.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV017",
    "aslist-modified",
    Severity::Error,
    "`add`/`remove`/`clear` on a list from `Arrays.asList`",
    r#"## What it does
Finds `add`, `addAll`, `remove`, `removeAll`, `removeIf`, `retainAll` and `clear` called on `Arrays.asList(...)`
directly, or on a local variable initialised from it and never reassigned. p3c:
`UnsupportedExceptionWithModifyAsListRule`.

The Alibaba Java manual, 1.9 集合处理 [强制]: 使用工具类 Arrays.asList() 把数组转换成集合时，不能使用其修改集合相关的
方法，它的 add/remove/clear 方法会抛出 UnsupportedOperationException 异常 — "the list from `Arrays.asList` is
fixed-size: add/remove/clear throw UnsupportedOperationException".

## Why
The list is a view over the array; changing its size is not supported and fails at run time.

## Example
```java
class Example {
    List<String> names() {
        List<String> names = Arrays.asList("a", "b");
        names.add("c");
        return names;
    }
}
```

## Use instead
```java
class Example {
    List<String> names() {
        List<String> names = new ArrayList<>(Arrays.asList("a", "b"));
        names.add("c");
        return names;
    }
}
```
"#,
);

pub const KINDS: &[&str] = &["method_invocation"];

const RESIZING: &[&str] = &["add", "addAll", "remove", "removeAll", "removeIf", "retainAll", "clear"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let (Some(object), Some(name)) = (node.child_by_field_name("object"), node.child_by_field_name("name")) else {
        return;
    };
    let method = cx.text(name);
    if !RESIZING.contains(&method) {
        return;
    }
    let from_aslist = match object.kind() {
        "method_invocation" => is_aslist(cx, object),
        "identifier" => local_from_aslist(cx, node, cx.text(object)),
        _ => false,
    };
    if from_aslist {
        cx.report(
            out,
            &RULE,
            node.byte_range(),
            format!("`{method}` on a list from `Arrays.asList` throws UnsupportedOperationException"),
            "copy it first: `new ArrayList<>(Arrays.asList(...))`",
        );
    }
}

fn is_aslist(cx: &Cx<'_>, call: Node<'_>) -> bool {
    call.kind() == "method_invocation"
        && call.child_by_field_name("name").is_some_and(|n| cx.text(n) == "asList")
        && call.child_by_field_name("object").is_some_and(|o| tree::simple(cx.text(o)) == "Arrays")
}

/// Whether `name` is a local of the enclosing body initialised from `Arrays.asList` and never assigned again.
fn local_from_aslist(cx: &Cx<'_>, at: Node<'_>, name: &str) -> bool {
    let Some(body) = tree::ancestor(at, tree::BODIES) else { return false };
    let mut initialised = false;
    for n in tree::descendants(body, false) {
        match n.kind() {
            "variable_declarator" if n.child_by_field_name("name").is_some_and(|x| cx.text(x) == name) => {
                if n.parent().is_some_and(|p| p.kind() != "local_variable_declaration") {
                    return false;
                }
                match n.child_by_field_name("value") {
                    Some(v) if is_aslist(cx, v) => initialised = true,
                    _ => return false,
                }
            }
            "assignment_expression" if n.child_by_field_name("left").is_some_and(|l| cx.text(l) == name) => return false,
            _ => {}
        }
    }
    initialised
}
