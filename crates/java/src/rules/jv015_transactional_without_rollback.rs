//! JV015 transactional-without-rollback: `@Transactional` that rolls back on unchecked exceptions only.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV015",
    "transactional-without-rollback",
    Severity::Warning,
    "`@Transactional` without `rollbackFor`",
    r#"## What it does
Finds `@Transactional` on a class or method that sets neither `rollbackFor` nor `rollbackForClassName` (nor
`rollbackOn`, JTA's), unless it is `readOnly = true` or the annotated method rolls back by hand
(`…rollback()`, `setRollbackOnly()`), which is what the manual asks for. A method's finding is on its name, a
class's on the annotation. p3c: `TransactionMustHaveRollbackRule`.

The Alibaba Java manual, 1.7 异常处理 [强制]: 事务场景中，抛出异常被 catch 后，如果需要回滚，一定要注意手动回滚事务 —
"in a transaction, an exception that should roll back must do so"; p3c enforces it as "@Transactional must name
rollbackFor".

## Why
Spring rolls back only on `RuntimeException` and `Error` by default. A checked exception (`IOException`, a
business exception extending `Exception`) commits the half-done transaction.

## Example
```java
class Example {
    @Transactional
    public void transfer(long from, long to) throws TransferException {
        debit(from);
        credit(to);
    }
}
```

## Use instead
```java
class Example {
    @Transactional(rollbackFor = Exception.class)
    public void transfer(long from, long to) throws TransferException {
        debit(from);
        credit(to);
    }
}
```
"#,
)
.opt_in();

pub const KINDS: &[&str] = &["marker_annotation", "annotation"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let Some(name) = node.child_by_field_name("name") else { return };
    if tree::simple(cx.text(name)) != "Transactional" {
        return;
    }
    // Only on declarations: `@Transactional` as an annotation's value is something else.
    if node.parent().is_none_or(|p| p.kind() != "modifiers") {
        return;
    }
    if let Some(args) = node.child_by_field_name("arguments") {
        let text = cx.text(args);
        let named = |key: &str| {
            tree::named_children(args).into_iter().any(|p| {
                p.kind() == "element_value_pair" && p.child_by_field_name("key").is_some_and(|k| cx.text(k) == key)
            })
        };
        if named("rollbackFor") || named("rollbackForClassName") || named("rollbackOn") {
            return;
        }
        let read_only = tree::named_children(args).into_iter().any(|p| {
            p.kind() == "element_value_pair"
                && p.child_by_field_name("key").is_some_and(|k| cx.text(k) == "readOnly")
                && p.child_by_field_name("value").is_some_and(|v| cx.text(v) == "true")
        });
        if read_only || text.contains("NOT_SUPPORTED") || text.contains("NEVER") {
            return;
        }
    }
    let declaration = node.parent().and_then(|m| m.parent());
    let method = declaration.filter(|d| d.kind() == "method_declaration");
    if let Some(m) = method
        && rolls_back_by_hand(cx, m)
    {
        return;
    }
    // A method's finding sits on its name (where p3c and IDEs put it); a class's on the annotation.
    let range = method.and_then(|m| m.child_by_field_name("name")).map_or(node.byte_range(), |n| n.byte_range());
    let what = method.and_then(|m| m.child_by_field_name("name")).map(|n| format!("`{}`: ", cx.text(n)));
    cx.report(
        out,
        &RULE,
        range,
        format!(
            "{}`@Transactional` without `rollbackFor` commits when a checked exception is thrown",
            what.unwrap_or_default()
        ),
        "name the exceptions that roll back: `@Transactional(rollbackFor = Exception.class)`",
    );
}

/// Whether the method's own body rolls the transaction back: a call of `rollback(…)` (a transaction manager's)
/// or `setRollbackOnly()`.
fn rolls_back_by_hand(cx: &Cx<'_>, method: Node<'_>) -> bool {
    let Some(body) = method.child_by_field_name("body") else { return false };
    tree::descendants(body, true).into_iter().any(|n| {
        n.kind() == "method_invocation"
            && n.child_by_field_name("name").is_some_and(|x| matches!(cx.text(x), "rollback" | "setRollbackOnly"))
    })
}
