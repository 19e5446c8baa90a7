//! JV006 new-thread: a thread created by hand instead of taken from a pool.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV006",
    "new-thread",
    Severity::Warning,
    "`new Thread` outside a thread factory",
    r#"## What it does
Finds `new Thread(...)` outside a `ThreadFactory` (a `newThread` method, a class implementing `ThreadFactory`,
a one-parameter lambda that wraps its parameter), a shutdown hook (`addShutdownHook(new Thread(...))`), a static
initialiser (one thread for the life of the class, as p3c also allows) and test code. p3c:
`AvoidManuallyCreateThreadRule` (which lets every lambda create threads; here only a factory-shaped one may).

The Alibaba Java manual, 1.6 并发处理 [强制]: 线程资源必须通过线程池提供，不允许在应用中自行显式创建线程 — "threads
must come from a thread pool; do not create them explicitly in an application".

## Why
Threads created on demand are unbounded and unnamed: a burst creates thousands, and a thread dump cannot say
whose they are.

## Example
```java
class Example {
    void later(Runnable job) {
        new Thread(job).start();
    }
}
```

## Use instead
```java
class Example {
    void later(Runnable job) {
        pool.execute(job);
    }
}
```
"#,
)
.opt_in();

pub const KINDS: &[&str] = &["object_creation_expression"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let Some(ty) = node.child_by_field_name("type") else { return };
    if tree::erased(cx.text(ty)) != "Thread" || tree::in_test(cx, node) || in_factory(cx, node) {
        return;
    }
    cx.report(
        out,
        &RULE,
        node.byte_range(),
        "a thread created with `new Thread` instead of taken from a pool".into(),
        "submit the work to a `ThreadPoolExecutor` (with a named thread factory)",
    );
}

/// Whether the creation is a thread factory's job, a shutdown hook or a class's one thread (static initialiser).
fn in_factory(cx: &Cx<'_>, node: Node<'_>) -> bool {
    let mut at = node.parent();
    while let Some(n) = at {
        match n.kind() {
            "method_declaration" if n.child_by_field_name("name").is_some_and(|m| cx.text(m) == "newThread") => {
                return true;
            }
            "lambda_expression" => {
                let params = n.child_by_field_name("parameters");
                let single = params.is_some_and(|p| {
                    p.kind() == "identifier" || (p.named_child_count() == 1 && p.kind() == "inferred_parameters")
                });
                if single {
                    return true;
                }
            }
            "method_invocation" if n.child_by_field_name("name").is_some_and(|m| cx.text(m) == "addShutdownHook") => {
                return true;
            }
            // Runs once, when the class initialises: a thread for the class's lifetime, not per request.
            "static_initializer" => return true,
            "class_declaration" | "object_creation_expression" => {
                let implements = n.child_by_field_name("interfaces").map(|i| cx.text(i)).unwrap_or("");
                let anonymous = n.kind() == "object_creation_expression"
                    && n.child_by_field_name("type").is_some_and(|t| tree::erased(cx.text(t)) == "ThreadFactory");
                if implements.contains("ThreadFactory") || anonymous {
                    return true;
                }
                if n.kind() == "class_declaration" {
                    return false;
                }
            }
            _ => {}
        }
        at = n.parent();
    }
    false
}
