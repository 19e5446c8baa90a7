//! JV014 concrete-logging-api: an import of Log4j, Logback or java.util.logging's logger instead of SLF4J.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::Cx;

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV014",
    "concrete-logging-api",
    Severity::Warning,
    "logging through a concrete logging system's API instead of SLF4J",
    r#"## What it does
Finds imports of a logging system's own logger: `org.apache.log4j.Logger`, `org.apache.logging.log4j.Logger`
and `LogManager`, `java.util.logging.Logger`, `ch.qos.logback.classic.Logger` (the list is `[java]
banned-logging-imports`).

The Alibaba Java manual, 1.8 日志规约 [强制]: 应用中不可直接使用日志系统（Log4j、Logback）中的 API，而应依赖使用日志
框架（SLF4J、JCL—Jakarta Commons Logging）中的 API，使用门面模式的日志框架，有利于维护和各个类的日志处理方式统一 —
"do not use a logging system's API (Log4j, Logback) directly; use a facade (SLF4J, JCL)".

## Why
Code bound to one logging backend cannot be deployed with another, and a library that does so forces its choice
on every application that uses it.

## Example
```java
import org.apache.log4j.Logger;

class Example {
    private static final Logger LOG = Logger.getLogger(Example.class);
}
```

## Use instead
```java
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class Example {
    private static final Logger LOG = LoggerFactory.getLogger(Example.class);
}
```
"#,
)
.opt_in();

pub const KINDS: &[&str] = &["import_declaration"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let Some(name) = node.named_child(0).filter(|n| n.kind() == "scoped_identifier") else { return };
    let imported = cx.text(name);
    if !cx.settings.config.banned_logging_imports.iter().any(|b| b == imported) {
        return;
    }
    cx.report(
        out,
        &RULE,
        name.byte_range(),
        format!("`{imported}` ties this code to one logging system"),
        "log through SLF4J: `org.slf4j.Logger` from `LoggerFactory.getLogger(...)`",
    );
}
