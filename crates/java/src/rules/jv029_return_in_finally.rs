//! JV029 return-in-finally: `return` inside a `finally` block.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV029",
    "return-in-finally",
    Severity::Error,
    "`return` in a `finally` block",
    r#"## What it does
Finds `return` statements inside a `finally` block (not inside a lambda or class declared there). p3c:
`AvoidReturnInFinallyRule`.

The Alibaba Java manual, 1.7 异常处理 [强制]: 不要在 finally 块中使用 return。说明：try 块中的 return 语句执行成功后，
并不马上返回，而是继续执行 finally 块中的语句，如果此处存在 return 语句，则在此直接返回，无情丢弃掉 try 块中的返回点 —
"never return from a finally block: it discards the try block's return value and any exception".

## Why
The `finally`'s return wins over the `try`'s result and silently swallows any exception in flight.

## Example
```java
class Example {
    int read() {
        try {
            return parse();
        } finally {
            return -1;
        }
    }
}
```

## Use instead
```java
class Example {
    int read() {
        try {
            return parse();
        } finally {
            cleanup();
        }
    }
}
```
"#,
);

pub const KINDS: &[&str] = &["return_statement"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let scope = tree::ancestor(node, &["finally_clause", "lambda_expression", "method_declaration", "class_body", "constructor_declaration"]);
    if scope.is_some_and(|s| s.kind() == "finally_clause") {
        cx.report(
            out,
            &RULE,
            node.byte_range(),
            "`return` in `finally` discards the `try` block's result and any exception thrown".into(),
            "move the `return` out of the `finally` block",
        );
    }
}
