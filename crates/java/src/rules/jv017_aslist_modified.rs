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
    let Some((object, name)) = tree::qualified_call(node) else { return };
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

/// Whether `name`, as seen at `at`, is a local initialised from `Arrays.asList` and never assigned again in its
/// scope. The declaration is the one Java resolves: the nearest before `at` in the enclosing blocks, so a
/// same-named local of a sibling block (or declared later) is a different variable.
fn local_from_aslist(cx: &Cx<'_>, at: Node<'_>, name: &str) -> bool {
    let Some((declarator, scope)) = visible_local(cx, at, name) else { return false };
    if !declarator.child_by_field_name("value").is_some_and(|v| is_aslist(cx, v)) {
        return false;
    }
    !tree::descendants(scope, true).into_iter().any(|n| {
        n.kind() == "assignment_expression" && n.child_by_field_name("left").is_some_and(|l| cx.text(l) == name)
    })
}

/// The declarator of the local `name` visible at `at` and the block it is declared in; none when the name is a
/// parameter, a loop or resource variable, or not declared in the enclosing body.
fn visible_local<'t>(cx: &Cx<'_>, at: Node<'t>, name: &str) -> Option<(Node<'t>, Node<'t>)> {
    let declares = |n: Node<'_>| n.child_by_field_name("name").is_some_and(|x| cx.text(x) == name);
    let mut child = at;
    let mut scope = at.parent();
    while let Some(s) = scope {
        match s.kind() {
            "block" | "switch_block_statement_group" | "constructor_body" => {
                let before = tree::named_children(s).into_iter().take_while(|n| n.start_byte() < child.start_byte());
                let found = before
                    .filter(|n| n.kind() == "local_variable_declaration")
                    .find_map(|decl| declarators(decl).into_iter().find(|d| declares(*d)));
                // The last declaration before `at` would shadow an earlier one, but Java forbids redeclaring a
                // local in the same scope, so the first found is the only one.
                if let Some(d) = found {
                    return Some((d, s));
                }
            }
            "enhanced_for_statement" | "catch_formal_parameter" | "resource" if declares(s) => return None,
            "for_statement" => {
                let init = s.child_by_field_name("init").filter(|i| i.kind() == "local_variable_declaration");
                if init.is_some_and(|i| declarators(i).into_iter().any(declares)) {
                    return None;
                }
            }
            k if tree::BODIES.contains(&k) || tree::TYPE_DECLS.contains(&k) || k == "class_body" => return None,
            _ => {}
        }
        child = s;
        scope = s.parent();
    }
    None
}

/// The declarators of a local variable declaration (`int a = 1, b;` has two).
fn declarators(decl: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = decl.walk();
    decl.children_by_field_name("declarator", &mut cursor).collect()
}
