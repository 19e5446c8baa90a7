//! JV012 print-stack-trace: `e.printStackTrace()` instead of a log.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV012",
    "print-stack-trace",
    Severity::Warning,
    "`printStackTrace()` in production code",
    r#"## What it does
Finds calls of `printStackTrace()` without arguments outside test code.

The Alibaba Java manual, 1.8 日志规约 (logging) [强制]: 生产环境禁止直接使用 System.out 或 System.err 输出日志或使用
e.printStackTrace() 打印异常堆栈 — "in production, never log through System.out/System.err or print stack traces
with `e.printStackTrace()`".

## Why
The trace goes to standard error, outside the log files, without a time, thread or request id, and it is
written under a lock that serialises every thread doing the same.

## Example
```java
class Example {
    void load() {
        try {
            read();
        } catch (IOException e) {
            e.printStackTrace();
        }
    }
}
```

## Use instead
```java
class Example {
    void load() {
        try {
            read();
        } catch (IOException e) {
            log.error("loading failed", e);
        }
    }
}
```
"#,
)
.opt_in();

pub const KINDS: &[&str] = &["method_invocation"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let Some(name) = node.child_by_field_name("name") else { return };
    if cx.text(name) != "printStackTrace"
        || node.child_by_field_name("arguments").is_some_and(|a| a.named_child_count() > 0)
        || tree::in_test(cx, node)
    {
        return;
    }
    cx.report(
        out,
        &RULE,
        node.byte_range(),
        format!("`{}` prints to standard error instead of the log", cx.text(node)),
        "log the exception: `log.error(\"what failed\", e)`",
    );
}
