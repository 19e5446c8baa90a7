//! JV013 system-out: logging through `System.out` or `System.err`.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV013",
    "system-out",
    Severity::Warning,
    "`System.out`/`System.err` printing in production code",
    r#"## What it does
Finds `System.out.print*` and `System.err.print*` calls outside test code and outside `main` methods (a
command-line tool's output is not a log).

The Alibaba Java manual, 1.8 日志规约 [强制]: 生产环境禁止直接使用 System.out 或 System.err 输出日志或使用
e.printStackTrace() 打印异常堆栈 — "in production, never log through System.out or System.err".

## Why
Console output bypasses the logging configuration (levels, files, rotation, request ids) and is written under a
lock.

## Example
```java
class Example {
    void pay(Order order) {
        System.out.println("paying " + order.getId());
    }
}
```

## Use instead
```java
class Example {
    void pay(Order order) {
        log.info("paying {}", order.getId());
    }
}
```
"#,
)
.opt_in();

pub const KINDS: &[&str] = &["method_invocation"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let Some((object, name)) = tree::qualified_call(node) else { return };
    let stream = cx.text(object);
    if !matches!(stream, "System.out" | "System.err") || !cx.text(name).starts_with("print") || tree::in_test(cx, node) {
        return;
    }
    if tree::in_static_main(cx, node) {
        return;
    }
    cx.report(
        out,
        &RULE,
        node.byte_range().start..name.end_byte(),
        format!("`{stream}.{}` writes to the console instead of the log", cx.text(name)),
        "log through SLF4J: `log.info(\"…\", args)`",
    );
}
