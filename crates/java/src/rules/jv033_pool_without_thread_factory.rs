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
or six whose last is a rejection policy (`…Policy`, `…Handler`). p3c: `ThreadShouldSetNameRule`.

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
    let looks_like_handler = |n: &Node<'_>| {
        let t = cx.text(*n);
        t.contains("Policy") || t.contains("Handler") || t.contains("handler")
    };
    let unnamed = match class {
        "ThreadPoolExecutor" => args.len() == 5 || (args.len() == 6 && args.last().is_some_and(looks_like_handler)),
        "ScheduledThreadPoolExecutor" => args.len() == 1 || (args.len() == 2 && args.last().is_some_and(looks_like_handler)),
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
