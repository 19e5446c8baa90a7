//! JV037 log-concatenation: a log message built with `+` instead of placeholders.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV037",
    "log-concatenation",
    Severity::Warning,
    "a `trace`/`debug`/`info` log message concatenated with `+`",
    r#"## What it does
Finds `log.trace/debug/info(...)` (a receiver named `log`, `logger`, `LOG` or `LOGGER`) whose message is a string
concatenation with `+`.

The Alibaba Java manual, 1.8 日志规约 [强制]: 在日志输出时，字符串变量之间的拼接使用占位符的方式。说明：因为 String 字符串
的拼接会使用 StringBuilder 的 append() 方式，有一定的性能损耗。使用占位符仅是替换动作，可以有效提升性能 — "build log
messages with placeholders, not concatenation"; and [强制] 对于 trace/debug/info 级别的日志输出，必须进行日志级别的
开关判断.

## Why
The message is built (and every argument's `toString()` called) even when the level is off, which for
`debug` in production is nearly always.

## Example
```java
class Example {
    void pay(Order order) {
        log.debug("paying " + order);
    }
}
```

## Use instead
```java
class Example {
    void pay(Order order) {
        log.debug("paying {}", order);
    }
}
```
"#,
)
.opt_in();

pub const KINDS: &[&str] = &["method_invocation"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let Some((object, name)) = tree::qualified_call(node) else { return };
    if !matches!(cx.text(object), "log" | "logger" | "LOG" | "LOGGER" | "Log" | "Logger")
        || !matches!(cx.text(name), "trace" | "debug" | "info")
    {
        return;
    }
    let Some(first) = node.child_by_field_name("arguments").and_then(|a| a.named_child(0)) else { return };
    let concatenated = first.kind() == "binary_expression"
        && first.child_by_field_name("operator").is_some_and(|o| o.kind() == "+")
        && cx.text(first).contains('"');
    if concatenated {
        cx.report(
            out,
            &RULE,
            first.byte_range(),
            format!("the `{}` message is concatenated even when the level is off", cx.text(name)),
            "use placeholders: `log.debug(\"paying {}\", order)`",
        );
    }
}
