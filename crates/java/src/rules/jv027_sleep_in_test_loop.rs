//! JV027 sleep-in-test-loop: `Thread.sleep` in a loop of a test.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV027",
    "sleep-in-test-loop",
    Severity::Warning,
    "`Thread.sleep` inside a loop of test code",
    r#"## What it does
Finds `Thread.sleep(...)` (and `TimeUnit.X.sleep(...)`) inside a `for`, `while` or `do` loop in test code (a
test source folder, or a class with `@Test` methods): a test polling for a condition.

The Alibaba Java manual, 8.1 单元测试 (unit tests) [强制]: 好的单元测试必须遵守 AIR 原则 … 单元测试应该是全自动执行的，
并且非交互式的 — "unit tests are automatic and repeatable": a test that waits in a loop depends on timing.

## Why
A polling loop with `sleep` makes the test as slow as its worst case and flaky on a loaded build machine;
an awaiting library (`Awaitility`, a `CountDownLatch`) waits exactly as long as needed.

## Example
```java
class QueueTest {
    @Test
    void drains() throws Exception {
        while (!queue.isEmpty()) {
            Thread.sleep(100);
        }
    }
}
```

## Use instead
```java
class QueueTest {
    @Test
    void drains() {
        await().atMost(5, SECONDS).until(queue::isEmpty);
    }
}
```
"#,
)
.opt_in();

pub const KINDS: &[&str] = &["method_invocation"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let Some((object, name)) = tree::qualified_call(node) else { return };
    let receiver = cx.text(object);
    if cx.text(name) != "sleep" || !(receiver == "Thread" || receiver.starts_with("TimeUnit.")) {
        return;
    }
    let in_loop = tree::ancestor(node, &["for_statement", "while_statement", "do_statement", "enhanced_for_statement", "method_declaration", "lambda_expression"])
        .is_some_and(|a| a.kind().ends_with("_statement"));
    if !in_loop || !tree::in_test(cx, node) {
        return;
    }
    cx.report(
        out,
        &RULE,
        node.byte_range(),
        format!("`{}` in a loop of a test: the test polls and depends on timing", cx.text(node)),
        "wait for the condition itself (Awaitility, a latch, a future) instead of sleeping in a loop",
    );
}
