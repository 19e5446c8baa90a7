//! JV005 executors-pool: a thread pool made by `Executors`.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV005",
    "executors-pool",
    Severity::Warning,
    "a thread pool made by `Executors.newFixedThreadPool` and its siblings",
    r#"## What it does
Finds `Executors.newFixedThreadPool`, `newSingleThreadExecutor`, `newCachedThreadPool`, `newScheduledThreadPool`
and `newSingleThreadScheduledExecutor` outside test code, also called unqualified after an `import static` of the
method (or of `Executors.*`). p3c: `ThreadPoolCreationRule`.

The Alibaba Java manual, 1.6 并发处理 [强制]: 线程池不允许使用 Executors 去创建，而是通过 ThreadPoolExecutor 的方式
— "do not create thread pools with Executors; use ThreadPoolExecutor, so the limits are explicit". The fixed and
single-thread pools queue without bound; the cached and scheduled pools start threads without bound: either
ends in an out-of-memory error.

## Why
Under a burst the pool's queue (or its thread count) grows until the process dies, instead of rejecting work
where the code can see it.

## Example
```java
class Example {
    private final ExecutorService pool = Executors.newFixedThreadPool(8);
}
```

## Use instead
```java
class Example {
    private final ExecutorService pool = new ThreadPoolExecutor(8, 8, 0L, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(1000), namedThreadFactory("orders"), new ThreadPoolExecutor.CallerRunsPolicy());
}
```
"#,
);

pub const KINDS: &[&str] = &["method_invocation"];

const FACTORIES: &[&str] = &[
    "newFixedThreadPool",
    "newSingleThreadExecutor",
    "newCachedThreadPool",
    "newScheduledThreadPool",
    "newSingleThreadScheduledExecutor",
];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let Some(name) = node.child_by_field_name("name") else { return };
    let method = cx.text(name);
    if !FACTORIES.contains(&method) {
        return;
    }
    let from_executors = match node.child_by_field_name("object") {
        Some(object) => tree::simple(cx.text(object)) == "Executors",
        None => statically_imported(cx, node, method),
    };
    // A test's pool lives as long as the test.
    if !from_executors || tree::in_test(cx, node) {
        return;
    }
    let unbounded = if method.contains("Cached") || method.contains("Scheduled") { "number of threads" } else { "queue" };
    cx.report(
        out,
        &RULE,
        node.byte_range(),
        format!("`Executors.{method}` makes a pool with an unbounded {unbounded}"),
        "construct a `ThreadPoolExecutor` with a bounded queue, a named thread factory and a rejection policy",
    );
}

/// Whether the file imports `method` statically from `java.util.concurrent.Executors` (by name or with `.*`):
/// only then is an unqualified `newFixedThreadPool()` the JDK's (a class may declare its own).
fn statically_imported(cx: &Cx<'_>, node: Node<'_>, method: &str) -> bool {
    let mut root = node;
    while let Some(p) = root.parent() {
        root = p;
    }
    tree::named_children(root).into_iter().filter(|n| n.kind() == "import_declaration").any(|import| {
        let text: String = cx.text(import).chars().filter(|c| !c.is_whitespace()).collect();
        text.strip_prefix("importstaticjava.util.concurrent.Executors.")
            .and_then(|rest| rest.strip_suffix(';'))
            .is_some_and(|what| what == method || what == "*")
    })
}
