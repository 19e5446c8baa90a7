//! JV033 pool-without-thread-factory: a `ThreadPoolExecutor` built without a thread factory.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV033",
    "pool-without-thread-factory",
    Severity::Warning,
    "`new ThreadPoolExecutor(...)` without a thread factory (unnamed threads)",
    r#"## What it does
Finds `new ThreadPoolExecutor(...)` (and `ScheduledThreadPoolExecutor`) given no `ThreadFactory`: five arguments,
or six whose last is a rejection policy (`…Policy`, `…Handler`, a lambda of two parameters), or whose factory is
`Executors.defaultThreadFactory()`. p3c: `ThreadShouldSetNameRule`.

The Alibaba Java manual, 1.6 并发处理 [强制]: 创建线程或线程池时请指定有意义的线程名称，方便出错时回溯 — "give threads and
thread pools meaningful names, so that errors can be traced back".

## Why
The default factory names threads `pool-7-thread-3`: a thread dump or a log line cannot say which pool is stuck.

## Example
```java
class Example {
    ExecutorService pool = new ThreadPoolExecutor(4, 8, 60L, TimeUnit.SECONDS, new ArrayBlockingQueue<>(100));
}
```

## Use instead
```java
class Example {
    ExecutorService pool = new ThreadPoolExecutor(4, 8, 60L, TimeUnit.SECONDS, new ArrayBlockingQueue<>(100),
        new CustomizableThreadFactory("orders-"));
}
```
"#,
)
.opt_in();

pub const KINDS: &[&str] = &["object_creation_expression"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let Some(ty) = node.child_by_field_name("type") else { return };
    let class = tree::erased(cx.text(ty));
    let Some(args) = node.child_by_field_name("arguments") else { return };
    let args = tree::named_children(args);
    // Where the thread factory goes when one is given, and how many arguments a call without one has.
    let (factory_at, without) = match class {
        "ThreadPoolExecutor" => (5, 5),
        "ScheduledThreadPoolExecutor" => (1, 1),
        _ => return,
    };
    let unnamed = match args.len().checked_sub(without) {
        Some(0) => true,
        // One more argument: a rejection handler rather than a factory.
        Some(1) => is_handler(cx, args[factory_at]),
        // A factory and a handler: the JDK's default factory names threads `pool-N-thread-M` too.
        Some(2) => is_default_factory(cx, args[factory_at]),
        _ => false,
    };
    if unnamed && node.child_by_field_name("body").is_none() && !tree::in_test(cx, node) {
        cx.report(
            out,
            &RULE,
            node.byte_range(),
            format!("this `{class}` names its threads `pool-N-thread-M`"),
            "pass a `ThreadFactory` that names the threads after the pool's purpose",
        );
    }
}

/// Whether a pool's extra argument is a rejection handler: a policy or handler by name, or a lambda of two
/// parameters (`RejectedExecutionHandler#rejectedExecution(r, executor)`; a factory's lambda takes one).
fn is_handler(cx: &Cx<'_>, arg: Node<'_>) -> bool {
    if arg.kind() == "lambda_expression" {
        return arg.child_by_field_name("parameters").is_some_and(|p| p.named_child_count() == 2);
    }
    let text = cx.text(arg);
    text.contains("Policy") || text.contains("Handler") || text.contains("handler") || is_default_factory(cx, arg)
}

/// `Executors.defaultThreadFactory()`: a factory that names nothing.
fn is_default_factory(cx: &Cx<'_>, arg: Node<'_>) -> bool {
    arg.kind() == "method_invocation"
        && arg.child_by_field_name("name").is_some_and(|n| cx.text(n) == "defaultThreadFactory")
        && arg.child_by_field_name("object").is_none_or(|o| tree::simple(cx.text(o)) == "Executors")
}
