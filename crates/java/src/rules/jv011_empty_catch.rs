//! JV011 empty-catch: a `catch` block that does nothing and says nothing.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV011",
    "empty-catch",
    Severity::Warning,
    "an empty `catch` block without a comment",
    r#"## What it does
Finds `catch` blocks with no statement and no comment, unless the exception variable is named `ignored`,
`ignore`, `expected` or `_` (the usual way to say it is swallowed on purpose), outside test code.

The Alibaba Java manual, 1.7 异常处理 (exceptions) [强制]: 捕获异常是为了处理它，不要捕获了却什么都不处理而抛弃之，
如果不想处理它，请将该异常抛给它的调用者 — "catch an exception to handle it; do not catch it and throw it away —
if you do not want to handle it, throw it to the caller".

## Why
The failure disappears: no log, no retry, no error to the caller, and the next symptom shows up far from the
cause.

## Example
```java
class Example {
    void close(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
        }
    }
}
```

## Use instead
```java
class Example {
    void close(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            log.warn("closing {} failed", c, e);
        }
    }
}
```
"#,
)
.opt_in();

pub const KINDS: &[&str] = &["catch_clause"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let Some(body) = node.child_by_field_name("body") else { return };
    // Comments are named children: a commented block says why it is empty.
    if body.named_child_count() > 0 {
        return;
    }
    let param = tree::named_children(node).into_iter().find(|c| c.kind() == "catch_formal_parameter");
    let name = param.and_then(|p| p.child_by_field_name("name")).map_or("", |n| cx.text(n));
    if matches!(name, "ignored" | "ignore" | "expected" | "_" | "ignore_" | "unused") || tree::in_test(cx, node) {
        return;
    }
    let caught = param
        .and_then(|p| tree::named_children(p).into_iter().find(|c| c.kind() == "catch_type"))
        .map_or("the exception", |t| cx.text(t));
    cx.report(
        out,
        &RULE,
        node.byte_range().start..body.end_byte(),
        format!("`{caught}` is caught and thrown away"),
        "handle it (log it with the exception, rethrow, or recover), or say in a comment why it is safe to ignore",
    );
}
